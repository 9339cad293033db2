"""Course lists, totals and facet counts answered from the in-memory index (:mod:`courses.search.memory`).

Filters on course values (track, level, field, languages, audiences, provider place …) are
bitmaps of the index. Filters on intakes (open seats, start dates) depend on the clock and on
seats taken: their courses come from one SQL query, kept in the index for :data:`MOMENT_TTL`
seconds (and dropped with it when the catalogue changes), so a list and its counts agree.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Collection
from dataclasses import replace
from datetime import datetime

from pyroaring import BitMap
from tortoise.backends.base.client import BaseDBAsyncClient

from courses.catalogue.entries import Facets, FacetValue
from courses.filtering.conditions import Conditions, moment, open_intake
from courses.filtering.filters import CourseFilters
from courses.search.memory import CatalogueIndex
from courses.storage.sql import fetch

__all__: list[str] = []

MOMENT_TTL = 30.0
SELECTED = {
    "track": "tracks", "level": "levels", "category": "categories", "kind": "kinds", "delivery": "deliveries",
    "hsk": "hsk_levels", "lang": "languages", "audience": "audiences", "partner_country": "partner_countries",
    "country": "countries", "province": "provinces",
}


async def intake_courses(index: CatalogueIndex, conn: BaseDBAsyncClient, filters: CourseFilters,
                         now: datetime) -> BitMap | None:
    """Courses with an intake as the intake filters ask (None: no intake filter)."""
    if not (filters.open_seats or filters.starts_from or filters.starts_until):
        return None
    key = (filters.open_seats, filters.starts_from, filters.starts_until, int(now.timestamp() // MOMENT_TTL))
    kept = index.moments.get(key)
    if kept is not None and time.monotonic() - kept[0] < MOMENT_TTL:
        # One query per key however many requests want it at once (it scans the intakes: a crowd
        # of requests each running it queued up for seconds); the later ones wait for the first.
        return kept[1].result() if kept[1].done() else await asyncio.shield(kept[1])
    if len(index.moments) > 256:
        index.moments.clear()
    found: asyncio.Future[BitMap] = asyncio.get_running_loop().create_future()
    index.moments[key] = (time.monotonic(), found)
    try:
        found.set_result(await _intake_query(index, conn, filters, now))
    except BaseException as error:
        index.moments.pop(key, None)
        found.set_exception(error)
        found.exception()  # retrieved: the waiters (if any) get it too
        raise
    return found.result()


async def _intake_query(index: CatalogueIndex, conn: BaseDBAsyncClient, filters: CourseFilters,
                        now: datetime) -> BitMap:
    where = Conditions()
    if filters.open_seats:
        clause, params = open_intake(conn, now)
        where.add("i.capacity IS NULL OR i.seats_taken < i.capacity")
        where.add(clause, *params)
    if filters.starts_from:
        where.add("i.starts_at >= ?", moment(filters.starts_from, conn))
    if filters.starts_until:
        where.add("i.starts_at <= ?", moment(filters.starts_until, conn))
    rows = await fetch(conn, f"SELECT DISTINCT i.course_id FROM intake i WHERE {where.sql}", where.params)
    return BitMap(int(row[0]) for row in rows) & index.published


def chosen(index: CatalogueIndex, filters: CourseFilters, skip: str | None = None) -> BitMap:
    """Published courses matching every value filter but ``skip``."""
    result = index.published
    for name, attribute in SELECTED.items():
        values = getattr(filters, attribute)
        if values and name != skip:
            result = result & index.value_set(name, values)
    return result


async def narrowed(index: CatalogueIndex, conn: BaseDBAsyncClient, filters: CourseFilters, now: datetime,
                   skip: str | None = None) -> BitMap:
    """Courses matching every filter but ``skip`` (the search query aside)."""
    result = chosen(index, filters, skip)
    intakes = await intake_courses(index, conn, filters, now)
    return result if intakes is None else result & intakes


async def facets(index: CatalogueIndex, conn: BaseDBAsyncClient, filters: CourseFilters, now: datetime,
                 matched: BitMap | None, only: Collection[str] | None = None) -> Facets:
    """Facet counts: each filter's values counted over the courses every *other* filter allows; with
    ``only``, just those filters (a page that shows six groups does not count eleven)."""
    intakes = await intake_courses(index, conn, filters, now)
    scope = index.published if matched is None else matched
    if intakes is not None:
        scope = scope & intakes
    found: dict[str, tuple[FacetValue, ...]] = {}
    every = chosen(index, filters) & scope
    for name, attribute in SELECTED.items():
        if only is not None and name not in only:
            continue
        picked = {str(v) for v in getattr(filters, attribute)}
        # A filter with no value chosen leaves nothing to skip: its counts are over the whole list.
        others = chosen(index, filters, skip=name) & scope if picked else every
        counted = []
        for value, ids in sorted(index.values.get(name, {}).items()):
            n = others.intersection_cardinality(ids)
            if n:
                counted.append(FacetValue(value, n, value in picked))
        found[name] = tuple(counted)
    if only is not None and "open" not in only:
        return Facets(len(every), found)
    seats = await intake_courses(index, conn, replace(filters, open_seats=True), now)
    with_seats = every & seats if seats is not None else every
    found["open"] = (FacetValue("yes", len(with_seats), filters.open_seats),)
    return Facets(len(every), found)
