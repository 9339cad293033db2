"""SQL conditions for the list filters, written once for catalogue lists, facets and search.

Each builder returns ``(clauses, params)`` over fixed table aliases (``c`` course, ``b`` base)
with ``?`` placeholders; values only ever travel as parameters.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from courses.enrollment.opening import open_intake_sql
from courses.filtering.filters import BaseFilters, CourseFilters
from courses.storage.sql import is_sqlite, marks
from courses.vocabulary.kinds import Status

__all__ = [
    "open_intake",
]


@dataclass
class Conditions:
    """An AND of SQL clauses and their parameters, in order."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def any_of(self, column: str, values: Sequence[Any]) -> None:
        if values:
            self.add(
                f"{column} IN ({marks(len(values))})", *[v if isinstance(v, int) else str(v) for v in values]
            )

    def extend(self, other: Conditions) -> None:
        self.clauses += other.clauses
        self.params += other.params

    @property
    def sql(self) -> str:
        return " AND ".join(f"({c})" for c in self.clauses) or "1 = 1"


def moment(value: datetime, conn: BaseDBAsyncClient) -> Any:
    """A timestamp parameter as the backend stores it (ISO text in UTC on SQLite)."""
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(" ") if is_sqlite(conn) else value


def read_moment(value: Any) -> datetime | None:
    """A timestamp read through raw SQL (text on SQLite) as an aware datetime."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def open_intake(conn: BaseDBAsyncClient, now: datetime, alias: str = "i") -> tuple[str, list[Any]]:
    """Intake ``alias`` is open for enrollment at ``now`` (the enrollment rule, as SQL)."""
    return open_intake_sql(moment(now, conn), alias)


def _tag(table: str, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    return (
        f"EXISTS (SELECT 1 FROM {table} t WHERE t.course_id = c.id AND t.{column} IN ({marks(len(values))}))",
        [str(v) for v in values],
    )


def course_conditions(
    filters: CourseFilters, conn: BaseDBAsyncClient, now: datetime, skip: str | Collection[str] | None = None
) -> Conditions:
    """Conditions on ``course c`` for every filter but those named in ``skip``; published only."""
    skipped = {skip} if isinstance(skip, str) else set(skip or ())
    where = Conditions()
    where.add("c.status = ?", str(Status.PUBLISHED))
    simple: tuple[tuple[str, str, Sequence[Any]], ...] = (
        ("track", "c.track", filters.tracks),
        ("level", "c.level", filters.levels),
        ("category", "c.major_category", filters.categories),
        ("kind", "c.kind", filters.kinds),
        ("delivery", "c.delivery", filters.deliveries),
        ("hsk", "c.hsk_level", filters.hsk_levels),
    )
    for name, column, values in simple:
        if name not in skipped:
            where.any_of(column, values)
    tags = (
        ("lang", "course_language", "language", filters.languages),
        ("audience", "course_audience", "audience", filters.audiences),
        ("partner_country", "course_country", "country", filters.partner_countries),
    )
    for name, table, column, values in tags:
        if values and name not in skipped:
            clause, params = _tag(table, column, values)
            where.add(clause, *params)
    for name, column, values in (
        ("country", "p.country", filters.countries),
        ("province", "p.province", filters.provinces),
    ):
        if values and name not in skipped:
            where.add(
                f"EXISTS (SELECT 1 FROM provider p WHERE p.id = c.provider_id AND {column} IN "
                f"({marks(len(values))}))",
                *values,
            )
    intake = Conditions()
    if filters.open_seats and "open" not in skipped:
        clause, params = open_intake(conn, now)
        intake.add("i.capacity IS NULL OR i.seats_taken < i.capacity")
        intake.add(clause, *params)
    if filters.starts_from and "from" not in skipped:
        intake.add("i.starts_at >= ?", moment(filters.starts_from, conn))
    if filters.starts_until and "until" not in skipped:
        intake.add("i.starts_at <= ?", moment(filters.starts_until, conn))
    if intake.clauses:
        where.add(
            f"EXISTS (SELECT 1 FROM intake i WHERE i.course_id = c.id AND {intake.sql})", *intake.params
        )
    return where


def base_conditions(filters: BaseFilters, skip: str | None = None) -> Conditions:
    """Conditions on ``base b`` for every filter but ``skip``, published only."""
    where = Conditions()
    where.add("b.status = ?", str(Status.PUBLISHED))
    for name, column, values in (
        ("kind", "b.kind", filters.kinds),
        ("country", "b.country", filters.countries),
        ("province", "b.province", filters.provinces),
        ("city", "b.city", filters.cities),
    ):
        if name != skip:
            where.any_of(column, values)
    for name, table, column, values in (
        ("domain", "base_domain", "domain", filters.domains),
        ("audience", "base_audience", "audience", filters.audiences),
    ):
        if values and name != skip:
            where.add(
                f"EXISTS (SELECT 1 FROM {table} t WHERE t.base_id = b.id AND t.{column} IN "
                f"({marks(len(values))}))",
                *[str(v) for v in values],
            )
    return where
