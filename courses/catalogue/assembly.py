"""Build the view objects of courses, bases and intakes for a batch of ids, a few queries per batch."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from tortoise.backends.base.client import BaseDBAsyncClient

from courses.catalogue.entries import BaseCard, CourseCard, IntakeView
from courses.enrollment.opening import is_open
from courses.filtering.conditions import read_moment
from courses.i18n.content import chain_locales, localize
from courses.storage.sql import fetch, is_sqlite, marks
from courses.vocabulary.kinds import (
    Audience,
    BaseDomain,
    BaseKind,
    CourseKind,
    Delivery,
    EnrollmentStatus,
    Level,
    Status,
    Track,
)

COURSE_COLUMNS = (
    "id, track, level, major_category, kind, delivery, hours, credits, hsk_level, tuition, currency, "
    "provider_id, status, url, published_at"
)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


async def texts(
    conn: BaseDBAsyncClient,
    table: str,
    owner: str,
    columns: Sequence[str],
    ids: Sequence[int],
    locales: Sequence[str] | None,
) -> dict[int, list[dict[str, str]]]:
    """{owner id: one {locale: text} per column} for the given owners, in the given locales (None: all)."""
    if not ids:
        return {}
    sql = f"SELECT {owner}, locale, {', '.join(columns)} FROM {table} WHERE {owner} IN ({marks(len(ids))})"
    params: list[Any] = list(ids)
    if locales is not None:
        sql += f" AND locale IN ({marks(len(locales))})"
        params += list(locales)
    found: dict[int, list[dict[str, str]]] = {}
    for row in await fetch(conn, sql, params):
        per_column = found.setdefault(row[0], [{} for _ in columns])
        for index, value in enumerate(row[2:]):
            if value:
                per_column[index][row[1]] = value
    return found


async def tags(
    conn: BaseDBAsyncClient, table: str, owner: str, column: str, ids: Sequence[int]
) -> dict[int, list[str]]:
    if not ids:
        return {}
    found: dict[int, list[str]] = {}
    rows = await fetch(
        conn,
        f"SELECT {owner}, {column} FROM {table} WHERE {owner} IN ({marks(len(ids))}) ORDER BY {column}",
        list(ids),
    )
    for owner_id, value in rows:
        found.setdefault(owner_id, []).append(value)
    return found


def _json_rows(conn: BaseDBAsyncClient, columns: str, source: str) -> str:
    """A subquery's rows as a JSON array of arrays: each dialect spells it its own way."""
    if is_sqlite(conn):
        # json() keeps the inner array JSON inside the outer json_array, not a string.
        return f"json((SELECT json_group_array(json_array({columns})) FROM {source}))"
    return f"(SELECT json_agg(json_build_array({columns})) FROM {source})"


def _json_array(conn: BaseDBAsyncClient, items: Sequence[str]) -> str:
    return f"{'json_array' if is_sqlite(conn) else 'json_build_array'}({', '.join(items)})"


async def course_cards(
    conn: BaseDBAsyncClient, ids: Sequence[int], locale: str, now: datetime, published_only: bool = True
) -> list[CourseCard]:
    """Cards of the courses ``ids`` in that order; missing (and, by default, unpublished) ones skipped.

    One statement for the whole batch: a list page asks for its cards on every request, and each
    statement is a trip to the database's thread (SQLite) or server (PostgreSQL)."""
    if not ids:
        return []
    chain = chain_locales(locale)
    in_chain = marks(len(chain))
    # A course's texts, its provider's names, its tags and its intakes come as one JSON value per course.
    related = _json_array(conn, [
        _json_rows(conn, "t.locale, t.title, t.summary",
                   f"course_text t WHERE t.course_id = c.id AND t.locale IN ({in_chain})"),
        _json_rows(conn, "p.locale, p.name",
                   f"provider_text p WHERE p.provider_id = c.provider_id AND p.locale IN ({in_chain})"),
        _json_rows(conn, "l.language", "course_language l WHERE l.course_id = c.id"),
        _json_rows(conn, "a.audience", "course_audience a WHERE a.course_id = c.id"),
        _json_rows(conn, "k.country", "course_country k WHERE k.course_id = c.id"),
        _json_rows(conn, "i.starts_at, i.id, i.ends_at, i.enroll_deadline, i.capacity, i.seats_taken",
                   "intake i WHERE i.course_id = c.id"),
    ])
    columns = ", ".join("c." + column for column in COURSE_COLUMNS.split(", "))
    sql = f"SELECT {columns}, {related} FROM course c WHERE c.id IN ({marks(len(ids))})"
    params: list[Any] = [*chain, *chain, *ids]
    if published_only:
        sql += " AND c.status = ?"
        params.append(str(Status.PUBLISHED))
    rows = {row[0]: row for row in await fetch(conn, sql, params)}
    cards = []
    for course_id in ids:
        row = rows.get(course_id)
        if row is None:
            continue
        # PostgreSQL aggregates no rows to null, SQLite to [].
        course_texts, provider_texts, languages, audiences, countries, intakes = (
            found or [] for found in json.loads(row[15]))
        titles: dict[str, str] = {}
        summaries: dict[str, str] = {}
        for text_locale, title, summary in course_texts:
            if title:
                titles[text_locale] = title
            if summary:
                summaries[text_locale] = summary
        title = localize(titles, locale)
        if title is None:
            continue  # a course without any text cannot be shown
        published = row[12] == Status.PUBLISHED
        open_starts: list[tuple[datetime, int | None]] = []  # (start, seats left; None = unlimited)
        seats = False
        # Earliest first; ties: the first made.
        for starts_at, _, ends_at, deadline, capacity, taken in sorted(
            (read_moment(i[0]), *i[1:]) for i in intakes
        ):
            if published and is_open(starts_at, read_moment(ends_at), read_moment(deadline), now):
                open_starts.append((starts_at, None if capacity is None else max(0, capacity - taken)))
                seats = seats or capacity is None or taken < capacity
        next_start, next_seats = min(open_starts, key=lambda run: run[0]) if open_starts else (None, None)
        cards.append(
            CourseCard(
                id=course_id,
                track=Track(row[1]),
                level=Level(row[2]) if row[2] else None,
                major_category=row[3],
                kind=CourseKind(row[4]),
                delivery=Delivery(row[5]),
                hours=row[6],
                credits=cast(Decimal, _decimal(row[7])),  # course.credits is NOT NULL
                hsk_level=row[8],
                tuition=_decimal(row[9]),
                currency=row[10],
                title=title,
                summary=localize(summaries, locale),
                provider_id=row[11],
                provider_name=localize({n_locale: name for n_locale, name in provider_texts if name},
                                       locale),
                languages=tuple(sorted(value for (value,) in languages)),
                audiences=tuple(Audience(a) for a in sorted(value for (value,) in audiences)),
                countries=tuple(sorted(value for (value,) in countries)),
                next_start=next_start,
                has_open_seats=seats,
                next_seats_left=next_seats,
            )
        )
    return cards


async def course_rows(conn: BaseDBAsyncClient, ids: Sequence[int]) -> dict[int, tuple]:
    if not ids:
        return {}
    rows = await fetch(
        conn, f"SELECT {COURSE_COLUMNS} FROM course WHERE id IN ({marks(len(ids))})", list(ids)
    )
    return {row[0]: row for row in rows}


async def base_cards(
    conn: BaseDBAsyncClient, ids: Sequence[int], locale: str, distances: dict[int, float] | None = None
) -> list[BaseCard]:
    """Cards of the published bases ``ids`` in that order, with distances when given."""
    if not ids:
        return []
    rows = {
        row[0]: row
        for row in await fetch(
            conn,
            "SELECT id, kind, country, province, city, latitude, longitude FROM base "
            f"WHERE id IN ({marks(len(ids))}) AND status = ?",
            [*ids, str(Status.PUBLISHED)],
        )
    }
    found = list(rows)
    base_texts = await texts(conn, "base_text", "base_id", ("name", "address"), found, chain_locales(locale))
    domains = await tags(conn, "base_domain", "base_id", "domain", found)
    audiences = await tags(conn, "base_audience", "base_id", "audience", found)
    cards = []
    for base_id in ids:
        row = rows.get(base_id)
        names, addresses = base_texts.get(base_id, ({}, {}))
        name = localize(names, locale) if row else None
        if row is None or name is None:
            continue
        cards.append(
            BaseCard(
                id=base_id,
                kind=BaseKind(row[1]),
                country=row[2],
                province=row[3],
                city=row[4],
                latitude=row[5],
                longitude=row[6],
                name=name,
                address=localize(addresses, locale),
                domains=tuple(BaseDomain(d) for d in domains.get(base_id, ())),
                audiences=tuple(Audience(a) for a in audiences.get(base_id, ())),
                distance_km=None if distances is None else round(distances[base_id], 3),
            )
        )
    return cards


async def intake_views(
    conn: BaseDBAsyncClient, where: str, params: Sequence[Any], locale: str, now: datetime
) -> list[IntakeView]:
    """Intakes matching ``where`` (over ``intake i`` joined to ``course c``), earliest first.

    An intake's place is shown only when that base is published: a draft or archived base's
    name and id stay unknown (the intake then has no place).
    """
    rows = await fetch(
        conn,
        "SELECT i.id, i.course_id, i.starts_at, i.ends_at, i.enroll_deadline, i.timezone, "
        "i.capacity, i.seats_taken, CASE WHEN b.status = ? THEN i.base_id END, c.status, "
        "b.country, b.province, b.city FROM intake i "
        "JOIN course c ON c.id = i.course_id LEFT JOIN base b ON b.id = i.base_id "
        f"WHERE {where} ORDER BY i.starts_at, i.id",
        [str(Status.PUBLISHED), *params],
    )
    if not rows:
        return []
    intake_ids = [row[0] for row in rows]
    waiting: dict[int, int] = dict(
        await fetch(
            conn,
            "SELECT intake_id, count(*) FROM enrollment WHERE status = ? AND active IS NOT NULL "
            f"AND intake_id IN ({marks(len(intake_ids))}) GROUP BY intake_id",
            [str(EnrollmentStatus.WAITLISTED), *intake_ids],
        )
    )
    base_ids = sorted({row[8] for row in rows if row[8] is not None})
    names = await texts(conn, "base_text", "base_id", ("name",), base_ids, chain_locales(locale))
    course_ids = sorted({row[1] for row in rows})
    titles = await texts(conn, "course_text", "course_id", ("title",), course_ids, chain_locales(locale))
    views = []
    for (
        intake_id,
        course_id,
        starts_at,
        ends_at,
        deadline,
        timezone,
        capacity,
        taken,
        base_id,
        status,
        country,
        province,
        city,
    ) in rows:
        deadline, ends = read_moment(deadline), read_moment(ends_at)
        starts = cast(datetime, read_moment(starts_at))  # intake.starts_at is NOT NULL
        views.append(
            IntakeView(
                id=intake_id,
                course_id=course_id,
                starts_at=starts,
                ends_at=ends,
                enroll_deadline=deadline,
                timezone=timezone,
                capacity=capacity,
                seats_taken=taken,
                seats_left=None if capacity is None else max(0, capacity - taken),
                waitlist_length=int(waiting.get(intake_id, 0)),
                base_id=base_id,
                base_name=localize(names.get(base_id, [{}])[0], locale) if base_id is not None else None,
                open=is_open(starts, ends, deadline, now, status),
                base_country=country if base_id is not None else None,
                base_province=province if base_id is not None else None,
                base_city=city if base_id is not None else None,
                course_title=localize(titles.get(course_id, [{}])[0], locale),
            )
        )
    return views
