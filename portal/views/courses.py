"""Course list (search, filters and facet counts), course page, and enrolling in an intake."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web
from markupsafe import Markup

from courses.catalogue import course_facets, get_course, list_courses
from courses.enrollment import AddressNotConfirmed, EnrollmentRefused, enroll
from courses.errors import InvalidInput, NotFound
from courses.filtering import CourseFilters
from courses.i18n import refusal_message
from courses.partners import bot_start_link, short_code
from courses.vocabulary import N_, Source, labels
from portal import keys
from portal.cards import CourseCardView, IntakeRow, Text, course_card_view, intake_row, text
from portal.errors import BadRequest
from portal.formatting import country_name, language_name
from portal.layout import is_elder, page_layout
from portal.listing import (
    FacetGroup,
    Pager,
    facet_groups,
    gettext_of,
    page_number,
    pager,
    query_params,
    refuse_filter,
)
from portal.rendering import render
from portal.sessions import csrf_token, learner_zone, signed_in_learner

PER_PAGE = 20
PER_PAGE_ELDER = 8  # fewer elements per screen in the elder-friendly mode


def per_page(request: web.Request) -> int:
    return PER_PAGE_ELDER if is_elder(request) else PER_PAGE


@dataclass(frozen=True)
class CourseList:
    q: str
    cards: list[CourseCardView]
    facets: list[FacetGroup]
    pager: Pager


def course_facet_groups(request: web.Request) -> list:
    gettext = gettext_of(request)
    locale = request[keys.LOCALE]
    return [
        ("track", N_("Track"), lambda v: gettext(labels.TRACK.get(v, v))),
        ("level", N_("Level"), lambda v: gettext(labels.LEVEL.get(v, v))),
        ("category", N_("Field"), lambda v: gettext(labels.CATEGORY.get(int(v), v)) if v.isdigit() else v),
        ("delivery", N_("Delivery"), lambda v: gettext(labels.DELIVERY.get(v, v))),
        ("lang", N_("Language of instruction"), lambda v: language_name(v, locale)),
        ("audience", N_("For"), lambda v: gettext(labels.AUDIENCE.get(v, v))),
        ("hsk", N_("HSK level"), lambda v: v),
        ("partner_country", N_("Partner country"), lambda v: country_name(v, locale)),
    ]


async def course_list(request: web.Request) -> web.Response:
    params = query_params(request)
    page = page_number(params)
    try:
        filters = CourseFilters.parse(params)
    except InvalidInput as error:
        raise refuse_filter(error) from error
    locale = request[keys.LOCALE]
    now = datetime.now(UTC)
    result = await list_courses(filters, locale, page=page, per_page=per_page(request), now=now)
    facets = await course_facets(filters, now=now)
    view = CourseList(
        q=filters.q or "",
        cards=[course_card_view(request, card) for card in result.items],
        facets=facet_groups(request, params, facets, course_facet_groups(request)[:6]),
        pager=pager(request, params, result),
    )
    return render(request, "courses/list.html", {"layout": await page_layout(request), "view": view})


@dataclass(frozen=True)
class CoursePage:
    card: CourseCardView
    description: Text | None
    kind: str  # msgid
    audiences: list[str]  # msgids
    external_url: str | None
    place: str
    intakes: list[IntakeRow]
    telegram_url: str | None
    json_ld: Markup
    qr_url: str  # a QR code of the short link, for posters
    short_url: str
    notify_url: str | None


def _json_ld(request: web.Request, detail, card: CourseCardView) -> Markup:
    """schema.org Course with its CourseInstances; '<' is escaped so the block cannot end early."""
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": detail.card.title.text,
        "inLanguage": list(detail.card.languages),
        "url": str(request.url.origin().join(request.rel_url.with_query(None))),
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
    card = course_card_view(request, detail.card)
    zone = await learner_zone(request)
    bot = request.app[keys.BOT_USERNAME]
    intakes = [intake_row(request, intake, zone) for intake in detail.intakes]
    view = CoursePage(
        card=card,
        description=text(detail.description, locale),
        kind=labels.KIND[detail.card.kind],
        audiences=[labels.AUDIENCE[a] for a in detail.card.audiences],
        external_url=detail.url,
        place=", ".join(p for p in (detail.provider_city, detail.provider_province,
                                    country_name(detail.provider_country, locale)) if p),
        intakes=intakes,
        telegram_url=bot_start_link(bot, detail.id) if bot else None,
        json_ld=_json_ld(request, detail, card),
        qr_url=str(request.app.router["course_qr"].url_for(locale=locale, id=str(detail.id))),
        short_url=str(request.url.origin().with_path("/s/" + short_code(course_id=detail.id))),
        # Offered when no intake can be entered with a seat: none planned, all closed or all full.
        notify_url=None if any(i.open and not i.full for i in intakes) else
        str(request.app.router["watch_course"].url_for(locale=locale, id=str(detail.id))),
    )
    return render(request, "courses/detail.html", {"layout": await page_layout(request), "view": view})


@dataclass(frozen=True)
class EnrollPage:
    card: CourseCardView
    intake: IntakeRow
    csrf_token: str
    message: str | None  # msgid of a refusal
    resend_url: str | None  # the address is not confirmed: the page offers a new confirmation mail


def _intake_id(value: str | None) -> int:
    if not value or not value.isascii() or not value.isdigit() or len(value) > 9:
        raise BadRequest(N_("Please choose an intake of this course."))
    return int(value)


async def enroll_form(request: web.Request) -> web.Response:
    """Confirm enrolling in one intake; anonymous learners sign in first and come back here."""
    locale = request[keys.LOCALE]
    intake_id = _intake_id(request.query.get("intake"))
    if await signed_in_learner(request) is None:
        signin = request.app.router["signin"].url_for(locale=locale).with_query(next=request.rel_url.path_qs)
        raise web.HTTPSeeOther(signin)
    return await _enroll_page(request, intake_id, None)


async def _enroll_page(request: web.Request, intake_id: int, message: str | None,
                       status: int = 200, resend: bool = False) -> web.Response:
    locale = request[keys.LOCALE]
    detail = await get_course(_course_id(request), locale, now=datetime.now(UTC))
    intake = next((i for i in detail.intakes if i.id == intake_id), None)
    if intake is None:
        raise NotFound("intake")
    view = EnrollPage(course_card_view(request, detail.card),
                      intake_row(request, intake, await learner_zone(request)),
                      await csrf_token(request), message,
                      str(request.app.router["resend_confirmation"].url_for(locale=locale)) if resend else None)
    return render(request, "courses/enroll.html", {"layout": await page_layout(request), "view": view},
                  status=status)


async def enroll_submit(request: web.Request) -> web.Response:
    locale = request[keys.LOCALE]
    learner_id = await signed_in_learner(request)
    form = await request.post()
    intake_id = _intake_id(form.get("intake") if isinstance(form.get("intake"), str) else None)
    if learner_id is None:
        raise web.HTTPSeeOther(request.app.router["signin"].url_for(locale=locale))
    try:
        await enroll(learner_id, intake_id, source=Source.PORTAL, now=datetime.now(UTC))
    except EnrollmentRefused as refusal:
        return await _enroll_page(request, intake_id, refusal_message(refusal), status=409,
                                  resend=isinstance(refusal, AddressNotConfirmed))
    raise web.HTTPSeeOther(request.app.router["account"].url_for(locale=locale)
                           .with_query(enrolled=str(intake_id)))
