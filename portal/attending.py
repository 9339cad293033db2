"""What a learner needs to know to attend an intake: when (in their zone), where or how online, the fee,
the course website and the calendar file. Shared by the confirmation, after-enrolling, cancel and
"My enrollments" pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from courses.catalogue import CourseDetail, IntakeView, get_course, reader_country
from courses.errors import NotFound
from courses.i18n import format_moment, format_money
from courses.partners import find_partner
from portal import keys
from portal.cards import Elsewhere, Text, elsewhere, text
from portal.sessions import learner_zone


@dataclass(frozen=True)
class Attendance:
    course_id: int
    intake_id: int
    course: Text
    course_url: str
    starts: str  # in the learner's zone when they chose one, else the intake's
    ends: str | None
    place: Text | None  # None: online
    place_url: str | None
    website: str | None
    fee: str | None  # None: free
    calendar_url: str
    open: bool
    full: bool
    ended: bool
    elsewhere: Elsewhere | None = None  # set when it meets outside the reader's country


@dataclass(frozen=True)
class Reader:
    """Whose country a page is read for: a partner's (``?partner=<slug>``, kept on links) or the language's."""

    country: str
    partner: str | None


async def reader_of(request: web.Request) -> Reader:
    """The reader of this request; an unknown partner slug is ignored (the page still opens)."""
    slug = request.query.get("partner") or None
    country = None
    if slug is not None:
        try:
            country = (await find_partner(slug)).country
        except NotFound:
            slug = None
    return Reader(reader_country(request[keys.LOCALE], country), slug)


def attendance_of(request: web.Request, detail: CourseDetail, intake: IntakeView, zone: str | None,
                  now: datetime, reader: Reader | None = None) -> Attendance:
    locale = request[keys.LOCALE]
    router = request.app.router
    shown_zone = zone or intake.timezone
    card = detail.card
    return Attendance(
        course_id=detail.id,
        intake_id=intake.id,
        course=text(card.title, locale) or Text(str(detail.id), None),
        course_url=str(router["course"].url_for(locale=locale, id=str(detail.id))),
        starts=format_moment(intake.starts_at, shown_zone, locale),
        ends=format_moment(intake.ends_at, shown_zone, locale) if intake.ends_at else None,
        place=text(intake.base_name, locale) if intake.base_id else None,
        place_url=(str(router["base"].url_for(locale=locale, id=str(intake.base_id)))
                   if intake.base_id else None),
        website=detail.url,
        fee=format_money(card.tuition, card.currency, locale) if card.tuition else None,
        calendar_url=str(router["intake_ics"].url_for(locale=locale, intake=str(intake.id))),
        open=intake.open,
        full=intake.full,
        ended=intake.ends_at is not None and intake.ends_at <= now,
        elsewhere=elsewhere(intake, reader.country if reader else None, locale),
    )


async def attendance(request: web.Request, course_id: int, intake_id: int,
                     reader: Reader | None = None) -> Attendance:
    """The facts of one intake of a published course (with where it is held, for ``reader``).

    :raises NotFound: no such course, or the intake is not one of its intakes.
    """
    now = datetime.now(UTC)
    detail = await get_course(course_id, request[keys.LOCALE], now=now)
    intake = next((i for i in detail.intakes if i.id == intake_id), None)
    if intake is None:
        raise NotFound("intake", intake_id=intake_id)
    return attendance_of(request, detail, intake, await learner_zone(request), now, reader)


async def attendances(request: web.Request, wanted: list[tuple[int, int]]) -> dict[int, Attendance]:
    """The facts of several (course, intake) pairs by intake id; unpublished courses are left out."""
    now = datetime.now(UTC)
    zone = await learner_zone(request)
    found: dict[int, Attendance] = {}
    details: dict[int, CourseDetail | None] = {}
    for course_id, intake_id in wanted:
        if course_id not in details:
            try:
                details[course_id] = await get_course(course_id, request[keys.LOCALE], now=now)
            except NotFound:
                details[course_id] = None
        detail = details[course_id]
        intake = next((i for i in detail.intakes if i.id == intake_id), None) if detail else None
        if detail is not None and intake is not None:
            found[intake_id] = attendance_of(request, detail, intake, zone, now)
    return found
