"""Reviewers' conversion rules as files: upload a CSV or XLSX, read the dry-run report, apply, export.

Only the rules of the reviewer's own institution are exported, and a row for another institution's
course is refused in the report (the domain decides; see ``courses.outcomes.rule_sheets``).
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from courses.outcomes import RULE_PROBLEM_MESSAGES, RuleImportReport, RuleLine, import_rules, rules_csv, rules_xlsx
from courses.vocabulary import N_
from portal.errors import BadRequest
from portal.forms import read_form
from portal.views.admin import CURRENT_STAFF, admin_page, staff_page
from portal.views.admin_records import XLSX, ProblemLine

ACTIONS = {"create": N_("new rule"), "update": N_("changed"), "unchanged": N_("unchanged"),
           "refused": N_("refused")}


@dataclass(frozen=True)
class RulesImportView:
    report: RuleImportReport | None
    lines: list[tuple[RuleLine, str]]  # (line, msgid of its action)
    problems: list[ProblemLine]
    filename: str
    created: int
    updated: int
    unchanged: int


def _problems(report: RuleImportReport) -> list[ProblemLine]:
    return [ProblemLine(str(p.row or ""), p.column or "", RULE_PROBLEM_MESSAGES.get(p.code, RULE_PROBLEM_MESSAGES[
        "unknown_value"]), {"column": p.column or "", "value": p.value or "",
                            **{k: str(v) for k, v in p.details.items()}}) for p in report.problems]


async def _view(request: web.Request, report: RuleImportReport | None = None, filename: str = "",
                status: int = 200) -> web.Response:
    lines = [(line, ACTIONS[line.action]) for line in report.lines] if report else []
    view = RulesImportView(report, lines, _problems(report) if report else [], filename,
                           report.count("create") if report else 0, report.count("update") if report else 0,
                           report.count("unchanged") if report else 0)
    return await admin_page(request, "admin/rules_import.html", view, status=status)


@staff_page
async def rules_import_form(request: web.Request) -> web.Response:
    """The upload form of rules, with the export links."""
    await rules_csv(request[CURRENT_STAFF])  # refuses staff who keep no rules, before showing the form
    return await _view(request)


@staff_page
async def rules_import(request: web.Request) -> web.Response:
    """Check (dry run) or apply an uploaded file of rules; the report names every row's fate."""
    form = await read_form(request)
    upload = form.get("file")
    if upload is None or isinstance(upload, str) or not upload.filename:
        raise BadRequest(N_("Choose a CSV or XLSX file to import."))
    report = await import_rules(request[CURRENT_STAFF], upload.file.read(), dry_run=form.get("dry_run") == "1")
    return await _view(request, report, upload.filename, 200 if report.ok else 422)


@staff_page
async def rules_export(request: web.Request) -> web.Response:
    """The reviewer's institution's rules as CSV or XLSX, with the headers the import reads."""
    kind = request.query.get("format", "csv")
    if kind not in ("csv", "xlsx"):
        raise BadRequest(N_("The request could not be understood."))
    staff = request[CURRENT_STAFF]
    body, content_type = (await rules_xlsx(staff), XLSX) if kind == "xlsx" else (await rules_csv(staff), "text/csv")
    return web.Response(body=body, content_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="conversion-rules.{kind}"', "Cache-Control": "no-store"})
