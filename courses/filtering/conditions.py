"""SQL conditions for the learning-centre filters and the open-intake rule (course lists are answered by
the in-process index, :mod:`courses.search.memory`).

Each builder returns ``(clauses, params)`` over fixed table aliases (``c`` course, ``b`` base)
with ``?`` placeholders; values only ever travel as parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from courses.enrollment.opening import open_intake_sql
from courses.filtering.filters import BaseFilters
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
