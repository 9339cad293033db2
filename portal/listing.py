"""Lists with filters that work without JavaScript: query parsing, facet links and page links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from aiohttp import web
from yarl import URL

from courses.catalogue import Facets, Page
from courses.errors import InvalidInput
from courses.filtering import MAX_QUERY, searched_text
from courses.i18n import format_number, translations
from courses.vocabulary import N_
from portal import keys
from portal.errors import BadRequest
from portal.pictograms import facet_icon

MAX_PAGE = 10_000
# Bytes of a list's query string. Every filter at once with a full query is under 4 KB; what is longer is
# refused with the localized page (the server reads request lines up to ``portal.app.MAX_REQUEST_LINE``).
MAX_LIST_QUERY = 8 * 1024
Params = dict[str, list[str]]


def query_params(request: web.Request) -> Params:
    """Every query-string name with all its values (repeated names allowed)."""
    return {name: request.query.getall(name) for name in dict.fromkeys(request.query.keys())}


def page_number(params: Params) -> int:
    """The ``page`` parameter, 1 when absent.

    :raises BadRequest: when it is not a whole number from 1 to 10,000.
    """
    values = params.get("page", [])
    if not values or values == [""]:
        return 1
    value = values[0]
    if len(values) > 1 or not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        raise BadRequest(N_("The page number must be a whole number from 1 to {max}."), max=MAX_PAGE)
    return int(value)


def refuse_filter(error: InvalidInput) -> BadRequest:
    field = str(error.details.get("field", "?"))
    return BadRequest(N_("The filter “{name}” has a value we do not understand. Please choose it again."),
                      name=field)


F = TypeVar("F")


def list_request(request: web.Request, parse: Callable[[Params], F]) -> tuple[Params, int, F]:
    """The query string, the page number it asks for and the filters it names.

    A filter value the list cannot read answers the localized 400 page, never a 500. A search longer than
    ``MAX_QUERY`` characters (a pasted paragraph) is redirected to the same list with the search cut
    there, as the search would cut it: the address, the search box and every link of the page then
    hold the words searched, not the whole paragraph.
    """
    params = query_params(request)
    given = (params.get("q") or [""])[0]
    if len(given.strip()) > MAX_QUERY:
        # A lone surrogate cannot be written in a URL: the address holds U+FFFD in its place.
        cut = searched_text(given).encode("utf-8", "replace").decode("utf-8", "replace")
        raise web.HTTPFound(request.rel_url.update_query(q=cut))
    if len(request.rel_url.raw_query_string) > MAX_LIST_QUERY:
        raise BadRequest(N_("This address is too long. Please choose fewer filters."))
    try:
        filters = parse(params)
    except InvalidInput as error:
        raise refuse_filter(error) from error
    return params, page_number(params), filters


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: str
    url: str
    selected: bool
    icon: str | None = None  # a symbol of the icon sprite, for fields and kinds of centre


@dataclass(frozen=True)
class FacetGroup:
    name: str
    title: str  # msgid
    links: list[FacetLink]
    open: bool


def _with(params: Params, **changes: list[str]) -> list[tuple[str, str]]:
    merged = {**params, **changes}
    return [(name, value) for name, values in merged.items() if name != "page" for value in values if value]


def facet_groups(request: web.Request, params: Params, facets: Facets,
                 groups: list[tuple[str, str, Callable[[str], str]]]) -> list[FacetGroup]:
    """Links that add or remove one filter value each, with the count it would give.

    ``groups`` are (filter name, msgid of its title, value → translated label).
    """
    locale = request[keys.LOCALE]
    path = URL(request.path)
    result = []
    for name, title, label in groups:
        chosen = params.get(name, [])
        links = []
        for facet in facets[name]:
            values = [v for v in chosen if v != facet.value] if facet.selected else [*chosen, facet.value]
            links.append(FacetLink(label(facet.value), format_number(facet.count, locale),
                                   str(path.with_query(_with(params, **{name: values}))), facet.selected,
                                   facet_icon(name, facet.value)))
        if links:
            result.append(FacetGroup(name, title, links, any(link.selected for link in links)))
    return result


def gettext_of(request: web.Request) -> Callable[[str], str]:
    return translations(request[keys.LOCALE]).gettext


@dataclass(frozen=True)
class Pager:
    page: str
    pages: str
    previous_url: str | None
    next_url: str | None
    total: int
    total_text: str


def pager(request: web.Request, params: Params, page: Page) -> Pager:
    """Links to the previous and next pages of a list."""
    locale = request[keys.LOCALE]
    path = URL(request.path)

    def link(n: int) -> str:
        return str(path.with_query(_with(params) + ([("page", str(n))] if n > 1 else [])))

    return Pager(
        page=format_number(page.page, locale),
        pages=format_number(page.pages, locale),
        previous_url=link(page.page - 1) if page.has_previous else None,
        next_url=link(page.page + 1) if page.page < page.pages and page.page < MAX_PAGE else None,
        total=page.total,
        total_text=format_number(page.total, locale),
    )
