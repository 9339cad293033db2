"""Staff pages of records: intake rosters (mark completed, CSV), import with a dry run, catalogue export,
and learning centres (texts per locale, publish)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web
from yarl import URL

from courses.enrollment import AlreadyCompleted, NotEnrolled, rosters
from courses.i18n import format_moment
from courses.staff import (
    Action,
    ImportReport,
    base_editing,
    catalogue_rows,
    import_file,
    require,
    to_csv,
    to_xlsx,
)
from courses.vocabulary import N_, Status, labels, plain_number
from portal import keys
from portal.errors import BadRequest
from portal.forms import form_text, read_form
from portal.views.admin import (
    CURRENT_STAFF,
    RecordForms,
    TextColumn,
    admin_page,
    form_problems,
    list_query,
    path_id,
    posted_status,
    staff_page,
    url,
)

BASE_FIELDS = ("province", "city", "latitude", "longitude", "phone", "email", "website")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class RosterRow:
    enrollment_id: int
    name: str
    email: str
    phone: str
    status: str  # msgid
    completable: bool
    enrolled: str
    complete_url: str


@dataclass(frozen=True)
class RosterView:
    intake_id: int
    course_id: int
    starts: str
    rows: list[RosterRow]
    enrolled: int
    waitlisted: int
    completed: int
    csv_url: str
    course_url: str
    notice: str | None


@staff_page
async def roster(request: web.Request) -> web.Response:
    intake_id = path_id(request, "intake")
    found = await rosters.roster(request[CURRENT_STAFF], intake_id)
    locale, zone = request[keys.LOCALE], found.intake.timezone
    rows = [
        RosterRow(
            line.enrollment_id,
            line.name,
            line.email,
            line.phone,
            labels.ENROLLMENT_STATUS[line.status],
            line.status == "enrolled",
            format_moment(line.enrolled_at, zone, locale),
            str(url(request, "admin_complete", enrollment=line.enrollment_id)),
        )
        for line in found.lines
    ]
    notice = (
        N_("Marked as completed; the credit record is written.") if "completed" in request.query else None
    )
    view = RosterView(
        intake_id,
        found.course.id,
        format_moment(found.intake.starts_at, zone, locale),
        rows,
        found.count("enrolled"),
        found.count("waitlisted"),
        found.count("completed"),
        str(url(request, "admin_roster_csv", intake=intake_id)),
        str(url(request, "admin_course", id=found.course.id)),
        notice,
    )
    return await admin_page(request, "admin/roster.html", view)


@staff_page
async def roster_csv(request: web.Request) -> web.Response:
    intake_id = path_id(request, "intake")
    found = await rosters.roster(request[CURRENT_STAFF], intake_id)
    return web.Response(
        body=rosters.roster_csv(found),
        content_type="text/csv",
        charset="utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="roster-intake-{intake_id}.csv"',
            "Cache-Control": "no-store",
        },
    )


@staff_page
async def complete(request: web.Request) -> web.Response:
    enrollment_id = path_id(request, "enrollment")
    form = await read_form(request)
    intake = form_text(form, "intake", 12)
    try:
        await rosters.mark_completed(request[CURRENT_STAFF], enrollment_id, now=datetime.now(UTC))
    except (AlreadyCompleted, NotEnrolled) as refusal:
        raise BadRequest(
            N_("This enrollment cannot be marked completed: it is not an active enrollment.")
        ) from refusal
    if plain_number(intake) is None:
        raise web.HTTPSeeOther(url(request, "admin"))
    raise web.HTTPSeeOther(url(request, "admin_roster", intake=intake).with_query(completed="1"))


@dataclass(frozen=True)
class ProblemLine:
    row: str
    column: str
    msgid: str
    variables: dict[str, str]


@dataclass(frozen=True)
class ImportView:
    report: ImportReport | None
    problems: list[ProblemLine]
    filename: str
    locales: tuple[str, ...]


def _problem_lines(report: ImportReport) -> list[ProblemLine]:
    from courses.staff import PROBLEM_MESSAGES

    return [
        ProblemLine(
            str(p.row or ""),
            p.column or "",
            PROBLEM_MESSAGES[p.code],
            {
                "column": p.column or "",
                "value": p.value or "",
                "limit": str(p.details.get("limit", "")),
                "first_row": str(p.details.get("first_row", "")),
                "row": str(p.details.get("row", "")),
            },
        )
        for p in report.problems
    ]


@staff_page
async def import_form(request: web.Request) -> web.Response:
    require(request[CURRENT_STAFF], Action.IMPORT_CATALOGUE)
    view = ImportView(None, [], "", request.app[keys.SETTINGS].locales)
    return await admin_page(request, "admin/import.html", view)


@staff_page
async def import_upload(request: web.Request) -> web.Response:
    """Check (``dry_run``) or import an uploaded CSV or XLSX list; the report lists every problem."""
    require(request[CURRENT_STAFF], Action.IMPORT_CATALOGUE)
    form = await read_form(request)
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise BadRequest(N_("Choose a CSV or XLSX file to import."))
    data = upload.file.read()
    report = await import_file(data, dry_run=form.get("dry_run") == "1")
    view = ImportView(
        report, _problem_lines(report), upload.filename or "", request.app[keys.SETTINGS].locales
    )
    return await admin_page(request, "admin/import.html", view, status=200 if report.ok else 422)


@staff_page
async def export(request: web.Request) -> web.Response:
    require(request[CURRENT_STAFF], Action.EXPORT_CATALOGUE)
    locale = request.query.get("locale", request[keys.LOCALE])
    kind = request.query.get("format", "csv")
    if locale not in request.app[keys.SETTINGS].locales or kind not in ("csv", "xlsx"):
        raise BadRequest(N_("The request could not be understood."))
    rows = await catalogue_rows(locale)
    body, content_type = (to_xlsx(rows), XLSX) if kind == "xlsx" else (to_csv(rows), "text/csv")
    return web.Response(
        body=body,
        content_type=content_type,
        headers={
            "Content-Disposition": f'attachment; filename="catalogue-{locale}.{kind}"',
            "Cache-Control": "no-store",
        },
    )


@dataclass(frozen=True)
class BaseListView:
    q: str
    bases: list[tuple[int, str, str, str]]  # id, name, kind msgid, status
    total: int
    page: int


@staff_page
async def base_list(request: web.Request) -> web.Response:
    q, page = list_query(request)
    found, total = await base_editing.find_bases(
        request[CURRENT_STAFF], q=q, locale=request[keys.LOCALE], page=page
    )
    view = BaseListView(
        q, [(b.id, name, labels.BASE_KIND[b.kind], str(b.status)) for b, name in found], total, page
    )
    return await admin_page(request, "admin/bases.html", view)


@dataclass(frozen=True)
class BaseEditView:
    id: int
    key: str
    status: str
    texts: list[TextColumn]
    problems: dict
    notice: str | None
    values: dict[str, str]


async def _base_view(
    request: web.Request, base_id: int, problems: dict | None = None, values: dict[str, str] | None = None
) -> BaseEditView:
    found = await base_editing.base_for_editing(request[CURRENT_STAFF], base_id)
    texts = BASE_FORMS.text_columns(request, base_id, found.texts, "admin_base_text")
    notice = N_("Saved.") if "saved" in request.query else None
    base = found.base
    stored = {name: "" if getattr(base, name) is None else str(getattr(base, name)) for name in BASE_FIELDS}
    return BaseEditView(
        base_id,
        base.key,
        str(base.status),
        texts,
        form_problems(problems or {}, values or {}),
        notice,
        values or stored,
    )


@staff_page
async def base_update(request: web.Request) -> web.Response:
    return await BASE_FORMS.save_fields(request, base_editing.update_base)


@staff_page
async def base_edit(request: web.Request) -> web.Response:
    return await admin_page(request, "admin/base.html", await _base_view(request, path_id(request)))


@staff_page
async def base_text(request: web.Request) -> web.Response:
    return await BASE_FORMS.save_texts(request, base_editing.save_base_text)


@staff_page
async def base_status(request: web.Request) -> web.Response:
    base_id, status = await posted_status(request)
    if status not in (Status.PUBLISHED, Status.DRAFT):
        raise BadRequest(N_("The request could not be understood."))
    await base_editing.set_base_status(request[CURRENT_STAFF], base_id, status)
    raise web.HTTPSeeOther(_base_saved(request, base_id))


def _base_saved(request: web.Request, base_id: int) -> URL:
    return url(request, "admin_base", id=base_id).with_query(saved="1")


BASE_FORMS = RecordForms(
    "admin/base.html", BASE_FIELDS, {"name": 200, "address": 300, "description": 20000}, "",
    lambda request, base_id, values, problems: _base_view(request, base_id, problems, values), _base_saved)
