"""Learning centres: a list filtered by kind and place (or nearest first), and a centre's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from courses.catalogue import base_facets, get_base, list_bases
from courses.filtering import BaseFilters
from courses.i18n import country_name
from courses.vocabulary import N_, labels, place_name
from portal import keys
from portal.base_map import BaseMap, base_map
from portal.cards import BaseCardView, IntakeRow, Text, base_card_view, intake_row, text
from portal.layout import page_layout
from portal.listing import (
    FacetGroup,
    Pager,
    facet_groups,
    gettext_of,
    list_request,
    pager,
)
from portal.rendering import render
from portal.sessions import learner_zone
from portal.views.courses import per_page


@dataclass(frozen=True)
class BaseList:
    cards: list[BaseCardView]
    facets: list[FacetGroup]
    pager: Pager
    near: bool
    near_url: str  # the list without a point, for the "near me" script to add one


async def base_list(request: web.Request) -> web.Response:
    params, page, filters = list_request(request, BaseFilters.parse)
    locale = request[keys.LOCALE]
    result = await list_bases(filters, locale, page=page, per_page=per_page(request))
    facets = await base_facets(filters)
    gettext = gettext_of(request)
    groups = [
        ("kind", N_("Kind of centre"), lambda v: gettext(labels.BASE_KIND.get(v, v))),
        ("country", N_("Country"), lambda v: country_name(v, locale)),
        ("province", N_("Province"), lambda v: place_name(v, locale, province=True)),
        ("city", N_("City"), lambda v: place_name(v, locale)),
        ("domain", N_("Speciality"), lambda v: gettext(labels.DOMAIN.get(v, v))),
    ]
    view = BaseList(
        cards=[base_card_view(request, card) for card in result.items],
        facets=facet_groups(request, params, facets, groups),
        pager=pager(request, params, result),
        near=filters.near is not None,
        near_url=str(request.rel_url.with_query(
            [(k, v) for k, vs in params.items() if k not in ("lat", "lon", "page") for v in vs])),
    )
    return render(request, "bases/list.html", {"layout": await page_layout(request), "view": view})


@dataclass(frozen=True)
class BasePage:
    card: BaseCardView
    description: Text | None
    phone: str | None
    email: str | None
    website: str | None
    intakes: list[IntakeRow]
    map: BaseMap | None  # None without coordinates


async def base_page(request: web.Request) -> web.Response:
    locale = request[keys.LOCALE]
    value = request.match_info["id"]
    if len(value) > 9:
        raise web.HTTPNotFound()
    detail = await get_base(int(value), locale, now=datetime.now(UTC))
    zone = await learner_zone(request)
    card = detail.card
    view = BasePage(
        card=base_card_view(request, card),
        description=text(detail.description, locale),
        phone=detail.phone,
        email=detail.email,
        website=detail.website,
        intakes=[intake_row(request, intake, zone) for intake in detail.intakes],
        # Drawn here from the coordinates; its links open the learner's own maps, so the page itself
        # makes no third-party request.
        map=(base_map(card.country, card.latitude, card.longitude)
             if card.latitude is not None and card.longitude is not None else None),
    )
    return render(request, "bases/detail.html", {"layout": await page_layout(request), "view": view})
