"""Staff pages of courses: find, edit fields, translations side by side, publish, intakes, share links."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from aiohttp import web
from yarl import URL

from courses.i18n import format_moment
from courses.partners import bot_start_link, short_path
from courses.staff import editing
from courses.vocabulary import (
    MAJOR_CATEGORIES,
    N_,
    TRACK_LABELS,
    CourseKind,
    Delivery,
    Level,
    Status,
    labels,
)
from portal import keys
from portal.errors import BadRequest
from portal.forms import form_text, read_form
from portal.layout import absolute
from portal.views.admin import (
    CURRENT_STAFF,
    FormProblem,
    RecordForms,
    TextColumn,
    admin_page,
    form_problems,
    list_query,
    path_id,
    posted_status,
    saved_or_refused,
    staff_page,
    url,
)

COURSE_FIELDS = ("category", "level", "track", "kind", "hours", "credits", "delivery", "url", "hsk")


@dataclass(frozen=True)
class CourseListView:
    q: str
    status: str
    lines: list
    total: int
    page: int
    pages: int
    statuses: tuple[str, ...] = tuple(s.value for s in Status)


@staff_page
async def course_list(request: web.Request) -> web.Response:
    q, page = list_query(request)
    status = request.query.get("status", "")
    if status and status not in {s.value for s in Status}:
        raise BadRequest(N_("The request could not be understood."))
    lines, total = await editing.find_courses(
        request[CURRENT_STAFF], q=q, status=status or None, locale=request[keys.LOCALE], page=page
    )
    view = CourseListView(q, status, lines, total, page, max(1, -(-total // editing.PER_PAGE)))
    return await admin_page(request, "admin/courses.html", view)


@dataclass(frozen=True)
class IntakeRow:
    id: int
    starts: str
    ends: str
    deadline: str
    capacity: str
    seats_taken: int
    timezone: str
    starts_value: str
    ends_value: str
    deadline_value: str
    base_id: str
    action: str
    roster_url: str


@dataclass(frozen=True)
class CourseEditView:
    id: int
    key: str
    provider: str
    provider_id: int
    status: str
    values: dict[str, str]
    problems: dict[str, FormProblem]
    texts: list[TextColumn]
    intakes: list[IntakeRow]
    choices: dict[str, list[tuple[str, str]]]
    share_url: str
    qr_url: str
    bot_url: str | None
    notice: str | None = None
    intake_problems: dict[str, FormProblem] = field(default_factory=dict)


def _local_value(value, zone: str) -> str:
    """A stored moment as a ``datetime-local`` value in the intake's zone."""
    return value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M") if value else ""


def _choices() -> dict[str, list[tuple[str, str]]]:
    return {
        "category": [(str(code), name) for code, name in MAJOR_CATEGORIES.items()],
        "level": [("", "—")] + [(lv.value, labels.LEVEL[lv]) for lv in Level],
        "track": [(t.value, label) for t, label in TRACK_LABELS.items()],
        "kind": [(k.value, labels.KIND[k]) for k in CourseKind],
        "delivery": [(d.value, labels.DELIVERY[d]) for d in Delivery],
    }


def _course_values(course) -> dict[str, str]:
    return {
        "category": str(course.major_category),
        "level": course.level or "",
        "track": str(course.track),
        "kind": str(course.kind),
        "hours": str(course.hours),
        "credits": str(course.credits),
        "delivery": str(course.delivery),
        "url": course.url or "",
        "hsk": str(course.hsk_level) if course.hsk_level else "",
    }


async def _edit_view(
    request: web.Request,
    course_id: int,
    *,
    values: dict[str, str] | None = None,
    problems: dict[str, str] | None = None,
    intake_problems: dict[str, str] | None = None,
    notice: str | None = None,
) -> CourseEditView:
    locale = request[keys.LOCALE]
    found = await editing.course_for_editing(request[CURRENT_STAFF], course_id, locale)
    course = found.course
    texts = COURSE_FORMS.text_columns(request, course.id, found.texts, "admin_course_text")
    intakes = [
        IntakeRow(
            i.id,
            format_moment(i.starts_at, i.timezone, locale),
            format_moment(i.ends_at, i.timezone, locale) if i.ends_at else "",
            format_moment(i.enroll_deadline, i.timezone, locale) if i.enroll_deadline else "",
            str(i.capacity) if i.capacity is not None else "",
            i.seats_taken,
            i.timezone,
            _local_value(i.starts_at, i.timezone),
            _local_value(i.ends_at, i.timezone),
            _local_value(i.enroll_deadline, i.timezone),
            str(i.base_id or ""),
            str(url(request, "admin_intake", id=course.id, intake=i.id)),
            str(url(request, "admin_roster", intake=i.id)),
        )
        for i in found.intakes
    ]
    share = absolute(request, short_path(course_id=course.id))
    bot = request.app[keys.BOT_USERNAME]
    return CourseEditView(
        course.id,
        course.key,
        found.provider,
        course.provider_id,
        str(course.status),
        values or _course_values(course),
        form_problems(problems or {}, values or {}),
        texts,
        intakes,
        _choices(),
        share,
        str(request.app.router["course_qr"].url_for(locale=locale, id=str(course.id))),
        bot_start_link(bot, course.id) if bot else None,
        notice,
        form_problems(intake_problems or {}, {}),
    )


NOTICES = {
    "saved": N_("Saved."),
    "published": N_("The course is published."),
    "unpublished": N_("The course is a draft again."),
}


@staff_page
async def course_edit(request: web.Request) -> web.Response:
    notice = next((NOTICES[k] for k in NOTICES if k in request.query), None)
    return await admin_page(
        request, "admin/course.html", await _edit_view(request, path_id(request), notice=notice)
    )


@staff_page
async def course_update(request: web.Request) -> web.Response:
    return await COURSE_FORMS.save_fields(request, editing.update_course)


@staff_page
async def course_text(request: web.Request) -> web.Response:
    return await COURSE_FORMS.save_texts(request, editing.save_translation)


@staff_page
async def course_status(request: web.Request) -> web.Response:
    course_id, status = await posted_status(request)
    done = "published" if status == Status.PUBLISHED else "unpublished" if status == Status.DRAFT else "saved"
    return await saved_or_refused(
        request, editing.set_course_status(request[CURRENT_STAFF], course_id, status), "admin/course.html",
        lambda problems: _edit_view(request, course_id, problems=problems),
        _saved(request, course_id, done))


@staff_page
async def intake_save(request: web.Request) -> web.Response:
    course_id = path_id(request)
    intake_id = path_id(request, "intake") if "intake" in request.match_info else None
    form = await read_form(request)
    values = {
        name: form_text(form, name, 64)
        for name in ("starts_at", "ends_at", "enroll_deadline", "capacity", "timezone", "base_id")
    }
    return await saved_or_refused(
        request, editing.save_intake(request[CURRENT_STAFF], course_id, values, intake_id), "admin/course.html",
        lambda problems: _edit_view(request, course_id, intake_problems=problems),
        _saved(request, course_id))


def _saved(request: web.Request, course_id: int, notice: str = "saved") -> URL:
    """The course's page again, with the notice of what was done (``NOTICES``)."""
    return url(request, "admin_course", id=course_id).with_query({notice: "1"})


COURSE_FORMS = RecordForms(
    "admin/course.html", COURSE_FIELDS, {"title": 300, "summary": 4000, "description": 20000}, "text-",
    lambda request, course_id, values, problems: _edit_view(request, course_id, values=values, problems=problems),
    _saved)
