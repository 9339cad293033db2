"""Accounts: sign up, sign in and out, my enrollments (cancel), my transcript, export and delete my data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web
from markupsafe import Markup
from yarl import URL

from courses.catalogue import get_courses
from courses.credits import format_code, public_url, transcript
from courses.enrollment import NotEnrolled, cancel, my_enrollments
from courses.errors import CourseError
from courses.i18n import format_moment, format_number, plural_count, refusal_message, zone_name
from courses.learners import (
    CreditRecordChoice,
    InvalidCredentials,
    LearnerProfile,
    authenticate,
    create_link_token,
    delete_learner,
    export_learner,
    get_learner,
    sign_up,
    update_preferences,
)
from courses.partners import bot_account_link, qr_svg
from courses.vocabulary import N_, EnrollmentStatus, labels
from portal import keys
from portal.attending import Attendance, attendances
from portal.cards import Text, text
from portal.csrf import csrf_token
from portal.errors import BadRequest
from portal.forms import ZONES, form_text, read_form
from portal.layout import page_layout
from portal.rendering import render
from portal.sessions import (
    end_learner_sessions,
    learner_zone,
    signed_in_learner,
    signed_in_name,
    start_session,
)
from portal.signin import SignInRefused, after_signin, count_signup, sign_in, sign_out_to


async def require_learner(request: web.Request) -> int:
    """The signed-in learner's id; anyone else is sent to sign in and brought back afterwards."""
    learner_id = await signed_in_learner(request)
    if learner_id is None:
        signin = request.app.router["signin"].url_for(locale=request[keys.LOCALE])
        raise web.HTTPSeeOther(signin.with_query(next=request.rel_url.path_qs))
    return learner_id


def _url(request: web.Request, name: str, **parts: str) -> URL:
    return request.app.router[name].url_for(locale=request[keys.LOCALE], **parts)


@dataclass(frozen=True)
class AccountForm:
    csrf_token: str
    email: str
    name: str
    zone: str
    zones: list[tuple[str, str]]  # (IANA name, the name a learner reads)
    next_path: str
    message: str | None  # msgid


async def _account_form(request: web.Request, template: str, *, email: str = "", name: str = "",
                        zone: str = "", message: str | None = None, status: int = 200,
                        next_path: str | None = None) -> web.Response:
    # A refused form is shown again from the POST: its ``next`` field, not the query, says where to go.
    next_path = after_signin(request, next_path or request.query.get("next"), str(_url(request, "account")))
    zones = [(tz, zone_name(tz, request[keys.LOCALE])) for tz in ZONES]
    view = AccountForm(await csrf_token(request), email, name, zone, zones, next_path, message)
    return render(request, template, {"layout": await page_layout(request), "view": view}, status=status)


async def signup_form(request: web.Request) -> web.Response:
    return await _account_form(request, "account/signup.html")


async def signup(request: web.Request) -> web.Response:
    form = await read_form(request)
    email, name = form_text(form, "email", 254), form_text(form, "name", 200)
    zone = form_text(form, "zone", 64)
    try:
        await count_signup(request)
    except SignInRefused as refused:
        return refused.mark(await _account_form(request, "account/signup.html", email=email, name=name,
                                                zone=zone, message=refused.message, status=refused.status,
                                                next_path=form_text(form, "next", 2000)))
    try:
        # The same answer for a new address and one with an account: both are told to check their mail.
        await sign_up(email, form_text(form, "password", 1024), display_name=name or None,
                      locale=request[keys.LOCALE], timezone=zone or None, now=datetime.now(UTC),
                      next_path=form_text(form, "next", 2000) or None)
    except CourseError as refusal:
        return await _account_form(request, "account/signup.html", email=email, name=name, zone=zone,
                                   message=refusal_message(refusal), status=422,
                                   next_path=form_text(form, "next", 2000))
    raise web.HTTPSeeOther(_url(request, "check_mail"))


async def signin_form(request: web.Request) -> web.Response:
    return await _account_form(request, "account/signin.html")


async def signin(request: web.Request) -> web.Response:
    """Check the password; unknown and known emails get the same answer, and guessing is throttled."""
    async def check(email: str, password: str) -> LearnerProfile | None:
        try:
            return await authenticate(email, password)
        except InvalidCredentials:
            return None

    async def refused_page(email: str, refused: SignInRefused, wanted: str) -> web.Response:
        return await _account_form(request, "account/signin.html", email=email, status=refused.status,
                                   message=refused.message, next_path=wanted)

    async def start(profile: LearnerProfile) -> None:
        if profile.locale != request[keys.LOCALE]:
            await update_preferences(profile.id, locale=request[keys.LOCALE])
        await start_session(request, profile.id, profile.display_name or profile.email or "", profile.timezone)

    return await sign_in(request, account=lambda email: email, check=check, refused_page=refused_page,
                         start=start, default_next=str(_url(request, "account")))


signout = sign_out_to("home")


@dataclass(frozen=True)
class EnrollmentRow:
    course: Text
    course_url: str
    starts: str
    status: str  # msgid
    position: str | None
    facts: Attendance | None  # None when the course is no longer published
    url: str  # what happens next, how to attend
    cancel_url: str  # the confirmation step


@dataclass(frozen=True)
class AccountPage:
    name: str
    current: list[EnrollmentRow]  # enrolled or waitlisted, not ended
    past: list[EnrollmentRow]  # cancelled, completed, or the intake has ended
    csrf_token: str
    notice: str | None  # msgid
    connect_telegram_url: str | None  # None: no bot, or this account is already linked
    calendar_url: str


NOTICES = {"enrolled": N_("Done. Your enrollment is listed below."),
           "cancelled": N_("Your enrollment was cancelled."),
           "confirmed": N_("Thank you: your e-mail address is confirmed."),
           "password": N_("Your new password is set. Every other session of your account has ended.")}


async def account(request: web.Request) -> web.Response:
    """My enrollments: current ones with place, dates, how to attend and calendar; past ones apart."""
    learner_id = await require_learner(request)
    locale = request[keys.LOCALE]
    enrollments = await my_enrollments(learner_id)
    cards = {card.id: card for card in await get_courses(list({e.course_id for e in enrollments}), locale)}
    facts = await attendances(request, [(e.course_id, e.intake_id) for e in enrollments])
    zone = await learner_zone(request)
    now = datetime.now(UTC)
    current, past = [], []
    for e in enrollments:
        card = cards.get(e.course_id)
        row = EnrollmentRow(
            course=(text(card.title, locale) if card else None) or Text(str(e.course_id), None),
            course_url=str(_url(request, "course", id=str(e.course_id))),
            starts=format_moment(e.starts_at, zone or e.timezone, locale),
            status=labels.enrollment_label(e.status, e.ends_at, now),
            position=format_number(e.position, locale) if e.position else None,
            facts=facts.get(e.intake_id),
            url=str(_url(request, "enrollment", intake=str(e.intake_id))),
            cancel_url=str(_url(request, "cancel_enrollment", intake=str(e.intake_id))),
        )
        ended = labels.intake_ended(e.ends_at, now)
        active = e.status in (EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED)
        (current if active and not ended else past).append(row)
    notice = next((NOTICES[k] for k in NOTICES if k in request.query), None)
    bot = request.app[keys.BOT_USERNAME]
    learner = await get_learner(learner_id)
    if learner.locale != locale:  # the language switch: notices follow the language the learner reads
        await update_preferences(learner_id, locale=locale)
    linked = learner.telegram_id is not None
    connect = str(_url(request, "connect_telegram")) if bot and not linked else None
    view = AccountPage(await signed_in_name(request) or "", current, past, await csrf_token(request), notice,
                       connect, str(_url(request, "my_calendar")))
    return render(request, "account/enrollments.html", {"layout": await page_layout(request), "view": view})


async def connect_telegram(request: web.Request) -> web.Response:
    """Send the learner to the bot with a single-use, short-lived token that links the two accounts.

    A POST, so that a link preview or a prefetch never spends a token.
    """
    learner_id = await require_learner(request)
    bot = request.app[keys.BOT_USERNAME]
    if not bot:
        raise web.HTTPNotFound()
    token = await create_link_token(learner_id, now=datetime.now(UTC))
    raise web.HTTPSeeOther(bot_account_link(bot, token))


async def cancel_enrollment(request: web.Request) -> web.Response:
    learner_id = await require_learner(request)
    value = request.match_info["intake"]
    if len(value) > 9:
        raise web.HTTPNotFound()
    try:
        await cancel(learner_id, int(value), now=datetime.now(UTC))
    except NotEnrolled as refusal:
        raise BadRequest(refusal_message(refusal)) from refusal
    raise web.HTTPSeeOther(_url(request, "account").with_query(cancelled="1"))


@dataclass(frozen=True)
class TranscriptRow:
    course: Text
    completed: str
    hours: str
    credits: str
    code: str
    verify_url: str
    qr: Markup  # of the absolute verification URL, for the printed transcript
    name_url: str
    name_shown: bool
    revoked: bool
    by_conversion: bool
    partners_url: str
    partners_allowed: bool


@dataclass(frozen=True)
class TranscriptPage:
    rows: list[TranscriptRow]
    total_hours: str
    total_credits: str
    hours_count: int  # what ngettext chooses the plural forms by
    credits_count: int
    csrf_token: str


async def transcript_page(request: web.Request) -> web.Response:
    """My credit-bank account: every completion with hours, credits and its verification code."""
    learner_id = await require_learner(request)
    locale = request[keys.LOCALE]
    record = await transcript(learner_id)
    cards = {c.id: c for c in await get_courses(list({e.course_id for e in record.entries}), locale)}
    zone = await learner_zone(request)
    base = public_url(request.app[keys.SETTINGS])
    rows = []
    for e in record.entries:
        code = format_code(e.verification_code)
        verify_url = str(_url(request, "verify_record", code=code))
        rows.append(TranscriptRow(
            course=(text(cards[e.course_id].title, locale) if e.course_id in cards else None)
            or Text(str(e.course_id), None),
            completed=format_moment(e.completed_at, zone, locale), hours=format_number(e.hours, locale),
            credits=format_number(e.credits, locale), code=code, verify_url=verify_url,
            qr=Markup(qr_svg(base + verify_url, scale=2, title=base + verify_url)),
            name_url=str(_url(request, "name_choice", code=code)), name_shown=e.name_shown, revoked=e.revoked,
            by_conversion=e.by_conversion, partners_url=str(_url(request, "partner_choice", code=code)),
            partners_allowed=e.partners_allowed))
    view = TranscriptPage(rows, format_number(record.total.hours, locale), format_number(record.total.credits, locale),
                          plural_count(record.total.hours, locale), plural_count(record.total.credits, locale),
                          await csrf_token(request))
    return render(request, "account/transcript.html", {"layout": await page_layout(request), "view": view})


async def export(request: web.Request) -> web.Response:
    """Everything stored about me, as a JSON download."""
    learner_id = await require_learner(request)
    data = await export_learner(learner_id)
    return web.Response(
        body=json.dumps(data, ensure_ascii=False, indent=2).encode(), content_type="application/json",
        charset="utf-8", headers={"Content-Disposition": 'attachment; filename="my-learning-data.json"',
                                  "Cache-Control": "no-store"})


@dataclass(frozen=True)
class DeletePage:
    csrf_token: str
    export_url: str


async def delete_form(request: web.Request) -> web.Response:
    await require_learner(request)
    view = DeletePage(await csrf_token(request), str(_url(request, "export")))
    return render(request, "account/delete.html", {"layout": await page_layout(request), "view": view})


async def delete(request: web.Request) -> web.Response:
    """Delete my account for good (after an explicit confirmation), then sign out."""
    learner_id = await require_learner(request)
    form = await read_form(request)
    if form_text(form, "confirm", 10) != "yes":
        raise BadRequest(N_("Please tick the box to confirm that you want to delete your account."))
    choice_value = form_text(form, "credit_records", 20) or CreditRecordChoice.REMOVE.value
    try:
        choice = CreditRecordChoice(choice_value)
    except ValueError as error:
        raise BadRequest(N_("Please choose what happens to your credit records.")) from error
    await delete_learner(learner_id, credit_records=choice, now=datetime.now(UTC))
    await end_learner_sessions(request, learner_id)
    raise web.HTTPSeeOther(_url(request, "home"))
