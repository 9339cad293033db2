"""Catalogue queries: courses, learning centres and "Chinese + vocational skills".

Every function returns plain view objects (:mod:`courses.catalogue.entries`) localized along the content
fallback chain; only published courses and bases are shown. Lists have a stable order
(courses: newest id first; bases: by id, or nearest first) and two ways to page: by page
number (``page``) and by keyset (``cursor``, the ``next_cursor`` of the previous page), which
stays fast at any depth. Totals and facet counts of large lists may come from a cache that
lives at most :data:`COUNT_TTL` seconds in the process and is dropped on every reindex.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime

from courses.catalogue import assembly as cards
from courses.catalogue import indexed
from courses.catalogue.entries import (
    CourseCard,
    CourseDetail,
    Facets,
    Page,
)
from courses.catalogue.paging import PER_PAGE, check_paging, now_or_utc, read_cursor, read_keyset
from courses.errors import NotFound
from courses.filtering.conditions import read_moment
from courses.filtering.filters import BaseFilters, CourseFilters
from courses.i18n.content import localize
from courses.search import memory, ranking
from courses.storage.counting import counts
from courses.storage.sql import connection, fetch
from courses.vocabulary.kinds import Track

__all__ = [
    "BaseFilters",
    "course_facets",
    "get_course",
    "get_courses",
    "index_version",
    "list_chinese_plus",
    "list_course_ids",
    "list_courses",
]

COUNT_TTL = counts.ttl


async def list_courses(
    filters: CourseFilters | None = None,
    locale: str = "en",
    *,
    page: int = 1,
    cursor: str | None = None,
    per_page: int = PER_PAGE,
    now: datetime | None = None,
) -> Page[CourseCard]:
    """Return one page of published courses matching ``filters``, localized for ``locale``.

    Without ``filters.q`` the order is newest first (id descending); with it, relevance as in
    :func:`courses.search.query.search`. ``cursor`` (from ``next_cursor``) wins over ``page``. A page
    past the end is empty (with the right total), never an error.

    :raises InvalidInput: for a malformed cursor, ``page`` < 1 or ``per_page`` outside 1–100.
    """
    now = now_or_utc(now)
    found = await list_course_ids(filters, page=page, cursor=cursor, per_page=per_page, now=now)
    items = await cards.course_cards(connection(), list(found.items), locale, now)
    return Page(tuple(items), found.total, found.page, found.per_page, found.next_cursor)


async def index_version() -> int:
    """Which build of the in-memory catalogue index answers lists now: it changes with every reindex in
    this process (edits, imports, status changes) and with every catalogue change another process made,
    once the index has been rebuilt for it. Anything kept from the lists' answers is good while it holds."""
    return (await memory.current(connection())).generation


async def list_course_ids(
    filters: CourseFilters | None = None,
    *,
    page: int = 1,
    cursor: str | None = None,
    per_page: int = PER_PAGE,
    now: datetime | None = None,
) -> Page[int]:
    """The page :func:`list_courses` would give, as course ids only, answered from the in-memory index
    without reading a course row: for callers that keep the cards of courses already shown.

    An id may name a course unpublished since the index was built (the rows decide: :func:`get_courses`
    skips it). Same order, paging and errors as :func:`list_courses`.
    """
    check_paging(page, per_page)
    filters = filters or CourseFilters()
    conn, now = connection(), now_or_utc(now)
    index = await memory.current(conn)
    if filters.q:
        offset = read_cursor(cursor, "o") if cursor is not None else (page - 1) * per_page
        matched = ranking.match(index, filters.q).courses.within(await indexed.narrowed(index, conn, filters, now))
        total = len(matched.all)
        following = offset + per_page
        return Page(tuple(i for i, _ in matched.page(offset, per_page)), total, offset // per_page + 1, per_page,
                    f"o{following}" if following < total else None)
    found = await indexed.narrowed(index, conn, filters, now)
    total = len(found)
    if cursor is not None:
        after, page = read_keyset(cursor)
        end = found.rank(after - 1) if after > 0 else 0  # how many ids are below the cursor
    else:
        end = total - (page - 1) * per_page
    ids = [int(i) for i in reversed(list(found[max(0, end - per_page) : end]))] if end > 0 else []
    next_cursor = f"k{ids[-1]}p{page + 1}" if ids and end - per_page > 0 else None
    return Page(tuple(ids), total, page, per_page, next_cursor)


async def course_facets(filters: CourseFilters | None = None, now: datetime | None = None,
                        only: Collection[str] | None = None) -> Facets:
    """Count, for each course filter, how many courses each value would give.

    Each filter's counts apply all the *other* chosen filters (so choosing a second track
    widens the list, as the counts promise). ``Facets.total`` is the count with every filter.
    ``only`` names the filters to count (None: every one, and ``open``); the others come back empty.
    """
    filters = filters or CourseFilters()
    conn, now = connection(), now_or_utc(now)
    index = await memory.current(conn)
    matched = ranking.match(index, filters.q).courses.all if filters.q else None
    return await indexed.facets(index, conn, filters, now, matched, only)


async def get_course(
    course_id: int, locale: str = "en", *, now: datetime | None = None, include_unpublished: bool = False
) -> CourseDetail:
    """Return a course page: card, description, every intake (earliest first) and the stored locales.

    :raises NotFound: when there is no such course, or it is not published (unless
        ``include_unpublished``, for staff previews).
    """
    conn, now = connection(), now_or_utc(now)
    if not isinstance(course_id, int) or not 0 < course_id <= 0xFFFFFFFF:
        raise NotFound("no such course", course_id=course_id)
    found = await cards.course_cards(conn, [course_id], locale, now, published_only=not include_unpublished)
    if not found:
        raise NotFound("no such course", course_id=course_id)
    row = (await cards.course_rows(conn, [course_id]))[course_id]
    described = await cards.texts(conn, "course_text", "course_id", ("description",), [course_id], None)
    descriptions = described.get(course_id, [{}])[0]
    locales = [
        r[0]
        for r in await fetch(
            conn, "SELECT locale FROM course_text WHERE course_id = ? ORDER BY locale", [course_id]
        )
    ]
    provider = await fetch(conn, "SELECT country, province, city FROM provider WHERE id = ?", [row[11]])
    country, province, city = provider[0] if provider else ("", None, None)
    intakes = await cards.intake_views(conn, "i.course_id = ?", [course_id], locale, now)
    return CourseDetail(
        card=found[0],
        description=localize(descriptions, locale),
        url=row[13],
        provider_country=country,
        provider_province=province,
        provider_city=city,
        intakes=tuple(intakes),
        locales=tuple(locales),
        published_at=read_moment(row[14]),
    )


async def get_courses(
    course_ids: list[int], locale: str = "en", *, now: datetime | None = None
) -> list[CourseCard]:
    """Return cards of the published courses among ``course_ids`` in that order; unknown ids are skipped."""
    ids = [i for i in dict.fromkeys(course_ids) if isinstance(i, int) and 0 < i <= 0xFFFFFFFF]
    return await cards.course_cards(connection(), ids, locale, now_or_utc(now))


async def list_chinese_plus(
    locale: str = "en",
    *,
    partner_countries: tuple[str, ...] = (),
    hsk_levels: tuple[int, ...] = (),
    filters: CourseFilters | None = None,
    page: int = 1,
    cursor: str | None = None,
    per_page: int = PER_PAGE,
    now: datetime | None = None,
) -> Page[CourseCard]:
    """List "Chinese + vocational skills" programmes, by partner country and HSK level.

    The same as :func:`list_courses` with the track fixed to ``chinese_plus``.
    """
    filters = filters or CourseFilters()
    filters = replace(
        filters,
        tracks=(Track.CHINESE_PLUS,),
        partner_countries=tuple(c.upper() for c in partner_countries) or filters.partner_countries,
        hsk_levels=hsk_levels or filters.hsk_levels,
    )
    return await list_courses(filters, locale, page=page, cursor=cursor, per_page=per_page, now=now)
