"""Learning centres: lists with filters and facets, nearest first from a point, and a centre's page.

Bases are few (hundreds, not hundreds of thousands), so a list reads every matching base's
coordinates once and orders them in Python; distances are great-circle (haversine).
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from courses.catalogue import assembly as cards
from courses.catalogue.entries import BaseCard, BaseDetail, Facets, FacetValue, Page
from courses.catalogue.paging import MAX_PER_PAGE, PER_PAGE, check_paging, now_or_utc, read_cursor
from courses.errors import InvalidInput, NotFound
from courses.filtering.conditions import base_conditions, moment
from courses.filtering.filters import BaseFilters, check_point
from courses.i18n.content import localize
from courses.search import memory, ranking
from courses.storage.sql import connection, fetch, marks
from courses.vocabulary.kinds import Status

__all__ = [
    "base_facets",
    "get_base",
    "list_bases",
    "nearest_bases",
]

EARTH_RADIUS_KM = 6371.0088


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in kilometres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


async def _base_ids(
    conn: BaseDBAsyncClient, filters: BaseFilters
) -> tuple[list[int], dict[int, float] | None]:
    """Every matching base id in list order, and distances when sorted by them (bases are few)."""
    where = base_conditions(filters)
    order: list[int] | None = None
    if filters.q:
        found = ranking.match(await memory.current(conn), filters.q).bases
        order = [int(i) for _, i in ranking.ranked_page([(None, ids) for _, ids in found.by_score], 0, 10_000)]
        if not order:
            return [], None
        where.add(f"b.id IN ({marks(len(order))})", *order)
    rows = await fetch(
        conn,
        f"SELECT b.id, b.latitude, b.longitude FROM base b WHERE {where.sql} ORDER BY b.id",
        where.params,
    )
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


async def list_bases(
    filters: BaseFilters | None = None,
    locale: str = "en",
    *,
    page: int = 1,
    cursor: str | None = None,
    per_page: int = PER_PAGE,
) -> Page[BaseCard]:
    """Return one page of published learning centres matching ``filters``.

    With ``filters.near`` the order is nearest first (great-circle distance, ties by id) and
    each card has ``distance_km``; otherwise by id (by relevance with ``filters.q``).

    :raises InvalidInput: for a malformed cursor, ``page`` < 1 or ``per_page`` outside 1–100.
    """
    check_paging(page, per_page)
    filters = filters or BaseFilters()
    if filters.near is not None:
        check_point(*filters.near)
    conn = connection()
    ids, distances = await _base_ids(conn, filters)
    offset = read_cursor(cursor, "o") if cursor is not None else (page - 1) * per_page
    chosen = ids[offset : offset + per_page]
    items = await cards.base_cards(conn, chosen, locale, distances)
    following = offset + per_page
    return Page(
        tuple(items),
        len(ids),
        offset // per_page + 1,
        per_page,
        f"o{following}" if following < len(ids) else None,
    )


async def base_facets(filters: BaseFilters | None = None) -> Facets:
    """Count bases per ``kind``, ``country``, ``province``, ``city``, ``domain`` and ``audience``."""
    filters = filters or BaseFilters()
    conn = connection()
    selected = {
        "kind": filters.kinds,
        "country": filters.countries,
        "province": filters.provinces,
        "city": filters.cities,
        "domain": filters.domains,
        "audience": filters.audiences,
    }
    found: dict[str, tuple[FacetValue, ...]] = {}
    for name in selected:
        where = base_conditions(filters, skip=name)
        if name in ("domain", "audience"):
            sql = (
                f"SELECT t.{name}, count(*) FROM base_{name} t JOIN base b ON b.id = t.base_id "
                f"WHERE {where.sql} GROUP BY t.{name}"
            )
        else:
            sql = f"SELECT b.{name}, count(*) FROM base b WHERE {where.sql} GROUP BY b.{name}"
        rows = await fetch(conn, sql, where.params)
        chosen = {str(v) for v in selected[name]}
        found[name] = tuple(
            FacetValue(str(value), int(n), str(value) in chosen)
            for value, n in sorted(rows, key=lambda r: str(r[0]))
            if value is not None
        )
    where = base_conditions(filters)
    total = await fetch(conn, f"SELECT count(*) FROM base b WHERE {where.sql}", where.params)
    return Facets(int(total[0][0]), found)


async def nearest_bases(
    latitude: float,
    longitude: float,
    locale: str = "en",
    *,
    limit: int = 5,
    filters: BaseFilters | None = None,
) -> list[BaseCard]:
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
    conn, now = connection(), now_or_utc(now)
    if not isinstance(base_id, int) or not 0 < base_id <= 0xFFFFFFFF:
        raise NotFound("no such base", base_id=base_id)
    found = await cards.base_cards(conn, [base_id], locale)
    if not found:
        raise NotFound("no such base", base_id=base_id)
    row = (await fetch(conn, "SELECT phone, email, website FROM base WHERE id = ?", [base_id]))[0]
    described = await cards.texts(conn, "base_text", "base_id", ("description",), [base_id], None)
    locales = [
        r[0]
        for r in await fetch(
            conn, "SELECT locale FROM base_text WHERE base_id = ? ORDER BY locale", [base_id]
        )
    ]
    intakes = await cards.intake_views(
        conn,
        "i.base_id = ? AND c.status = ? AND (i.ends_at IS NULL OR i.ends_at > ?)",
        [base_id, str(Status.PUBLISHED), moment(now, conn)],
        locale,
        now,
    )
    return BaseDetail(
        card=found[0],
        description=localize(described.get(base_id, [{}])[0], locale),
        phone=row[0],
        email=row[1],
        website=row[2],
        intakes=tuple(intakes[:100]),
        locales=tuple(locales),
    )
