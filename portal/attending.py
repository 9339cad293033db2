"""What a learner needs to know to attend an intake: when (in their zone), where or how online, the fee,
the course website and the calendar file. Shared by the confirmation, after-enrolling, cancel and
"My enrollments" pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from courses.catalogue import CourseDetail, IntakeView, get_course
from courses.errors import NotFound
from courses.i18n import format_moment, format_money
from portal import keys
from portal.cards import Text, text
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


def attendance_of(request: web.Request, detail: CourseDetail, intake: IntakeView, zone: str | None,
                  now: datetime) -> Attendance:
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
    )


async def attendance(request: web.Request, course_id: int, intake_id: int) -> Attendance:
    """The facts of one intake of a published course.

    :raises NotFound: no such course, or the intake is not one of its intakes.
    """
    now = datetime.now(UTC)
    detail = await get_course(course_id, request[keys.LOCALE], now=now)
    intake = next((i for i in detail.intakes if i.id == intake_id), None)
    if intake is None:
        raise NotFound("intake", intake_id=intake_id)
    return attendance_of(request, detail, intake, await learner_zone(request), now)


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
