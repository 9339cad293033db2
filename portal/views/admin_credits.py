"""Staff page of credit records: look a record up by its code and revoke it, with a reason verifiers see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from courses.credits import CreditFacts, credit_facts, revoke_record
from courses.errors import InvalidInput, NotFound
from courses.i18n import format_day, format_number, localize
from courses.vocabulary import N_
from portal import keys
from portal.cards import Text, text
from portal.errors import BadRequest
from portal.forms import form_text, read_form
from portal.views.admin import CURRENT_STAFF, admin_page, staff_page, url


@dataclass(frozen=True)
class RecordRow:
    code: str
    course: Text
    hours: str
    credits: str
    completed: str
    revoked: bool
    revoked_reason: str | None
    revoke_url: str
    page_url: str


@dataclass(frozen=True)
class CreditsView:
    asked: str
    record: RecordRow | None
    notice: str | None  # msgid
    not_found: bool


def _row(request: web.Request, facts: CreditFacts) -> RecordRow:
    locale = request[keys.LOCALE]
    return RecordRow(
        facts.code, text(localize(facts.titles, locale), locale) or Text(str(facts.course_id), None),
        format_number(facts.hours, locale), format_number(facts.credits, locale),
        format_day(facts.completed_at, "UTC", locale),
        facts.revoked, facts.revoked_reason, str(url(request, "admin_revoke", code=facts.code)),
        str(url(request, "verify_record", code=facts.code)))


@staff_page
async def credits(request: web.Request) -> web.Response:
    """Find a credit record by its verification code."""
    asked = request.query.get("code", "").strip()[:20]
    record, not_found = None, False
    if asked:
        try:
            record = _row(request, await credit_facts(asked))
        except NotFound:
            not_found = True
    notice = N_("The credit record was revoked.") if "revoked" in request.query else None
    return await admin_page(request, "admin/credits.html", CreditsView(asked, record, notice, not_found),
                            status=404 if not_found else 200)


@staff_page
async def revoke(request: web.Request) -> web.Response:
    form = await read_form(request)
    code = request.match_info["code"]
    try:
        facts = await revoke_record(request[CURRENT_STAFF], code, form_text(form, "reason", 500),
                                    now=datetime.now(UTC))
    except InvalidInput as refusal:
        raise BadRequest(N_("Please say why the credit record is revoked (up to 500 characters).")) from refusal
    raise web.HTTPSeeOther(url(request, "admin_credits").with_query(code=facts.code, revoked="1"))
