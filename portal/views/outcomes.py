"""My learning account's outcomes from elsewhere: add one with its proof, see what it converts into, apply,
and follow every step; the proof file is served to me (and to reviewers, see ``admin_outcomes``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from aiohttp import web

from courses.catalogue import get_courses
from courses.errors import CourseError, InvalidInput, NotFound
from courses.i18n import format_day, format_moment, format_number
from courses.outcomes import (
    CONSENT_EVENTS,
    MAX_PROOF_BYTES,
    AlreadyApplied,
    NotEligible,
    OutcomeEntry,
    Proof,
    add_outcome,
    apply_for_conversion,
    check_proof,
    learning_account,
    outcome_proof,
    read_proof,
)
from courses.vocabulary import N_, OutcomeKind, OutcomeLevel
from portal import keys
from portal.cards import Text, text
from portal.csrf import csrf_token
from portal.errors import BadRequest
from portal.forms import form_text, read_form
from portal.layout import page_layout
from portal.rendering import render
from portal.sessions import learner_zone
from portal.views.account import require_learner

KIND_LABELS = {OutcomeKind.ONE_PLUS_X: N_("1+X vocational skill certificate"),
               OutcomeKind.COURSE_ELSEWHERE: N_("Course completed at another institution"),
               OutcomeKind.SKILL_LEVEL: N_("Skill-level certificate")}
LEVEL_LABELS = {OutcomeLevel.JUNIOR: N_("Junior (初级)"), OutcomeLevel.INTERMEDIATE: N_("Intermediate (中级)"),
                OutcomeLevel.SENIOR: N_("Senior (高级)")}
STATUS_LABELS = {"submitted": N_("Submitted"), "accepted": N_("Accepted"), "rejected": N_("Rejected"),
                 "pending": N_("Application pending"), "approved": N_("Approved")}
EVENT_LABELS = {"outcome_added": N_("Outcome added"), "applied": N_("Applied for conversion"),
                "approved": N_("Application approved"), "rejected": N_("Application rejected"),
                "partners_allowed": N_("Partners allowed to read a credit record"),
                "partners_withdrawn": N_("Partners' access to a credit record withdrawn")}
PROOF_PROBLEMS = {"size": N_("The proof must be a file of at most {kilobytes} KB."),
                  "type": N_("The proof must be a PDF, PNG or JPEG file."),
                  "mismatch": N_("The file's content does not match its type. Please upload the original file.")}
NOTICES = {"added": N_("Your outcome was added."), "applied": N_("Your application was sent to the institution.")}


@dataclass(frozen=True)
class ConversionRow:
    course: Text
    credits: str | None
    status: str | None  # msgid; None: not applied yet
    reason: str | None
    apply_url: str


@dataclass(frozen=True)
class OutcomeRow:
    entry: OutcomeEntry
    kind: str  # msgid
    level: str | None  # msgid
    status: str  # msgid
    issued: str
    valid_until: str | None
    proof_url: str
    conversions: list[ConversionRow]


@dataclass(frozen=True)
class EventRow:
    at: str
    what: str  # msgid
    by_staff: bool
    outcome: str
    detail: str | None


@dataclass(frozen=True)
class OutcomesPage:
    outcomes: list[OutcomeRow]
    events: list[EventRow]
    csrf_token: str
    kinds: list[tuple[str, str]]
    levels: list[tuple[str, str]]
    max_kilobytes: int
    notice: str | None
    problem: str | None


def _url(request: web.Request, name: str, **parts: object) -> str:
    return str(request.app.router[name].url_for(locale=request[keys.LOCALE], **{k: str(v) for k, v in parts.items()}))


def day(value: date, locale: str) -> str:
    """A calendar date as the locale writes it."""
    return format_day(datetime.combine(value, time(12), UTC), "UTC", locale)


async def _page(request: web.Request, learner_id: int, *, problem: str | None = None,
                status: int = 200) -> web.Response:
    locale = request[keys.LOCALE]
    account = await learning_account(learner_id, datetime.now(UTC).date())
    course_ids = list({c.course_id for o in account.outcomes for c in o.conversions})
    cards = {card.id: card for card in await get_courses(course_ids, locale)}
    rows = []
    for o in account.outcomes:
        conversions = [ConversionRow(
            (text(cards[c.course_id].title, locale) if c.course_id in cards else None) or Text(str(c.course_id), None),
            format_number(c.credits, locale) if c.credits is not None else None,
            STATUS_LABELS[c.application_status] if c.application_status else None, c.reason,
            _url(request, "apply_conversion", id=o.id, rule=c.rule_id)) for c in o.conversions]
        rows.append(OutcomeRow(o, KIND_LABELS[o.kind], LEVEL_LABELS[o.level] if o.level else None,
                               STATUS_LABELS[o.status], day(o.issued_on, locale),
                               day(o.valid_until, locale) if o.valid_until else None,
                               _url(request, "outcome_proof", id=o.id), conversions))
    zone = await learner_zone(request)
    # A consent event's detail is the record's code: shown where an outcome's name goes, not as a reason.
    events = [EventRow(format_moment(e.at, zone, locale), EVENT_LABELS.get(e.what, e.what), e.by_staff,
                       e.detail or "", None) if e.what in CONSENT_EVENTS else
              EventRow(format_moment(e.at, zone, locale), EVENT_LABELS.get(e.what, e.what), e.by_staff,
                       e.outcome_name, e.detail) for e in account.events]
    notice = next((NOTICES[k] for k in NOTICES if k in request.query), None)
    view = OutcomesPage(rows, events, await csrf_token(request), list(KIND_LABELS.items()),
                        list(LEVEL_LABELS.items()), MAX_PROOF_BYTES // 1024, notice, problem)
    return render(request, "account/outcomes.html", {"layout": await page_layout(request), "view": view},
                  status=status)


async def outcomes(request: web.Request) -> web.Response:
    """My outcomes from elsewhere, what each converts into, my applications and their history."""
    return await _page(request, await require_learner(request))


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise BadRequest(N_("Please enter dates as on the calendar (year-month-day).")) from None


async def add(request: web.Request) -> web.Response:
    """Add an outcome with its proof (checked by content, not by name)."""
    learner_id = await require_learner(request)
    form = await read_form(request)
    upload = form.get("proof")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return await _page(request, learner_id, problem=PROOF_PROBLEMS["type"], status=422)
    content = upload.file.read(MAX_PROOF_BYTES + 1)
    try:
        proof: Proof = check_proof(content, upload.content_type or "", upload.filename)
        issued_on = _date(form_text(form, "issued_on", 10))
        if issued_on is None:
            raise InvalidInput("issued_on", field="issued_on")
        await add_outcome(
            learner_id, kind=form_text(form, "kind", 24), name=form_text(form, "name", 200),
            level=form_text(form, "level", 16) or None, issuer=form_text(form, "issuer", 200),
            number=form_text(form, "number", 100), issued_on=issued_on,
            valid_until=_date(form_text(form, "valid_until", 10)), proof=proof,
            data_dir=request.app[keys.SETTINGS].data_dir, today=datetime.now(UTC).date())
    except InvalidInput as refusal:
        problem = refusal.details.get("problem")
        message = PROOF_PROBLEMS[str(problem)] if problem else N_(
            "Please fill in the name, the issuer, a level for certificates, and the dates (not in the future).")
        return await _page(request, learner_id, problem=message, status=413 if problem == "size" else 422)
    raise web.HTTPSeeOther(request.app.router["outcomes"].url_for(locale=request[keys.LOCALE]).with_query(added="1"))


async def apply(request: web.Request) -> web.Response:
    """Apply to convert one of my outcomes under a rule it meets; a second application is refused."""
    learner_id = await require_learner(request)
    try:
        await apply_for_conversion(learner_id, int(request.match_info["id"]), int(request.match_info["rule"]),
                                   datetime.now(UTC).date())
    except AlreadyApplied as refusal:
        raise BadRequest(N_("You have already applied for this conversion.")) from refusal
    except NotEligible as refusal:
        raise BadRequest(N_("This outcome does not meet the rule (level, age or validity).")) from refusal
    except NotFound:
        raise web.HTTPNotFound() from None
    raise web.HTTPSeeOther(request.app.router["outcomes"].url_for(locale=request[keys.LOCALE]).with_query(applied="1"))


def proof_response(request: web.Request, relative: str, media_type: str) -> web.Response:
    """The stored proof, never cached, never sniffed, never run as a page."""
    proof = read_proof(request.app[keys.SETTINGS].data_dir, relative, media_type)
    return web.Response(body=proof.content, content_type=proof.media_type, headers={
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'", "Content-Disposition": "inline"})


async def proof(request: web.Request) -> web.Response:
    learner_id = await require_learner(request)
    try:
        outcome = await outcome_proof(learner_id=learner_id, outcome_id=int(request.match_info["id"]))
    except CourseError:
        raise web.HTTPNotFound() from None
    return proof_response(request, outcome.proof_path, outcome.proof_type)
