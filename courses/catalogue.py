"""Catalogue queries: courses, learning centres, "Chinese + vocational skills" and partner selections.

Every function returns plain view objects (:mod:`courses.views`) localized along the content
fallback chain; only published courses and bases are shown. Lists have a stable order
(courses: newest id first; bases: by id, or nearest first) and two ways to page: by page
number (``page``) and by keyset (``cursor``, the ``next_cursor`` of the previous page), which
stays fast at any depth. Totals and facet counts of large lists may come from a cache that
lives at most :data:`COUNT_TTL` seconds in the process and is dropped on every reindex.
"""

from __future__ import annotations

from datetime import datetime

from courses.filters import BaseFilters, CourseFilters
from courses.localization import LocalizedText
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
COUNT_TTL = 60.0


async def list_courses(filters: CourseFilters | None = None, locale: str = "en", *, page: int = 1,
                       cursor: str | None = None, per_page: int = PER_PAGE,
                       now: datetime | None = None) -> Page[CourseCard]:
    """Return one page of published courses matching ``filters``, localized for ``locale``.

    Without ``filters.q`` the order is newest first (id descending); with it, relevance as in
    :func:`courses.search.search`. ``cursor`` (from ``next_cursor``) wins over ``page``. A page
    past the end is empty (with the right total), never an error.

    :raises InvalidInput: for a malformed cursor, ``page`` < 1 or ``per_page`` outside 1–100.
    """
    raise NotImplementedError


async def course_facets(filters: CourseFilters | None = None, now: datetime | None = None) -> Facets:
    """Count, for each course filter, how many courses each value would give.

    Each filter's counts apply all the *other* chosen filters (so choosing a second track
    widens the list, as the counts promise). ``Facets.total`` is the count with every filter.
    """
    raise NotImplementedError


async def get_course(course_id: int, locale: str = "en", *, now: datetime | None = None,
                     include_unpublished: bool = False) -> CourseDetail:
    """Return a course page: card, description, every intake (earliest first) and the stored locales.

    :raises NotFound: when there is no such course, or it is not published (unless
        ``include_unpublished``, for staff previews).
    """
    raise NotImplementedError


async def get_courses(course_ids: list[int], locale: str = "en", *,
                      now: datetime | None = None) -> list[CourseCard]:
    """Return cards of the published courses among ``course_ids`` in that order; unknown ids are skipped."""
    raise NotImplementedError


async def list_chinese_plus(locale: str = "en", *, partner_countries: tuple[str, ...] = (),
                            hsk_levels: tuple[int, ...] = (), filters: CourseFilters | None = None,
                            page: int = 1, cursor: str | None = None,
                            per_page: int = PER_PAGE, now: datetime | None = None) -> Page[CourseCard]:
    """List "Chinese + vocational skills" programmes, by partner country and HSK level.

    The same as :func:`list_courses` with the track fixed to ``chinese_plus``.
    """
    raise NotImplementedError


async def list_bases(filters: BaseFilters | None = None, locale: str = "en", *, page: int = 1,
                     cursor: str | None = None, per_page: int = PER_PAGE) -> Page[BaseCard]:
    """Return one page of published learning centres matching ``filters``.

    With ``filters.near`` the order is nearest first (great-circle distance, ties by id) and
    each card has ``distance_km``; otherwise by id.

    :raises InvalidInput: for a malformed cursor, ``page`` < 1 or ``per_page`` outside 1–100.
    """
    raise NotImplementedError


async def base_facets(filters: BaseFilters | None = None) -> Facets:
    """Count bases per ``kind``, ``country``, ``province``, ``city``, ``domain`` and ``audience``."""
    raise NotImplementedError


async def nearest_bases(latitude: float, longitude: float, locale: str = "en", *, limit: int = 5,
                        filters: BaseFilters | None = None) -> list[BaseCard]:
    """Return the ``limit`` published bases nearest to a point, nearest first, with ``distance_km``.

    :raises InvalidInput: for a point that is not on Earth or ``limit`` outside 1–100.
    """
    raise NotImplementedError


async def get_base(base_id: int, locale: str = "en", *, now: datetime | None = None) -> BaseDetail:
    """Return a learning centre's page with its intakes that have not ended (earliest first).

    :raises NotFound: when there is no such published base.
    """
    raise NotImplementedError


async def partner_catalogue(slug: str, locale: str | None = None, *,
                            now: datetime | None = None) -> PartnerCatalogue:
    """Return a partner's curated selection of published courses, in the partner's order.

    ``locale`` None means the partner's main locale (the first of ``Partner.locales``).

    :raises NotFound: when there is no partner with this slug.
    """
    raise NotImplementedError
