"""Reviewers' pages: pending conversion applications of their institution (counted per institution),
approve or reject with a reason, the applicant's proof, and the institution's conversion rules."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from courses.catalogue import get_courses
from courses.credits import AlreadyCompleted
from courses.errors import InvalidInput, NotFound
from courses.i18n import format_moment, format_number
from courses.outcomes import (
    AlreadyDecided,
    PendingApplication,
    decide_application,
    institution_rules,
    outcome_proof,
    pending_applications,
    save_rule,
)
from courses.staff import institution_names
from courses.vocabulary import N_
from portal import keys
from portal.cards import Text, text
from portal.errors import BadRequest
from portal.forms import form_text, read_form
from portal.views.admin import CURRENT_STAFF, admin_page, staff_page, url
from portal.views.outcomes import KIND_LABELS, LEVEL_LABELS, day, proof_response

NOTICES = {"approved": N_("The application was approved and the credit record written."),
           "rejected": N_("The application was rejected."), "rule": N_("The rule was saved.")}


@dataclass(frozen=True)
class ApplicationRow:
    application: PendingApplication
    course: Text
    kind: str
    level: str | None
    issued: str
    applied: str
    expired: bool
    proof_url: str
    decide_url: str


@dataclass(frozen=True)
class RuleRow:
    course: Text
    kind: str
    name: str
    min_level: str | None
    max_age_years: int | None
    credits: str | None


@dataclass(frozen=True)
class ApplicationsPage:
    rows: list[ApplicationRow]
    counts: list[tuple[Text, str]]  # (institution, pending applications), when there is more than one
    rules: list[RuleRow]
    kinds: list[tuple[str, str]]
    levels: list[tuple[str, str]]
    notice: str | None


async def _titles(request: web.Request, ids: list[int]) -> dict[int, Text]:
    locale = request[keys.LOCALE]
    return {card.id: text(card.title, locale) or Text(str(card.id), None) for card in await get_courses(ids, locale)}


@staff_page
async def applications(request: web.Request) -> web.Response:
    """Pending applications this reviewer may decide, with counts per institution, and its rules."""
    staff = request[CURRENT_STAFF]
    locale = request[keys.LOCALE]
    pending = await pending_applications(staff)
    rules = await institution_rules(staff)
    titles = await _titles(request, list({p.course_id for p in pending} | {r.course_id for r in rules}))
    rows = [ApplicationRow(
        p, titles.get(p.course_id, Text(str(p.course_id), None)), KIND_LABELS[p.outcome.kind],
        LEVEL_LABELS[p.outcome.level] if p.outcome.level else None, day(p.outcome.issued_on, locale),
        format_moment(p.applied_at, "Asia/Shanghai", locale), p.outcome.expired,
        str(url(request, "admin_application_proof", id=p.id)),
        str(url(request, "admin_decide", id=p.id))) for p in pending]
    rule_rows = [RuleRow(titles.get(r.course_id, Text(str(r.course_id), None)), KIND_LABELS[r.outcome_kind],
                         r.outcome_name, LEVEL_LABELS[r.min_level] if r.min_level else None, r.max_age_years,
                         format_number(r.credits, locale) if r.credits is not None else None) for r in rules]
    per_institution = sorted(Counter(p.provider_id for p in pending).items())
    names = await institution_names([provider_id for provider_id, _ in per_institution], locale)
    counts = [(text(names.get(provider_id), locale) or Text(str(provider_id), None), format_number(n, locale))
              for provider_id, n in per_institution]
    notice = next((NOTICES[k] for k in NOTICES if k in request.query), None)
    view = ApplicationsPage(rows, counts, rule_rows, list(KIND_LABELS.items()), list(LEVEL_LABELS.items()), notice)
    return await admin_page(request, "admin/applications.html", view)


@staff_page
async def decide(request: web.Request) -> web.Response:
    form = await read_form(request)
    approve = form_text(form, "decision", 10) == "approve"
    try:
        await decide_application(request[CURRENT_STAFF], int(request.match_info["id"]), approve=approve,
                                 reason=form_text(form, "reason", 500), now=datetime.now(UTC))
    except NotFound:
        raise web.HTTPNotFound() from None
    except InvalidInput as refusal:
        raise BadRequest(N_("Please say why the application is rejected (up to 500 characters).")) from refusal
    except AlreadyDecided as refusal:
        raise BadRequest(N_("This application was decided already.")) from refusal
    except AlreadyCompleted as refusal:
        raise BadRequest(N_("The learner already has credits for this course.")) from refusal
    done = "approved" if approve else "rejected"
    raise web.HTTPSeeOther(url(request, "admin_applications").with_query({done: "1"}))


@staff_page
async def proof(request: web.Request) -> web.Response:
    """The proof of an applied outcome, for a reviewer of the application's institution only."""
    try:
        outcome = await outcome_proof(staff=request[CURRENT_STAFF],
                                      application_id=int(request.match_info["id"]))
    except NotFound:
        raise web.HTTPNotFound() from None
    return proof_response(request, outcome.proof_path, outcome.proof_type)


@staff_page
async def add_rule(request: web.Request) -> web.Response:
    form = await read_form(request)
    years = form_text(form, "max_age_years", 3)
    try:
        await save_rule(request[CURRENT_STAFF], course_key=form_text(form, "course_key", 64),
                        outcome_kind=form_text(form, "outcome_kind", 24),
                        outcome_name=form_text(form, "outcome_name", 200),
                        min_level=form_text(form, "min_level", 16) or None,
                        max_age_years=int(years) if years.isdigit() else None,
                        credits=form_text(form, "credits", 8) or None)
    except NotFound as refusal:
        raise BadRequest(N_("No course has this key.")) from refusal
    except InvalidInput as refusal:
        raise BadRequest(N_("Please check the rule: a kind, an outcome name, and credits of 0 or more.")) from refusal
    raise web.HTTPSeeOther(url(request, "admin_applications").with_query(rule="1"))
