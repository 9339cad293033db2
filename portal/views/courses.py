"""Course list (search, filters and facet counts) and the course page (with the learner's own intakes)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web
from markupsafe import Markup

from courses.catalogue import course_facets, get_course, index_version, list_course_ids
from courses.enrollment import my_enrollments
from courses.filtering import CourseFilters
from courses.i18n import clipped, country_name, display_name, format_items, format_number, place_line
from courses.partners import bot_start_link, short_code
from courses.search import HitKind, search, search_help
from courses.vocabulary import N_, EnrollmentStatus, labels, plain_number
from portal import keys
from portal.attending import reader_of
from portal.cards import CourseCardView, IntakeRow, Text, course_card_view, intake_row, text
from portal.fragments import course_cards_html, facets_html, html_size
from portal.layout import absolute, is_elder, page_layout
from portal.listing import (
    FacetGroup,
    Pager,
    facet_groups,
    gettext_of,
    list_request,
    pager,
)
from portal.rendering import render
from portal.sessions import learner_zone, signed_in_learner

PER_PAGE = 20
PER_PAGE_ELDER = 8  # fewer elements per screen in the elder-friendly mode
INTAKE_COUNTS_KEPT = 30  # seconds: as long as the catalogue index keeps the courses of an intake filter


def per_page(request: web.Request) -> int:
    return PER_PAGE_ELDER if is_elder(request) else PER_PAGE


@dataclass(frozen=True)
class Found:
    """A short line of the results page outside the course cards: a learning centre, or a suggestion."""

    label: str
    url: str


HEADING_QUERY = 40  # characters of the search repeated in the heading (the box holds all 200)


@dataclass(frozen=True)
class CourseList:
    q: str
    q_heading: str  # the search as the heading and the window title repeat it, clipped
    cards: list[Markup]  # each rendered by the course_card macro (portal.fragments)
    facets: Markup  # rendered by the facets macro
    pager: Pager
    bases: list[Found]
    spellings: list[Found]
    fields: list[Found]


BASES_SHOWN = 3


async def _beside_the_cards(request: web.Request, q: str, found_nothing: bool) -> tuple[list[Found], ...]:
    """Learning centres the query names, and — when no course matched — near spellings and big fields.

    Kept with the page's fragments: every page of a search shows the same ones."""
    if not q:
        return [], [], []
    cache = request.app[keys.FRAGMENTS]
    locale = request[keys.LOCALE]
    key = ("beside", locale, q, found_nothing)
    kept = cache.get(key)
    if kept is None:
        kept = await _find_beside_the_cards(request, q, found_nothing)
        cache.put(key, kept, 256 + sum(html_size(f.label) + html_size(f.url) for found in kept for f in found))
    return kept


async def _find_beside_the_cards(request: web.Request, q: str, found_nothing: bool) -> tuple[list[Found], ...]:
    locale = request[keys.LOCALE]
    router = request.app.router
    bases = await search(q, locale, kinds=(HitKind.BASE,), per_page=BASES_SHOWN)
    base_links = [Found(str(hit.title), str(router["base"].url_for(locale=locale, id=str(hit.id))))
                  for hit in bases.items]
    if not found_nothing:
        return base_links, [], []
    help_ = await search_help(q)
    courses_url = router["courses"].url_for(locale=locale)
    gettext = gettext_of(request)
    spellings = [Found(s, str(courses_url.with_query(q=s))) for s in help_.spellings]
    fields = [Found(gettext(labels.CATEGORY.get(code, str(code))), str(courses_url.with_query(category=str(code))))
              for code in help_.categories]
    return base_links, spellings, fields


def course_facet_groups(request: web.Request) -> list:
    gettext = gettext_of(request)
    locale = request[keys.LOCALE]
    return [
        ("track", N_("Track"), lambda v: gettext(labels.TRACK.get(v, v))),
        ("level", N_("Level"), lambda v: gettext(labels.LEVEL.get(v, v))),
        ("category", N_("Field"), lambda v: gettext(labels.CATEGORY.get(plain_number(v) or 0, v))),
        ("delivery", N_("Delivery"), lambda v: gettext(labels.DELIVERY.get(v, v))),
        ("lang", N_("Language of instruction"), lambda v: display_name(v, locale)),
        ("audience", N_("For"), lambda v: gettext(labels.AUDIENCE.get(v, v))),
        ("hsk", N_("HSK level"), lambda v: v),
        ("partner_country", N_("Partner country"), lambda v: country_name(v, locale)),
    ]


async def course_list(request: web.Request) -> web.Response:
    params, page, filters = list_request(request, CourseFilters.parse)
    # Kept fragments hold for one catalogue version and one build of the index the lists come from.
    request.app[keys.FRAGMENTS].follow(f"{request.app[keys.PAGE_CACHE].version}:{await index_version()}")
    now = datetime.now(UTC)
    result = await list_course_ids(filters, page=page, per_page=per_page(request), now=now)

    async def groups() -> list[FacetGroup]:
        shown = course_facet_groups(request)[:6]
        facets = await course_facets(filters, now=now, only={name for name, _, _ in shown})
        return facet_groups(request, params, facets, shown)

    # Every page of a list shows the same facet block; counts of intake filters follow the clock.
    moment = int(now.timestamp() // INTAKE_COUNTS_KEPT) if filters.open_seats or filters.starts_from \
        or filters.starts_until else 0
    facets_key = (request.path, tuple((n, tuple(v)) for n, v in params.items() if n != "page"), moment)
    bases, spellings, fields = await _beside_the_cards(request, filters.q or "", result.total == 0)
    view = CourseList(
        q=filters.q or "",
        q_heading=clipped(filters.q or "", HEADING_QUERY),
        cards=await course_cards_html(request, result.items, now),
        facets=await facets_html(request, facets_key, groups),
        pager=pager(request, params, result),
        bases=bases,
        spellings=spellings,
        fields=fields,
    )
    return render(request, "courses/list.html", {"layout": await page_layout(request), "view": view})


@dataclass(frozen=True)
class CoursePage:
    card: CourseCardView
    description: Text | None
    kind: str  # msgid
    audiences: str  # the audiences, translated, as one list of the locale
    external_url: str | None
    place: str
    intakes: list[IntakeRow]
    telegram_url: str | None
    json_ld: Markup
    qr_url: str  # a QR code of the short link, for posters
    short_url: str
    held: dict[int, HeldIntake]  # the signed-in learner's active enrollments, by intake
    notify_url: str | None


@dataclass(frozen=True)
class HeldIntake:
    """An intake of this course the learner is already in: their status instead of "Enroll"."""

    waitlisted: bool
    position: str | None
    url: str
    cancel_url: str


async def held_intakes(request: web.Request, course_id: int) -> dict[int, HeldIntake]:
    learner_id = await signed_in_learner(request)
    if learner_id is None:
        return {}
    locale = request[keys.LOCALE]
    router = request.app.router
    return {
        view.intake_id: HeldIntake(
            waitlisted=view.status is EnrollmentStatus.WAITLISTED,
            position=format_number(view.position, locale) if view.position else None,
            url=str(router["enrollment"].url_for(locale=locale, intake=str(view.intake_id))),
            cancel_url=str(router["cancel_enrollment"].url_for(locale=locale, intake=str(view.intake_id))))
        for view in await my_enrollments(learner_id, include_ended=False) if view.course_id == course_id
    }


def _json_ld(request: web.Request, detail, card: CourseCardView) -> Markup:
    """schema.org Course with its CourseInstances; '<' is escaped so the block cannot end early."""
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": detail.card.title.text,
        "inLanguage": list(detail.card.languages),
        "url": absolute(request, request.rel_url.path),
        "hasCourseInstance": [
            {"@type": "CourseInstance", "startDate": i.starts_at.isoformat(),
             **({"endDate": i.ends_at.isoformat()} if i.ends_at else {}),
             "courseMode": detail.card.delivery.value}
            for i in detail.intakes],
    }
    if detail.description:
        data["description"] = detail.description.text[:500]
    if detail.card.provider_name:
        data["provider"] = {"@type": "Organization", "name": detail.card.provider_name.text}
    encoded = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(encoded.replace("&", "\\u0026"))  # noqa: S704 - escaped above for a script data block


def _course_id(request: web.Request) -> int:
    value = request.match_info["id"]
    if len(value) > 9:
        raise web.HTTPNotFound()
    return int(value)


async def course_page(request: web.Request) -> web.Response:
    locale = request[keys.LOCALE]
    detail = await get_course(_course_id(request), locale, now=datetime.now(UTC))
    gettext = gettext_of(request)
    card = course_card_view(request, detail.card)
    zone = await learner_zone(request)
    bot = request.app[keys.BOT_USERNAME]
    reader = await reader_of(request)
    intakes = [intake_row(request, intake, zone, reader.country, reader.partner) for intake in detail.intakes]
    view = CoursePage(
        card=card,
        description=text(detail.description, locale),
        kind=labels.KIND[detail.card.kind],
        audiences=format_items([gettext(labels.AUDIENCE[a]) for a in detail.card.audiences], locale),
        external_url=detail.url,
        place=place_line(detail.provider_city, detail.provider_province, detail.provider_country, locale),
        intakes=intakes,
        telegram_url=bot_start_link(bot, detail.id) if bot else None,
        json_ld=_json_ld(request, detail, card),
        qr_url=str(request.app.router["course_qr"].url_for(locale=locale, id=str(detail.id))),
        short_url=absolute(request, "/s/" + short_code(course_id=detail.id)),
        held=await held_intakes(request, detail.id),
        # Offered when no intake can be entered with a seat: none planned, all closed or all full.
        notify_url=None if any(i.open and not i.full for i in intakes) else
        str(request.app.router["watch_course"].url_for(locale=locale, id=str(detail.id))),
    )
    return render(request, "courses/detail.html", {"layout": await page_layout(request), "view": view})
