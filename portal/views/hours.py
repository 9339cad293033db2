"""My continuing-education hours: one calendar year against the requirement, what is missing, the
year's records, other years, a CSV for my employer, and the choice to show them on verification pages."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from aiohttp import web

from courses.catalogue import get_courses
from courses.credits import HoursRequirement, YearOfHours, format_code, share_hours, yearly_hours
from courses.errors import InvalidInput
from courses.i18n import format_day, format_number, plural_count, translations
from courses.staff import inert_cell
from courses.vocabulary import N_, plain_number
from portal import keys
from portal.cards import Text, text
from portal.csrf import csrf_token
from portal.errors import BadRequest
from portal.forms import form_text, read_form
from portal.layout import page_layout
from portal.rendering import render
from portal.views.account import require_learner

PROFESSIONAL, GENERAL = N_("Professional subjects"), N_("General subjects")


@dataclass(frozen=True)
class Amount:
    """Hours written for the page, and the count ngettext chooses their plural by."""

    text: str
    count: int


@dataclass(frozen=True)
class HoursRow:
    course: Text
    completed: str
    hours: str
    subject: str  # msgid


@dataclass(frozen=True)
class HoursPage:
    year: int
    total: Amount
    professional: Amount
    general: Amount
    required: Amount
    required_professional: Amount
    missing: Amount
    missing_professional: Amount
    met: bool
    rows: list[HoursRow]
    years: list[tuple[int, str, bool]]  # (year, its URL, the one shown)
    csv_url: str
    share_url: str
    shared: bool
    csrf_token: str


def requirement(request: web.Request) -> HoursRequirement:
    """The requirement the deployment's settings state (``CE_YEARLY_HOURS``, ``CE_PROFESSIONAL_SHARE``)."""
    return HoursRequirement.of_settings(request.app[keys.SETTINGS])


def amount(hours: int, locale: str) -> Amount:
    return Amount(format_number(hours, locale), plural_count(hours, locale))


async def _year(request: web.Request, learner_id: int) -> YearOfHours:
    raw = request.query.get("year")
    year = plain_number(raw, 4)
    if raw is not None and year is None:
        raise BadRequest(N_("Please choose a year between 2000 and 2100."))
    try:
        return await yearly_hours(learner_id, year, requirement(request))
    except InvalidInput as refusal:
        raise BadRequest(N_("Please choose a year between 2000 and 2100.")) from refusal


def _url(request: web.Request, name: str, **query: str) -> str:
    return str(request.app.router[name].url_for(locale=request[keys.LOCALE]).with_query(query))


async def _titles(year: YearOfHours, locale: str) -> dict[int, Text]:
    cards = await get_courses(list({e.course_id for e in year.entries}), locale)
    return {c.id: text(c.title, locale) or Text(str(c.id), None) for c in cards}


async def hours(request: web.Request) -> web.Response:
    """My hours in one year (this year by default) and what is still missing."""
    learner_id = await require_learner(request)
    locale = request[keys.LOCALE]
    year = await _year(request, learner_id)
    titles = await _titles(year, locale)
    rows = [HoursRow(titles.get(e.course_id, Text(str(e.course_id), None)),
                     format_day(e.completed_at, year.zone, locale), format_number(e.hours, locale),
                     PROFESSIONAL if e.professional else GENERAL) for e in year.entries]
    rule = year.requirement
    view = HoursPage(
        year.year, amount(year.total, locale), amount(year.professional, locale), amount(year.general, locale),
        amount(rule.total, locale), amount(rule.professional, locale), amount(year.missing, locale),
        amount(year.missing_professional, locale), year.met, rows,
        [(y, _url(request, "hours", year=str(y)), y == year.year) for y in year.years],
        _url(request, "hours_csv", year=str(year.year)), _url(request, "hours_share"), year.shared,
        await csrf_token(request))
    return render(request, "account/hours.html", {"layout": await page_layout(request), "view": view})


async def hours_csv(request: web.Request) -> web.Response:
    """My hours of one year as CSV for my employer, in my language, with the verification codes."""
    learner_id = await require_learner(request)
    locale = request[keys.LOCALE]
    year = await _year(request, learner_id)
    titles = await _titles(year, locale)
    _ = translations(locale).gettext
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Year"), _("Course"), _("Completed"), _("Hours"), _("Subjects"), _("Verification code")])
    for e in year.entries:
        writer.writerow([str(year.year), inert_cell(titles[e.course_id].text if e.course_id in titles else ""),
                         format_day(e.completed_at, year.zone, locale), str(e.hours),
                         _(PROFESSIONAL if e.professional else GENERAL), format_code(e.verification_code)])
    rule = year.requirement
    for label, value in ((_("Total"), year.total), (_(PROFESSIONAL), year.professional),
                         (_("Required in a year"), rule.total), (_("Professional hours required"), rule.professional),
                         (_("Still missing"), year.missing)):
        writer.writerow([str(year.year), label, "", str(value), "", ""])
    return web.Response(body=out.getvalue().encode("utf-8-sig"), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="hours-{year.year}.csv"',
                                 "Cache-Control": "no-store"})


async def share(request: web.Request) -> web.Response:
    """Show my yearly hours on my records' verification pages, or stop."""
    learner_id = await require_learner(request)
    form = await read_form(request)
    await share_hours(learner_id, form_text(form, "share", 5) == "1")
    raise web.HTTPSeeOther(request.app.router["hours"].url_for(locale=request[keys.LOCALE]))
