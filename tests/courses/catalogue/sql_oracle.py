"""The course filters written as SQL, independently of the in-process index that answers the portal:
the oracle the index's pages and counts are checked against (``test_index_agrees``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from courses.filtering import CourseFilters
from courses.filtering.conditions import Conditions, moment, open_intake
from courses.storage.sql import marks
from courses.vocabulary import Status


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
