""""Chinese + vocational skills" programmes by partner country and HSK level, and partner catalogues."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from aiohttp import web
from yarl import URL

from courses.catalogue import CourseCard, course_facets, list_chinese_plus, partner_catalogue
from courses.filtering import CourseFilters
from courses.i18n import country_name
from courses.partners import share_path
from courses.vocabulary import Track
from portal import keys
from portal.cards import CourseCardView, Text, course_card_view, text
from portal.layout import Language, absolute, page_layout
from portal.listing import FacetGroup, Pager, facet_groups, list_request, pager
from portal.locales import autonym
from portal.rendering import render
from portal.views.courses import course_facet_groups, per_page


@dataclass(frozen=True)
class ChinesePlusList:
    cards: list[CourseCardView]
    facets: list[FacetGroup]
    pager: Pager


async def chinese_plus(request: web.Request) -> web.Response:
    params, page, filters = list_request(
        request, lambda given: CourseFilters.parse({k: v for k, v in given.items() if k in ("partner_country", "hsk")}))
    locale = request[keys.LOCALE]
    now = datetime.now(UTC)
    result = await list_chinese_plus(locale, partner_countries=filters.partner_countries,
                                     hsk_levels=filters.hsk_levels, page=page, per_page=per_page(request),
                                     now=now)
    facets = await course_facets(CourseFilters(tracks=(Track.CHINESE_PLUS,), hsk_levels=filters.hsk_levels,
                                               partner_countries=filters.partner_countries), now=now)
    groups = [g for g in course_facet_groups(request) if g[0] in ("partner_country", "hsk")]
    view = ChinesePlusList(
        cards=[course_card_view(request, card) for card in result.items],
        facets=facet_groups(request, params, facets, groups),
        pager=pager(request, params, result),
    )
    return render(request, "courses/chinese_plus.html", {"layout": await page_layout(request), "view": view})


@dataclass(frozen=True)
class ContactView:
    email: str | None
    phone: str | None
    phone_link: str | None  # tel: without spaces
    address: str | None
    website: str | None


@dataclass(frozen=True)
class PartnerPage:
    name: Text
    intro: Text | None
    country: str
    languages: list[Language]  # the partner's own languages
    cards: list[CourseCardView]  # what serves the partner's country
    elsewhere: list[CourseCardView]  # the rest of the partner's selection, aimed at other countries
    contact: ContactView | None
    logo_url: str | None
    qr_url: str  # a QR code of the short link, for the partner's posters
    short_url: str


def _partner_card(request: web.Request, card: CourseCard, slug: str) -> CourseCardView:
    """A card whose link keeps the partner, so the course page reads for the partner's country."""
    view = course_card_view(request, card)
    return replace(view, url=str(URL(view.url).update_query(partner=slug)))


async def partner(request: web.Request) -> web.Response:
    locale = request[keys.LOCALE]
    slug = request.match_info["slug"]
    if len(slug) > 64:
        raise web.HTTPNotFound()
    catalogue = await partner_catalogue(slug, locale, now=datetime.now(UTC))
    router = request.app.router
    supported = request.app[keys.SETTINGS].locales
    contact = catalogue.contact
    view = PartnerPage(
        name=text(catalogue.name, locale) or Text(slug, None),
        intro=text(catalogue.intro, locale),
        country=country_name(catalogue.country, locale),
        languages=[Language(tag, autonym(tag), str(router["partner"].url_for(locale=tag, slug=slug)),
                            tag == locale)
                   for tag in catalogue.locales if tag in supported],
        cards=[_partner_card(request, card, slug) for card in catalogue.courses],
        elsewhere=[_partner_card(request, card, slug) for card in catalogue.elsewhere],
        contact=None if contact.empty else ContactView(
            contact.email, contact.phone, "".join(ch for ch in contact.phone if ch in "+0123456789")
            if contact.phone else None, contact.address, contact.website),
        logo_url=(str(router["partner_logo"].url_for(slug=slug).with_query(v=catalogue.logo))
                  if catalogue.logo else None),
        qr_url=str(router["partner_qr"].url_for(locale=locale, slug=slug)),
        short_url=absolute(request, await share_path(partner_slug=slug)),
    )
    return render(request, "partners/catalogue.html", {"layout": await page_layout(request), "view": view})
