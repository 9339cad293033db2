"""Catalogue queries: courses, learning centres, "Chinese + vocational skills" and partner selections.

Every function returns plain view objects (:mod:`courses.views`) localized along the content
fallback chain; only published courses and bases are shown. Lists have a stable order
(courses: newest id first; bases: by id, or nearest first) and two ways to page: by page
number (``page``) and by keyset (``cursor``, the ``next_cursor`` of the previous page), which
stays fast at any depth. Totals and facet counts of large lists may come from a cache that
lives at most :data:`COUNT_TTL` seconds in the process and is dropped on every reindex.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from courses import cards
from courses.conditions import Conditions, base_conditions, course_conditions, moment, read_moment
from courses.counting import LARGE, counts, database_key
from courses.errors import InvalidInput, NotFound
from courses.filters import BaseFilters, CourseFilters, check_point
from courses.kinds import Status, Track
from courses.localization import LocalizedText, chain_locales, localize
from courses.search import HitKind, course_match, ranked_keys
from courses.sql import connection, fetch, marks
from courses.views import (
    BaseCard,
    BaseDetail,
    CourseCard,
    CourseDetail,
    Facets,
    FacetValue,
    IntakeView,
    Page,
    PartnerCatalogue,
)

__all__ = [
    "BaseCard", "BaseDetail", "BaseFilters", "CourseCard", "CourseDetail", "CourseFilters", "FacetValue",
    "Facets", "IntakeView", "LocalizedText", "Page", "PartnerCatalogue", "PER_PAGE", "MAX_PER_PAGE",
    "COUNT_TTL", "list_courses", "course_facets", "get_course", "get_courses", "list_bases", "base_facets",
    "get_base", "nearest_bases", "list_chinese_plus", "partner_catalogue",
]

PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
COUNT_TTL = counts.ttl
EARTH_RADIUS_KM = 6371.0088


# -- paging ------------------------------------------------------------------------------------

def _check_paging(page: int, per_page: int) -> None:
    if not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
        raise InvalidInput("page must be a positive number", field="page")
    if not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput("per_page must be between 1 and 100", field="per_page")


def _read_cursor(cursor: str, kind: str) -> int:
    """A cursor is ``k<last id>`` (keyset) or ``o<offset>`` (relevance and distance orders)."""
    if len(cursor) < 2 or len(cursor) > 20 or cursor[0] != kind or not cursor[1:].isdigit():
        raise InvalidInput("the cursor is not valid for this list", field="cursor")
    return int(cursor[1:])


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


# -- courses -----------------------------------------------------------------------------------

async def list_courses(filters: CourseFilters | None = None, locale: str = "en", *, page: int = 1,
                       cursor: str | None = None, per_page: int = PER_PAGE,
                       now: datetime | None = None) -> Page[CourseCard]:
    """Return one page of published courses matching ``filters``, localized for ``locale``.

    Without ``filters.q`` the order is newest first (id descending); with it, relevance as in
    :func:`courses.search.search`. ``cursor`` (from ``next_cursor``) wins over ``page``. A page
    past the end is empty (with the right total), never an error.

    :raises InvalidInput: for a malformed cursor, ``page`` < 1 or ``per_page`` outside 1–100.
    """
    _check_paging(page, per_page)
    filters = filters or CourseFilters()
    conn, now = connection(), _now(now)
    if filters.q:
        return await _searched_courses(conn, filters, locale, page, cursor, per_page, now)
    where = course_conditions(filters, conn, now)
    total = await _count(conn, ("courses", filters), "course c", where)
    if cursor is not None:
        after = _read_cursor(cursor, "k")
        rows = await fetch(conn, f"SELECT c.id FROM course c WHERE {where.sql} AND c.id < ? "
                                 "ORDER BY c.id DESC LIMIT ?", [*where.params, after, per_page + 1])
        position = None
    else:
        rows = await fetch(conn, f"SELECT c.id FROM course c WHERE {where.sql} ORDER BY c.id DESC LIMIT ? OFFSET ?",
                           [*where.params, per_page + 1, (page - 1) * per_page])
        position = page
    ids = [row[0] for row in rows[:per_page]]
    items = await cards.course_cards(conn, ids, locale, now)
    next_cursor = f"k{ids[-1]}" if len(rows) > per_page else None
    if position is None:
        position = await _position(conn, where, ids[0], per_page) if ids else max(1, -(-total // per_page))
    return Page(tuple(items), total, position, per_page, next_cursor)


async def _position(conn: BaseDBAsyncClient, where: Conditions, first_id: int, per_page: int) -> int:
    """The page number of a keyset page, from the number of courses before its first one."""
    before = await fetch(conn, f"SELECT count(*) FROM course c WHERE {where.sql} AND c.id > ?",
                         [*where.params, first_id])
    return int(before[0][0]) // per_page + 1


async def _count(conn: BaseDBAsyncClient, key: tuple, source: str, where: Conditions) -> int:
    async def compute() -> int:
        rows = await fetch(conn, f"SELECT count(*) FROM {source} WHERE {where.sql}", where.params)
        return int(rows[0][0])

    return await counts.get((database_key(conn), *key), compute, keep=lambda n: n >= LARGE)


async def _searched_courses(conn: BaseDBAsyncClient, filters: CourseFilters, locale: str, page: int,
                            cursor: str | None, per_page: int, now: datetime) -> Page[CourseCard]:
    offset = _read_cursor(cursor, "o") if cursor is not None else (page - 1) * per_page
    ranked = await ranked_keys(filters.q or "", kinds=(HitKind.COURSE, HitKind.CHINESE_PLUS),
                               filters=replace(filters, q=None), offset=offset, limit=per_page, now=now,
                               using=conn)
    ids = [key & 0xFFFFFFFF for key, _ in ranked.keys]
    items = await cards.course_cards(conn, ids, locale, now)
    following = offset + per_page
    return Page(tuple(items), ranked.total, offset // per_page + 1, per_page,
                f"o{following}" if following < ranked.total else None)


_COLUMN_FACETS = (("track", "c.track"), ("level", "c.level"), ("category", "c.major_category"),
                  ("kind", "c.kind"), ("delivery", "c.delivery"), ("hsk", "c.hsk_level"))
_TAG_FACETS = (("lang", "course_language", "language"), ("audience", "course_audience", "audience"),
               ("partner_country", "course_country", "country"))
_SELECTED = {"track": "tracks", "level": "levels", "category": "categories", "kind": "kinds",
             "delivery": "deliveries", "hsk": "hsk_levels", "lang": "languages", "audience": "audiences",
             "partner_country": "partner_countries", "country": "countries", "province": "provinces"}


async def course_facets(filters: CourseFilters | None = None, now: datetime | None = None) -> Facets:
    """Count, for each course filter, how many courses each value would give.

    Each filter's counts apply all the *other* chosen filters (so choosing a second track
    widens the list, as the counts promise). ``Facets.total`` is the count with every filter.
    """
    filters = filters or CourseFilters()
    conn, now = connection(), _now(now)
    match = await course_match(filters.q, conn) if filters.q else None

    def where(skip: str | None) -> Conditions:
        conditions = course_conditions(filters, conn, now, skip=skip)
        if filters.q:
            conditions.extend(match) if match else conditions.add("1 = 0")
        return conditions

    async def compute() -> Facets:
        found: dict[str, tuple[FacetValue, ...]] = {}
        queries: list[tuple[str, str, Conditions]] = []
        for name, column in _COLUMN_FACETS:
            queries.append((name, f"SELECT {column}, count(*) FROM course c WHERE {{w}} GROUP BY {column}",
                            where(name)))
        for name, table, column in _TAG_FACETS:
            queries.append((name, f"SELECT t.{column}, count(*) FROM {table} t JOIN course c ON c.id = t.course_id "
                                  f"WHERE {{w}} GROUP BY t.{column}", where(name)))
        for name in ("country", "province"):
            queries.append((name, f"SELECT pv.{name}, count(*) FROM course c JOIN provider pv "
                                  f"ON pv.id = c.provider_id WHERE {{w}} GROUP BY pv.{name}", where(name)))
        for name, sql, conditions in queries:
            rows = await fetch(conn, sql.replace("{w}", conditions.sql), conditions.params)
            chosen = {str(v) for v in getattr(filters, _SELECTED[name])}
            found[name] = tuple(FacetValue(str(value), int(n), str(value) in chosen)
                                for value, n in sorted(rows, key=lambda r: str(r[0])) if value is not None)
        all_filters = where(None)
        total = (await fetch(conn, f"SELECT count(*) FROM course c WHERE {all_filters.sql}", all_filters.params))
        with_seats = course_conditions(replace(filters, open_seats=True), conn, now)
        if filters.q:
            with_seats.extend(match) if match else with_seats.add("1 = 0")
        seats = await fetch(conn, f"SELECT count(*) FROM course c WHERE {with_seats.sql}", with_seats.params)
        found["open"] = (FacetValue("yes", int(seats[0][0]), filters.open_seats),)
        return Facets(int(total[0][0]), found)

    return await counts.get((database_key(conn), "facets", filters), compute, keep=lambda f: f.total >= LARGE)


async def get_course(course_id: int, locale: str = "en", *, now: datetime | None = None,
                     include_unpublished: bool = False) -> CourseDetail:
    """Return a course page: card, description, every intake (earliest first) and the stored locales.

    :raises NotFound: when there is no such course, or it is not published (unless
        ``include_unpublished``, for staff previews).
    """
    conn, now = connection(), _now(now)
    if not isinstance(course_id, int) or not 0 < course_id <= 0xFFFFFFFF:
        raise NotFound("no such course", course_id=course_id)
    found = await cards.course_cards(conn, [course_id], locale, now, published_only=not include_unpublished)
    if not found:
        raise NotFound("no such course", course_id=course_id)
    row = (await cards.course_rows(conn, [course_id]))[course_id]
    described = await cards.texts(conn, "course_text", "course_id", ("description",), [course_id], None)
    descriptions = described.get(course_id, [{}])[0]
    locales = [r[0] for r in await fetch(conn, "SELECT locale FROM course_text WHERE course_id = ? ORDER BY locale",
                                         [course_id])]
    provider = await fetch(conn, "SELECT country, province, city FROM provider WHERE id = ?", [row[11]])
    country, province, city = provider[0] if provider else ("", None, None)
    intakes = await cards.intake_views(conn, "i.course_id = ?", [course_id], locale, now)
    return CourseDetail(card=found[0], description=localize(descriptions, locale), url=row[13],
                        provider_country=country, provider_province=province, provider_city=city,
                        intakes=tuple(intakes), locales=tuple(locales), published_at=read_moment(row[14]))


async def get_courses(course_ids: list[int], locale: str = "en", *,
                      now: datetime | None = None) -> list[CourseCard]:
    """Return cards of the published courses among ``course_ids`` in that order; unknown ids are skipped."""
    ids = [i for i in dict.fromkeys(course_ids) if isinstance(i, int) and 0 < i <= 0xFFFFFFFF]
    return await cards.course_cards(connection(), ids, locale, _now(now))


async def list_chinese_plus(locale: str = "en", *, partner_countries: tuple[str, ...] = (),
                            hsk_levels: tuple[int, ...] = (), filters: CourseFilters | None = None,
                            page: int = 1, cursor: str | None = None,
                            per_page: int = PER_PAGE, now: datetime | None = None) -> Page[CourseCard]:
    """List "Chinese + vocational skills" programmes, by partner country and HSK level.

    The same as :func:`list_courses` with the track fixed to ``chinese_plus``.
    """
    filters = filters or CourseFilters()
    filters = replace(filters, tracks=(Track.CHINESE_PLUS,),
                      partner_countries=tuple(c.upper() for c in partner_countries) or filters.partner_countries,
                      hsk_levels=hsk_levels or filters.hsk_levels)
    return await list_courses(filters, locale, page=page, cursor=cursor, per_page=per_page, now=now)


# -- bases -------------------------------------------------------------------------------------

def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in kilometres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


async def _base_ids(conn: BaseDBAsyncClient, filters: BaseFilters) -> tuple[list[int], dict[int, float] | None]:
    """Every matching base id in list order, and distances when sorted by them (bases are few)."""
    where = base_conditions(filters)
    order: list[int] | None = None
    if filters.q:
        ranked = await ranked_keys(filters.q, kinds=(HitKind.BASE,), limit=10_000, using=conn)
        order = [key & 0xFFFFFFFF for key, _ in ranked.keys]
        if not order:
            return [], None
        where.add(f"b.id IN ({marks(len(order))})", *order)
    rows = await fetch(conn, f"SELECT b.id, b.latitude, b.longitude FROM base b WHERE {where.sql} ORDER BY b.id",
                       where.params)
    if filters.near is None:
        ids = [row[0] for row in rows]
        if order is not None:
            rank = {base_id: position for position, base_id in enumerate(order)}
            ids.sort(key=rank.__getitem__)
        return ids, None
    distances = {row[0]: distance_km(filters.near, (row[1], row[2])) for row in rows if row[1] is not None}
    # Rounded to the millimetre so that equal distances (up to float noise) tie, and go by id.
    ids = sorted(distances, key=lambda base_id: (round(distances[base_id], 6), base_id))
    if filters.within_km is not None:
        ids = [base_id for base_id in ids if distances[base_id] <= filters.within_km]
    return ids, distances


async def list_bases(filters: BaseFilters | None = None, locale: str = "en", *, page: int = 1,
                     cursor: str | None = None, per_page: int = PER_PAGE) -> Page[BaseCard]:
    """Return one page of published learning centres matching ``filters``.

    With ``filters.near`` the order is nearest first (great-circle distance, ties by id) and
    each card has ``distance_km``; otherwise by id (by relevance with ``filters.q``).

    :raises InvalidInput: for a malformed cursor, ``page`` < 1 or ``per_page`` outside 1–100.
    """
    _check_paging(page, per_page)
    filters = filters or BaseFilters()
    if filters.near is not None:
        check_point(*filters.near)
    conn = connection()
    ids, distances = await _base_ids(conn, filters)
    offset = _read_cursor(cursor, "o") if cursor is not None else (page - 1) * per_page
    chosen = ids[offset:offset + per_page]
    items = await cards.base_cards(conn, chosen, locale, distances)
    following = offset + per_page
    return Page(tuple(items), len(ids), offset // per_page + 1, per_page,
                f"o{following}" if following < len(ids) else None)


async def base_facets(filters: BaseFilters | None = None) -> Facets:
    """Count bases per ``kind``, ``country``, ``province``, ``city``, ``domain`` and ``audience``."""
    filters = filters or BaseFilters()
    conn = connection()
    selected = {"kind": filters.kinds, "country": filters.countries, "province": filters.provinces,
                "city": filters.cities, "domain": filters.domains, "audience": filters.audiences}
    found: dict[str, tuple[FacetValue, ...]] = {}
    for name in selected:
        where = base_conditions(filters, skip=name)
        if name in ("domain", "audience"):
            sql = (f"SELECT t.{name}, count(*) FROM base_{name} t JOIN base b ON b.id = t.base_id "
                   f"WHERE {where.sql} GROUP BY t.{name}")
        else:
            sql = f"SELECT b.{name}, count(*) FROM base b WHERE {where.sql} GROUP BY b.{name}"
        rows = await fetch(conn, sql, where.params)
        chosen = {str(v) for v in selected[name]}
        found[name] = tuple(FacetValue(str(value), int(n), str(value) in chosen)
                            for value, n in sorted(rows, key=lambda r: str(r[0])) if value is not None)
    where = base_conditions(filters)
    total = await fetch(conn, f"SELECT count(*) FROM base b WHERE {where.sql}", where.params)
    return Facets(int(total[0][0]), found)


async def nearest_bases(latitude: float, longitude: float, locale: str = "en", *, limit: int = 5,
                        filters: BaseFilters | None = None) -> list[BaseCard]:
    """Return the ``limit`` published bases nearest to a point, nearest first, with ``distance_km``.

    :raises InvalidInput: for a point that is not on Earth or ``limit`` outside 1–100.
    """
    point = check_point(latitude, longitude)
    if not isinstance(limit, int) or not 1 <= limit <= MAX_PER_PAGE:
        raise InvalidInput("limit must be between 1 and 100", field="limit")
    filters = replace(filters or BaseFilters(), near=point)
    return list((await list_bases(filters, locale, per_page=limit)).items)


async def get_base(base_id: int, locale: str = "en", *, now: datetime | None = None) -> BaseDetail:
    """Return a learning centre's page with its intakes that have not ended (earliest first).

    :raises NotFound: when there is no such published base.
    """
    conn, now = connection(), _now(now)
    if not isinstance(base_id, int) or not 0 < base_id <= 0xFFFFFFFF:
        raise NotFound("no such base", base_id=base_id)
    found = await cards.base_cards(conn, [base_id], locale)
    if not found:
        raise NotFound("no such base", base_id=base_id)
    row = (await fetch(conn, "SELECT phone, email, website FROM base WHERE id = ?", [base_id]))[0]
    described = await cards.texts(conn, "base_text", "base_id", ("description",), [base_id], None)
    locales = [r[0] for r in await fetch(conn, "SELECT locale FROM base_text WHERE base_id = ? ORDER BY locale",
                                         [base_id])]
    intakes = await cards.intake_views(
        conn, "i.base_id = ? AND c.status = ? AND (i.ends_at IS NULL OR i.ends_at > ?)",
        [base_id, str(Status.PUBLISHED), moment(now, conn)], locale, now)
    return BaseDetail(card=found[0], description=localize(described.get(base_id, [{}])[0], locale),
                      phone=row[0], email=row[1], website=row[2], intakes=tuple(intakes[:100]),
                      locales=tuple(locales))


# -- partners ----------------------------------------------------------------------------------

async def partner_catalogue(slug: str, locale: str | None = None, *,
                            now: datetime | None = None) -> PartnerCatalogue:
    """Return a partner's curated selection of published courses, in the partner's order.

    ``locale`` None means the partner's main locale (the first of ``Partner.locales``).

    :raises NotFound: when there is no partner with this slug.
    """
    conn = connection()
    rows = await fetch(conn, "SELECT id, slug, country, locales, currency FROM partner WHERE slug = ?",
                       [str(slug)[:64]])
    if not rows:
        raise NotFound("no such partner", slug=slug)
    partner_id, slug, country, stored_locales, currency = rows[0]
    locales = tuple(tag.strip() for tag in (stored_locales or "").split(",") if tag.strip())
    locale = locale or (locales[0] if locales else "en")
    texts = (await cards.texts(conn, "partner_text", "partner_id", ("name", "intro"), [partner_id],
                               chain_locales(locale))).get(partner_id, [{}, {}])
    name = localize(texts[0], locale) or LocalizedText(slug, "en")
    chosen = await fetch(conn, "SELECT course_id FROM partner_course WHERE partner_id = ? ORDER BY position, id",
                         [partner_id])
    courses = await cards.course_cards(conn, [row[0] for row in chosen], locale, _now(now))
    return PartnerCatalogue(slug=slug, country=country, locale=locale, locales=locales, name=name,
                            intro=localize(texts[1], locale), currency=currency, courses=tuple(courses))


