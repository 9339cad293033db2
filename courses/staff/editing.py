"""What catalogue staff do to courses and bases: find, edit, translate, publish, schedule intakes.

Every function takes the acting :class:`~courses.models.StaffUser` first and asks
:func:`courses.staff.roles.require` before reading or writing, so a provider editor never sees or
changes another institution's course. Form values arrive as text and are read with the same
rules as an import (:data:`courses.staff.import_columns.READERS`); a refusal names each bad field.
Writes keep the search index in step in their own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from courses.enrollment.capacity import CapacityBelowEnrolled, edit_intake_locked
from courses.errors import InvalidInput, NotFound
from courses.i18n.content import LocalizedText, localize
from courses.models import Base, Course, CourseText, Intake, ProviderText, StaffUser
from courses.search.index import reindex_courses
from courses.staff.import_columns import READERS, CellError
from courses.staff.roles import Action, require
from courses.storage.db import retry_when_busy
from courses.vocabulary.digits import plain_number
from courses.vocabulary.kinds import Status

__all__ = [
    "StaffUser",
    "institution_names",
    "missing_translations",
    "translation_coverage",
]

PER_PAGE = 50
EDITABLE_COURSE_FIELDS = {
    "category": "major_category",
    "level": "level",
    "track": "track",
    "kind": "kind",
    "hours": "hours",
    "credits": "credits",
    "delivery": "delivery",
    "url": "url",
    "hsk": "hsk_level",
}
NULLABLE = {"level", "url", "hsk"}


class InvalidForm(InvalidInput):
    """Some fields of a form are wrong; ``problems`` maps each to a code of ``PROBLEM_MESSAGES``."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("invalid_form")
        self.problems = dict(problems)


@dataclass(frozen=True)
class CourseLine:
    """A course in the staff list."""

    id: int
    key: str
    title: str
    title_locale: str | None
    provider: str
    status: Status
    track: str
    locales: tuple[str, ...]


@dataclass(frozen=True)
class CourseEditing:
    """A course with every stored text (per locale) and its intakes, for the edit page."""

    course: Course
    provider: str
    texts: dict[str, CourseText]
    intakes: list[Intake]


@dataclass(frozen=True)
class Coverage:
    locale: str
    translated: int
    total: int

    @property
    def missing(self) -> int:
        return self.total - self.translated


def _scoped(staff: StaffUser):
    query = Course.all()
    if staff.role == "provider_editor":
        query = query.filter(provider_id=staff.provider_id)
    return query


async def _course(staff: StaffUser, course_id: int, action: Action) -> Course:
    course = await Course.get_or_none(id=course_id)
    if course is None:
        raise NotFound("course", id=course_id)
    require(staff, action, course.provider_id)
    return course


async def find_courses(
    staff: StaffUser, *, q: str = "", status: str | None = None, locale: str = "en", page: int = 1
) -> tuple[list[CourseLine], int]:
    """Courses the member of staff may edit, newest first, matching an id, a key or a title; and the total."""
    require(staff, Action.VIEW_ADMIN)
    query = _scoped(staff)
    q = q.strip()[:200]
    if (wanted := plain_number(q)) is not None:
        query = query.filter(id=wanted)
    elif q:
        query = query.filter(
            Q(key=q) | Q(id__in=Subquery(CourseText.filter(title__icontains=q).values("course_id")))
        )
    if status:
        query = query.filter(status=Status(status))
    total = await query.count()
    page = max(1, page)
    courses = await query.order_by("-id").offset((page - 1) * PER_PAGE).limit(PER_PAGE)
    return await _lines(courses, locale), total


async def institution_names(ids: Iterable[int], locale: str) -> dict[int, LocalizedText]:
    """Each institution's name in ``locale`` by the content fallback; one without any name is left out."""
    names: dict[int, dict[str, str]] = {}
    for provider_id, name_locale, name in await ProviderText.filter(provider_id__in=set(ids)).values_list(
        "provider_id", "locale", "name"
    ):
        names.setdefault(provider_id, {})[name_locale] = name
    return {provider_id: found for provider_id, by_locale in names.items()
            if (found := localize(by_locale, locale)) is not None}


async def _lines(courses: Sequence[Course], locale: str) -> list[CourseLine]:
    ids = [c.id for c in courses]
    texts: dict[int, dict[str, str]] = {}
    for course_id, text_locale, title in await CourseText.filter(course_id__in=ids).values_list(
        "course_id", "locale", "title"
    ):
        texts.setdefault(course_id, {})[text_locale] = title
    names = await institution_names({c.provider_id for c in courses}, locale)
    lines = []
    for c in courses:
        title = localize(texts.get(c.id, {}), locale)
        provider = names.get(c.provider_id)
        lines.append(
            CourseLine(
                c.id,
                c.key,
                title.text if title else c.key,
                title.locale if title else None,
                provider.text if provider else "",
                Status(c.status),
                str(c.track),
                tuple(sorted(texts.get(c.id, {}))),
            )
        )
    return lines


async def course_for_editing(staff: StaffUser, course_id: int, locale: str = "en") -> CourseEditing:
    """The course, all its texts and intakes. :raises NotFound: / :raises Forbidden:."""
    course = await _course(staff, course_id, Action.EDIT_COURSE)
    texts = {t.locale: t for t in await CourseText.filter(course_id=course_id)}
    names = dict(await ProviderText.filter(provider_id=course.provider_id).values_list("locale", "name"))
    provider = localize(names, locale)
    intakes = await Intake.filter(course_id=course_id).order_by("starts_at", "id")
    return CourseEditing(course, provider.text if provider else "", texts, intakes)


def read_form(form: Mapping[str, str], fields: Mapping[str, str]) -> dict[str, object]:
    """Read the given form fields with the import rules; empty optional ones become None.

    :raises InvalidForm: naming every bad field.
    """
    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    for name, column in fields.items():
        if name not in form:
            continue
        raw = form[name].strip()
        if not raw:
            if name in NULLABLE:
                values[column] = None
            else:
                problems[name] = "required"
            continue
        try:
            values[column] = READERS[name](raw)
        except CellError as error:
            problems[name] = error.code
    if problems:
        raise InvalidForm(problems)
    return values


async def update_course(staff: StaffUser, course_id: int, form: Mapping[str, str]) -> Course:
    """Change a course's fields from a form (absent fields stay as they are).

    :raises InvalidForm: / :raises NotFound: / :raises Forbidden:.
    """
    course = await _course(staff, course_id, Action.EDIT_COURSE)
    values = read_form(form, EDITABLE_COURSE_FIELDS)
    async with in_transaction() as conn:
        course.update_from_dict(values)
        await course.save(using_db=conn)
        await reindex_courses([course.id], using=conn)
    return course


async def save_translation(
    staff: StaffUser,
    course_id: int,
    locale: str,
    locales: Sequence[str],
    *,
    title: str,
    summary: str = "",
    description: str = "",
) -> CourseText | None:
    """Store a course's texts in one locale; all three empty removes that locale's texts.

    :raises InvalidForm: for a title missing or too long, or a locale not among ``locales``.
    """
    await _course(staff, course_id, Action.EDIT_COURSE)
    if locale not in locales:
        raise InvalidForm({"locale": "unknown_value"})
    title, summary, description = title.strip(), summary.strip(), description.strip()
    async with in_transaction() as conn:
        if not (title or summary or description):
            await CourseText.filter(course_id=course_id, locale=locale).using_db(conn).delete()
            await reindex_courses([course_id], using=conn)
            return None
        if not title:
            raise InvalidForm({"title": "required"})
        if len(title) > 300:
            raise InvalidForm({"title": "too_long"})
        text, _ = await CourseText.update_or_create(
            {"title": title, "summary": summary or None, "description": description or None},
            course_id=course_id,
            locale=locale,
            using_db=conn,
        )
        await reindex_courses([course_id], using=conn)
    return text


async def set_course_status(
    staff: StaffUser, course_id: int, status: Status | str, *, now: datetime | None = None
) -> Course:
    """Publish, unpublish (back to draft) or archive a course; the first publication is dated.

    :raises InvalidForm: for an unknown status, or publishing a course with no title in any locale.
    """
    course = await _course(staff, course_id, Action.PUBLISH_COURSE)
    try:
        status = Status(status)
    except ValueError:
        raise InvalidForm({"status": "unknown_value"}) from None
    if status is Status.PUBLISHED and not await CourseText.filter(course_id=course_id).exists():
        raise InvalidForm({"status": "no_title"})
    async with in_transaction() as conn:
        course.status = status
        if status is Status.PUBLISHED and course.published_at is None:
            course.published_at = now or datetime.now(UTC)
        await course.save(using_db=conn)
        await reindex_courses([course.id], using=conn)
    return course


async def translation_coverage(staff: StaffUser, locales: Sequence[str]) -> list[Coverage]:
    """How many of the courses in the member of staff's scope have texts in each locale."""
    require(staff, Action.VIEW_ADMIN)
    scope = _scoped(staff)
    total = await scope.count()
    texts = CourseText.filter(locale__in=list(locales))
    if staff.role == "provider_editor":
        texts = texts.filter(course__provider_id=staff.provider_id)
    counts = dict(await texts.annotate(n=Count("id")).group_by("locale").values_list("locale", "n"))
    return [Coverage(locale, counts.get(locale, 0), total) for locale in locales]


async def missing_translations(
    staff: StaffUser, locale: str, *, display_locale: str = "en", page: int = 1
) -> tuple[list[CourseLine], int]:
    """Courses in scope that have no text in ``locale``, newest first; and how many there are."""
    require(staff, Action.VIEW_ADMIN)
    query = _scoped(staff).exclude(id__in=Subquery(CourseText.filter(locale=locale).values("course_id")))
    total = await query.count()
    courses = await query.order_by("-id").offset((max(1, page) - 1) * PER_PAGE).limit(PER_PAGE)
    return await _lines(courses, display_locale), total


# -- intakes -----------------------------------------------------------------------------------


def _moment(raw: str, zone: ZoneInfo) -> datetime:
    """A ``datetime-local`` form value (or ISO 8601) in the intake's zone, as an aware datetime."""
    moment = datetime.fromisoformat(raw.strip())
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


async def save_intake(
    staff: StaffUser, course_id: int, form: Mapping[str, str], intake_id: int | None = None,
    *, now: datetime | None = None,
) -> Intake:
    """Create an intake of a course, or change one; times are read in the intake's time zone.

    A change takes the intake's lock like an enrollment, never writes ``seats_taken``, and fills
    seats it frees (a raised or removed limit) from the waitlist, notifying each promoted learner.

    :raises InvalidForm: for bad times, an end before the start, a capacity below the seats
        already taken (refused, nobody is moved off a seat), an unknown time zone or base.
    """
    await _course(staff, course_id, Action.EDIT_COURSE)
    intake = None
    if intake_id is not None:
        intake = await Intake.get_or_none(id=intake_id, course_id=course_id)
        if intake is None:
            raise NotFound("intake", id=intake_id)
    problems: dict[str, str] = {}
    timezone = (form.get("timezone") or (intake.timezone if intake else "Asia/Shanghai")).strip()
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidForm({"timezone": "unknown_value"}) from None
    values: dict[str, object] = {"timezone": timezone}
    for name in ("starts_at", "ends_at", "enroll_deadline"):
        raw = (form.get(name) or "").strip()
        if not raw:
            if name == "starts_at":
                problems[name] = "required"
            values[name] = None
            continue
        try:
            values[name] = _moment(raw, zone)
        except ValueError:
            problems[name] = "unknown_value"
    capacity = (form.get("capacity") or "").strip()
    try:
        values["capacity"] = READERS["hours"](capacity) if capacity else None
    except CellError as error:
        problems["capacity"] = error.code
    base = (form.get("base_id") or "").strip()
    values["base_id"] = plain_number(base)
    if base and (values["base_id"] is None or not await Base.filter(id=values["base_id"]).exists()):
        problems["base_id"] = "unknown_value"
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if isinstance(starts, datetime) and isinstance(ends, datetime) and ends <= starts:
        problems["ends_at"] = "out_of_range"
    # Named here with the other problems; the check that counts is repeated under the intake's lock.
    taken = intake.seats_taken if intake else 0
    if isinstance(values.get("capacity"), int) and values["capacity"] < taken:  # type: ignore[operator]
        problems["capacity"] = "below_taken"
    if problems:
        raise InvalidForm(problems)
    existing = intake.id if intake is not None else None

    async def write() -> Intake:
        async with in_transaction() as conn:
            if existing is None:
                saved = await Intake.create(course_id=course_id, using_db=conn, **values)
            else:
                try:
                    # The transaction's first statement takes the intake's lock, as enrollments do.
                    saved, _ = await edit_intake_locked(conn, existing, values, now=now or datetime.now(UTC))
                except CapacityBelowEnrolled:
                    raise InvalidForm({"capacity": "below_taken"}) from None
            await reindex_courses([course_id], using=conn)
            return saved

    return await retry_when_busy(write)
