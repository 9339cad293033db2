"""Public verification of credits: a code's page (printable, with its QR code), the form, and the check
of a credential file someone pasted or uploaded; the learner's choice to show their name on a record.

Lookups of unknown codes are counted per client (with the credential files'): past the limit every
lookup is refused (429) for the rest of the window, so that codes cannot be enumerated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal

from aiohttp import web
from markupsafe import Markup

from courses.credits import (
    MAX_CREDENTIAL_BYTES,
    CreditFacts,
    check_credential,
    credit_facts,
    format_code,
    normalize_code,
    shared_hours,
    show_name,
)
from courses.errors import NotFound
from courses.i18n import format_day, format_number, localize, plural_count
from courses.outcomes import consent_to_partners
from courses.partners import qr_svg
from courses.vocabulary import N_, labels
from portal import keys
from portal.cards import Text, text
from portal.csrf import csrf_token
from portal.errors import BadRequest
from portal.forms import form_text, read_form
from portal.layout import page_layout
from portal.locales import direction
from portal.rendering import render
from portal.views.account import require_learner
from portal.views.credentials import against_enumeration, current_issuer
from portal.views.hours import Amount, amount, requirement


@dataclass(frozen=True)
class Claims:
    """What a record or a credential says, shaped for the page's locale."""

    course: Text
    course_dir: str  # from the language tag of the text shown, never from @direction
    provider: Text | None
    hours: str | None
    credits: str | None
    credits_count: int
    completed: str | None
    track: str | None  # msgid
    level: str | None  # msgid
    category: str | None  # msgid
    learner_name: str | None


@dataclass(frozen=True)
class RecordPage:
    code: str
    claims: Claims
    revoked: bool
    revoked_reason: str | None
    url: str  # the absolute verification URL, also in the QR code
    qr: Markup
    credential_url: str
    converted_from: str | None = None  # granted by conversion of this outcome
    hours: SharedHours | None = None  # the learner's continuing-education hours, when they share them


@dataclass(frozen=True)
class SharedHours:
    year: int
    total: Amount
    professional: Amount
    required: Amount
    required_professional: Amount
    met: bool


@dataclass(frozen=True)
class CheckPage:
    readable: bool
    issued_here: bool
    valid: bool
    revoked: bool
    revoked_reason: str | None
    claims: Claims | None


@dataclass(frozen=True)
class FormPage:
    csrf_token: str
    max_kilobytes: int
    check: CheckPage | None


def _text(texts: dict[str, str], locale: str) -> Text | None:
    found = localize(texts, locale) if "" not in texts else None
    if found is None and texts:  # a plain string without a language: shown as it is
        value = next(iter(texts.values()))
        return Text(value, None)
    return text(found, locale)


def _claims(locale: str, titles: dict[str, str], providers: dict[str, str], hours: int | None,
            credits: float | None, completed: datetime | None, *, track: str | None = None,
            level: str | None = None, category: int | None = None, learner_name: str | None = None) -> Claims:
    course = _text(titles, locale) or Text("—", None)
    return Claims(
        course=course, course_dir=direction(course.lang or locale), provider=_text(providers, locale),
        hours=format_number(hours, locale) if hours is not None else None,
        credits=format_number(credits, locale) if credits is not None else None,
        credits_count=plural_count(Decimal(str(credits)) if credits is not None else Decimal(0), locale),
        completed=format_day(completed, "UTC", locale) if completed else None,
        track=track, level=level,
        category=labels.CATEGORY.get(category) if category is not None else None,
        learner_name=learner_name)


def _record_claims(facts: CreditFacts, locale: str) -> Claims:
    return _claims(locale, facts.titles, facts.provider_names, facts.hours, float(facts.credits),
                   facts.completed_at, track=labels.TRACK[facts.track],
                   level=labels.LEVEL[facts.level] if facts.level else None, category=facts.major_category,
                   learner_name=facts.learner_name)


async def _lookup(request: web.Request, code: str) -> CreditFacts:
    return await against_enumeration(request, lambda: credit_facts(code))


def _no_store(response: web.Response) -> web.Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


async def record_page(request: web.Request) -> web.Response:
    """The public facts of one credit record, in the page's locale, printable with its QR code."""
    locale = request[keys.LOCALE]
    facts = await _lookup(request, request.match_info["code"])
    issuer = current_issuer(request)
    compact = normalize_code(facts.code)
    if request.match_info["code"] != facts.code:  # one address per record: the printed form
        raise web.HTTPMovedPermanently(request.app.router["verify_record"].url_for(locale=locale, code=facts.code))
    url = issuer.url + str(request.app.router["verify_record"].url_for(locale=locale, code=facts.code))
    view = RecordPage(facts.code, _record_claims(facts, locale), facts.revoked, facts.revoked_reason, url,
                      Markup(qr_svg(url, scale=4, title=url)),
                      str(request.app.router["credential"].url_for(code=compact)), facts.converted_from,
                      await _shared_hours(facts.code, request))
    return _no_store(render(request, "verify/record.html", {"layout": await page_layout(request), "view": view}))


async def _shared_hours(code: str, request: web.Request) -> SharedHours | None:
    year = await shared_hours(code, requirement(request))
    if year is None:
        return None
    locale = request[keys.LOCALE]
    return SharedHours(year.year, amount(year.total, locale), amount(year.professional, locale),
                       amount(year.requirement.total, locale), amount(year.requirement.professional, locale),
                       year.met)


async def _form(request: web.Request, check: CheckPage | None = None, status: int = 200) -> web.Response:
    view = FormPage(await csrf_token(request), MAX_CREDENTIAL_BYTES // 1024, check)
    return _no_store(render(request, "verify/form.html", {"layout": await page_layout(request), "view": view},
                            status=status))


async def verify_form(request: web.Request) -> web.Response:
    """The form: a code to look up (sent to its page), or a credential file to check."""
    code = request.query.get("code", "").strip()
    if code:
        try:
            printed = format_code(normalize_code(code))
        except NotFound:
            await _lookup(request, code)  # counted like any unknown code, then a 404
            raise
        raise web.HTTPSeeOther(request.app.router["verify_record"].url_for(locale=request[keys.LOCALE],
                                                                           code=printed))
    return await _form(request)


async def verify_file(request: web.Request) -> web.Response:
    """Check a pasted or uploaded credential: proof, revocation, and what it claims."""
    form = await read_form(request)
    upload = form.get("file")
    if upload is not None and not isinstance(upload, str) and upload.filename:
        content: str | bytes = upload.file.read(MAX_CREDENTIAL_BYTES + 1)
    else:
        content = form_text(form, "credential", MAX_CREDENTIAL_BYTES)
    if not content:
        raise BadRequest(N_("Paste a credential or choose its file."))
    if len(content) > MAX_CREDENTIAL_BYTES:
        raise web.HTTPRequestEntityTooLarge(MAX_CREDENTIAL_BYTES, len(content))
    result = await check_credential(current_issuer(request), content)
    locale = request[keys.LOCALE]
    claims = None
    if result.readable:
        completed = datetime.combine(result.completed_on, time(12), UTC) if result.completed_on else None
        category = int(result.major_category) if (result.major_category or "").isdigit() else None
        claims = _claims(locale, result.titles, result.provider_names, result.hours, result.credits, completed,
                         category=category, learner_name=result.learner_name)
    check = CheckPage(result.readable, result.issued_here, result.valid, result.revoked, result.revoked_reason,
                      claims)
    return await _form(request, check, status=200 if result.readable else 422)


async def partner_choice(request: web.Request) -> web.Response:
    """Let partners read one of my records through the API, or withdraw that consent."""
    learner_id = await require_learner(request)
    form = await read_form(request)
    await consent_to_partners(learner_id, request.match_info["code"], form_text(form, "allow", 5) == "1")
    raise web.HTTPSeeOther(request.app.router["transcript"].url_for(locale=request[keys.LOCALE]))


async def name_choice(request: web.Request) -> web.Response:
    """Show or hide my name on one of my records' verification page and credential."""
    learner_id = await require_learner(request)
    form = await read_form(request)
    await show_name(learner_id, request.match_info["code"], form_text(form, "show", 5) == "1")
    raise web.HTTPSeeOther(request.app.router["transcript"].url_for(locale=request[keys.LOCALE]))
