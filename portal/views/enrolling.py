"""Enrolling in an intake: the confirmation page with every fact, what happens next, cancelling with a
confirmation step. Each write is one domain call (``enroll``, ``cancel``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web
from yarl import URL

from courses.enrollment import AddressNotConfirmed, EnrollmentRefused, enroll, enrollment_in
from courses.i18n import format_number, refusal_message
from courses.vocabulary import N_, EnrollmentStatus, Source
from portal import keys
from portal.attending import Attendance, attendance, reader_of
from portal.csrf import csrf_token
from portal.errors import BadRequest
from portal.layout import page_layout
from portal.rendering import render
from portal.sessions import signed_in_learner


def _id(value: str | None, message: str) -> int:
    if not value or not value.isascii() or not value.isdigit() or len(value) > 9:
        raise BadRequest(message)
    return int(value)


def _url(request: web.Request, name: str, **parts: str) -> URL:
    return request.app.router[name].url_for(locale=request[keys.LOCALE], **parts)


def _to_signin(request: web.Request, back_to: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(_url(request, "signin").with_query(next=back_to))


CHOOSE_INTAKE = N_("Please choose an intake of this course.")


@dataclass(frozen=True)
class EnrollPage:
    facts: Attendance
    csrf_token: str
    message: str | None  # msgid of a refusal
    resend_url: str | None = None  # the address is not confirmed: the page offers a new confirmation mail
    partner: str | None = None  # the slug the learner came through, kept on the form


async def enroll_form(request: web.Request) -> web.Response:
    """Confirm enrolling in one intake; anonymous learners sign in first and come back here."""
    intake_id = _id(request.query.get("intake"), CHOOSE_INTAKE)
    learner_id = await signed_in_learner(request)
    if learner_id is None:
        raise _to_signin(request, request.rel_url.path_qs)
    if await enrollment_in(learner_id, intake_id) is not None:  # already held: say so, never a second form
        raise web.HTTPSeeOther(_url(request, "enrollment", intake=str(intake_id)))
    return await _enroll_page(request, intake_id, None)


async def _enroll_page(request: web.Request, intake_id: int, message: str | None,
                       status: int = 200, resend: bool = False) -> web.Response:
    # Before confirming, an intake abroad says where it is: for the partner's country the learner came
    # through (``?partner=``, carried by the enroll link and the form), else the language's.
    reader = await reader_of(request)
    facts = await attendance(request, _id(request.match_info["id"], CHOOSE_INTAKE), intake_id, reader)
    view = EnrollPage(facts, await csrf_token(request), message,
                      str(_url(request, "resend_confirmation")) if resend else None, reader.partner)
    return render(request, "courses/enroll.html", {"layout": await page_layout(request), "view": view},
                  status=status)


async def enroll_submit(request: web.Request) -> web.Response:
    learner_id = await signed_in_learner(request)
    form = await request.post()
    value = form.get("intake")
    intake_id = _id(value if isinstance(value, str) else None, CHOOSE_INTAKE)
    if learner_id is None:
        raise _to_signin(request, str(_url(request, "enroll", id=request.match_info["id"])
                                      .with_query(intake=str(intake_id))))
    await attendance(request, _id(request.match_info["id"], CHOOSE_INTAKE), intake_id)  # of this course
    try:
        await enroll(learner_id, intake_id, source=Source.PORTAL, now=datetime.now(UTC))
    except EnrollmentRefused as refusal:
        return await _enroll_page(request, intake_id, refusal_message(refusal), status=409,
                                  resend=isinstance(refusal, AddressNotConfirmed))
    raise web.HTTPSeeOther(_url(request, "enrollment", intake=str(intake_id)))


@dataclass(frozen=True)
class EnrollmentPage:
    facts: Attendance
    waitlisted: bool
    position: str | None
    csrf_token: str
    cancel_url: str
    account_url: str


async def _held(request: web.Request) -> tuple[Attendance, EnrollmentPage]:
    learner_id = await signed_in_learner(request)
    if learner_id is None:
        raise _to_signin(request, request.rel_url.path_qs)
    intake_id = _id(request.match_info["intake"], CHOOSE_INTAKE)
    held = await enrollment_in(learner_id, intake_id)
    if held is None:  # cancelled meanwhile, or never: the list says what there is
        raise web.HTTPSeeOther(_url(request, "account"))
    facts = await attendance(request, held.course_id, intake_id)
    waiting = held.status is EnrollmentStatus.WAITLISTED
    position = format_number(held.position, request[keys.LOCALE]) if held.position else None
    view = EnrollmentPage(facts, waiting, position,
                          await csrf_token(request),
                          str(_url(request, "cancel_enrollment", intake=str(intake_id))),
                          str(_url(request, "account")))
    return facts, view


async def enrollment_page(request: web.Request) -> web.Response:
    """After enrolling (and from "My enrollments"): enrolled or waitlisted, and how to attend."""
    _, view = await _held(request)
    return render(request, "courses/enrolled.html", {"layout": await page_layout(request), "view": view})


async def cancel_form(request: web.Request) -> web.Response:
    """Ask before cancelling: a second page with one form, no JavaScript needed."""
    _, view = await _held(request)
    return render(request, "account/cancel.html", {"layout": await page_layout(request), "view": view})
