"""Catalogue queries: courses, learning centres, "Chinese + vocational skills" and partner selections.

Every function returns plain view objects (:mod:`courses.catalogue.entries`) localized along the content
fallback chain; only published courses and bases are shown. Lists have a stable order
(courses: newest id first; bases: by id, or nearest first) and two ways to page: by page
number (``page``) and by keyset (``cursor``, the ``next_cursor`` of the previous page), which
stays fast at any depth. Totals and facet counts of large lists may come from a cache that
lives at most :data:`COUNT_TTL` seconds in the process and is dropped on every reindex.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from courses.catalogue import assembly as cards
from courses.catalogue.entries import (
    CourseCard,
    CourseDetail,
    Facets,
    FacetValue,
    Page,
    PartnerCatalogue,
)
from courses.catalogue.paging import PER_PAGE, check_paging, now_or_utc, read_cursor, read_keyset
from courses.errors import NotFound
from courses.filtering.conditions import Conditions, course_conditions, read_moment
from courses.filtering.filters import BaseFilters, CourseFilters
from courses.i18n.content import LocalizedText, chain_locales, localize
from courses.search.query import HitKind, course_match, ranked_keys
from courses.storage.counting import LARGE, counts, database_key
from courses.storage.sql import connection, fetch
from courses.vocabulary.kinds import Track

__all__ = [
    "BaseFilters",
    "course_facets",
    "get_course",
    "get_courses",
    "list_chinese_plus",
    "list_courses",
    "partner_catalogue",
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
    check_paging(page, per_page)
    filters = filters or CourseFilters()
    conn, now = connection(), now_or_utc(now)
    if filters.q:
        return await _searched_courses(conn, filters, locale, page, cursor, per_page, now)
    where = course_conditions(filters, conn, now)
    total = await _count(conn, ("courses", filters), "course c", where)
    if cursor is not None:
        after, page = read_keyset(cursor)
        rows = await fetch(
            conn,
            f"SELECT c.id FROM course c WHERE {where.sql} AND c.id < ? ORDER BY c.id DESC LIMIT ?",
            [*where.params, after, per_page + 1],
        )
    else:
        rows = await fetch(
            conn,
            f"SELECT c.id FROM course c WHERE {where.sql} ORDER BY c.id DESC LIMIT ? OFFSET ?",
            [*where.params, per_page + 1, (page - 1) * per_page],
        )
    ids = [row[0] for row in rows[:per_page]]
    items = await cards.course_cards(conn, ids, locale, now)
    next_cursor = f"k{ids[-1]}p{page + 1}" if len(rows) > per_page else None
    return Page(tuple(items), total, page, per_page, next_cursor)


async def _count(conn: BaseDBAsyncClient, key: tuple, source: str, where: Conditions) -> int:
    async def compute() -> int:
        rows = await fetch(conn, f"SELECT count(*) FROM {source} WHERE {where.sql}", where.params)
        return int(rows[0][0])

    return await counts.get((database_key(conn), *key), compute, keep=lambda n: n >= LARGE)


async def _searched_courses(
    conn: BaseDBAsyncClient,
    filters: CourseFilters,
    locale: str,
    page: int,
    cursor: str | None,
    per_page: int,
    now: datetime,
) -> Page[CourseCard]:
    offset = read_cursor(cursor, "o") if cursor is not None else (page - 1) * per_page
    ranked = await ranked_keys(
        filters.q or "",
        kinds=(HitKind.COURSE, HitKind.CHINESE_PLUS),
        filters=replace(filters, q=None),
        offset=offset,
        limit=per_page,
        now=now,
        using=conn,
    )
    ids = [key & 0xFFFFFFFF for key, _ in ranked.keys]
    items = await cards.course_cards(conn, ids, locale, now)
    following = offset + per_page
    return Page(
        tuple(items),
        ranked.total,
        offset // per_page + 1,
        per_page,
        f"o{following}" if following < ranked.total else None,
    )


_COLUMN_FACETS = (
    ("track", "c.track"),
    ("level", "c.level"),
    ("category", "c.major_category"),
    ("kind", "c.kind"),
    ("delivery", "c.delivery"),
    ("hsk", "c.hsk_level"),
)
_TAG_FACETS = (
    ("lang", "course_language", "language"),
    ("audience", "course_audience", "audience"),
    ("partner_country", "course_country", "country"),
)
_SELECTED = {
    "track": "tracks",
    "level": "levels",
    "category": "categories",
    "kind": "kinds",
    "delivery": "deliveries",
    "hsk": "hsk_levels",
    "lang": "languages",
    "audience": "audiences",
    "partner_country": "partner_countries",
    "country": "countries",
    "province": "provinces",
}


async def course_facets(filters: CourseFilters | None = None, now: datetime | None = None) -> Facets:
    """Count, for each course filter, how many courses each value would give.

    Each filter's counts apply all the *other* chosen filters (so choosing a second track
    widens the list, as the counts promise). ``Facets.total`` is the count with every filter.
    """
    filters = filters or CourseFilters()
    conn, now = connection(), now_or_utc(now)
    match = await course_match(filters.q, conn) if filters.q else None

    def where(skip: str | tuple[str, ...] | None) -> Conditions:
        conditions = course_conditions(filters, conn, now, skip=skip)
        if filters.q:
            conditions.extend(match) if match else conditions.add("1 = 0")
        return conditions

    async def compute() -> Facets:
        found = await _column_facets(conn, filters, where(tuple(name for name, _ in _COLUMN_FACETS)))
        queries: list[tuple[str, str, Conditions]] = []
        for name, table, column in _TAG_FACETS:
            queries.append(
                (
                    name,
                    f"SELECT t.{column}, count(*) FROM {table} t JOIN course c ON c.id = t.course_id "
                    f"WHERE {{w}} GROUP BY t.{column}",
                    where(name),
                )
            )
        for name in ("country", "province"):
            queries.append(
                (
                    name,
                    f"SELECT pv.{name}, count(*) FROM course c JOIN provider pv "
                    f"ON pv.id = c.provider_id WHERE {{w}} GROUP BY pv.{name}",
                    where(name),
                )
            )
        for name, sql, conditions in queries:
            rows = await fetch(conn, sql.replace("{w}", conditions.sql), conditions.params)
            chosen = {str(v) for v in getattr(filters, _SELECTED[name])}
            found[name] = tuple(
                FacetValue(str(value), int(n), str(value) in chosen)
                for value, n in sorted(rows, key=lambda r: str(r[0]))
                if value is not None
            )
        total = found.pop("", ())
        with_seats = course_conditions(replace(filters, open_seats=True), conn, now)
        if filters.q:
            with_seats.extend(match) if match else with_seats.add("1 = 0")
        seats = await fetch(conn, f"SELECT count(*) FROM course c WHERE {with_seats.sql}", with_seats.params)
        found["open"] = (FacetValue("yes", int(seats[0][0]), filters.open_seats),)
        return Facets(total[0].count if total else 0, found)

    return await counts.get((database_key(conn), "facets", filters), compute, keep=lambda f: f.total >= LARGE)


async def _column_facets(
    conn: BaseDBAsyncClient, filters: CourseFilters, others: Conditions
) -> dict[str, tuple[FacetValue, ...]]:
    """Facets of the course columns from one grouped scan: the courses matching every other filter,
    counted per combination of column values; each facet then sums the combinations that the
    *other* chosen column values allow. The total comes back under the name ``""``."""
    columns = ", ".join(column for _, column in _COLUMN_FACETS)
    rows = await fetch(
        conn, f"SELECT {columns}, count(*) FROM course c WHERE {others.sql} GROUP BY {columns}", others.params
    )
    chosen = [{str(v) for v in getattr(filters, _SELECTED[name])} for name, _ in _COLUMN_FACETS]
    tallies: list[dict[str, int]] = [{} for _ in _COLUMN_FACETS]
    total = 0
    for row in rows:
        values = [None if v is None else str(v) for v in row[:-1]]
        allowed = [not chosen[i] or values[i] in chosen[i] for i in range(len(values))]
        total += int(row[-1]) if all(allowed) else 0
        for i, value in enumerate(values):
            if value is not None and all(allowed[:i] + allowed[i + 1 :]):
                tallies[i][value] = tallies[i].get(value, 0) + int(row[-1])
    found = {
        name: tuple(FacetValue(v, n, v in chosen[i]) for v, n in sorted(tallies[i].items()))
        for i, (name, _) in enumerate(_COLUMN_FACETS)
    }
    found[""] = (FacetValue("", total),)
    return found


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


# -- partners ----------------------------------------------------------------------------------


async def partner_catalogue(
    slug: str, locale: str | None = None, *, now: datetime | None = None
) -> PartnerCatalogue:
    """Return a partner's curated selection of published courses, in the partner's order.

    ``locale`` None means the partner's main locale (the first of ``Partner.locales``).

    :raises NotFound: when there is no partner with this slug.
    """
    conn = connection()
    rows = await fetch(
        conn, "SELECT id, slug, country, locales, currency FROM partner WHERE slug = ?", [str(slug)[:64]]
    )
    if not rows:
        raise NotFound("no such partner", slug=slug)
    partner_id, slug, country, stored_locales, currency = rows[0]
    locales = tuple(tag.strip() for tag in (stored_locales or "").split(",") if tag.strip())
    locale = locale or (locales[0] if locales else "en")
    texts = (
        await cards.texts(
            conn, "partner_text", "partner_id", ("name", "intro"), [partner_id], chain_locales(locale)
        )
    ).get(partner_id, [{}, {}])
    name = localize(texts[0], locale) or LocalizedText(slug, "en")
    chosen = await fetch(
        conn, "SELECT course_id FROM partner_course WHERE partner_id = ? ORDER BY position, id", [partner_id]
    )
    courses = await cards.course_cards(conn, [row[0] for row in chosen], locale, now_or_utc(now))
    return PartnerCatalogue(
        slug=slug,
        country=country,
        locale=locale,
        locales=locales,
        name=name,
        intro=localize(texts[1], locale),
        currency=currency,
        courses=tuple(courses),
    )
