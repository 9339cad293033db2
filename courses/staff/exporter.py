"""Export the catalogue per locale as CSV or XLSX, and intakes and enrollments as iCalendar.

The spreadsheet uses the importer's English headers, so an exported file imports back without
changing anything. Texts follow the content fallback chain; the ``locale`` column says which
locale each row's text is really in (so a re-import writes it where it came from).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from courses.enrollment.icalendar import Event, calendar
from courses.errors import NotFound
from courses.i18n.content import chain_locales, localize
from courses.models import (
    Base,
    BaseText,
    Course,
    CourseCountry,
    CourseLanguage,
    CourseText,
    Enrollment,
    Intake,
    ProviderText,
)
from courses.staff.cells import inert_cell
from courses.staff.import_columns import COLUMNS
from courses.vocabulary.kinds import EnrollmentStatus, Status

if TYPE_CHECKING:
    from openpyxl.cell import WriteOnlyCell

__all__ = [
    "EXPORT_COLUMNS",
    "catalogue_rows",
    "intake_calendar",
    "learner_calendar",
    "to_csv",
    "to_xlsx",
]

EXPORT_COLUMNS = (
    "key",
    "title",
    "provider",
    "category",
    "level",
    "track",
    "kind",
    "hours",
    "credits",
    "delivery",
    "url",
    "summary",
    "languages",
    "hsk",
    "countries",
    "status",
    "locale",
)
assert set(EXPORT_COLUMNS) <= set(COLUMNS), "every exported column is one the importer reads"
_CHUNK = 500
Row = dict[str, str]


def _chunks(items: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(items), _CHUNK):
        yield list(items[start : start + _CHUNK])


async def catalogue_rows(
    locale: str, *, status: Status | str | None = None, course_ids: Sequence[int] | None = None
) -> list[Row]:
    """Return one row per course (by id), texts localized for ``locale``; courses without any text are kept
    with an empty title. ``status`` None means every course, drafts and archived ones included."""
    query = Course.all().order_by("id")
    if status is not None:
        query = query.filter(status=Status(status))
    if course_ids is not None:
        query = query.filter(id__in=list(course_ids))
    courses = await query.values()
    ids = [c["id"] for c in courses]
    chain = list(chain_locales(locale))
    texts: dict[int, dict[str, dict]] = {}
    languages: dict[int, list[str]] = {}
    countries: dict[int, list[str]] = {}
    for chunk in _chunks(ids):
        for t in await CourseText.filter(course_id__in=chunk, locale__in=chain).values(
            "course_id", "locale", "title", "summary"
        ):
            texts.setdefault(t["course_id"], {})[t["locale"]] = t
        for course_id, language in (
            await CourseLanguage.filter(course_id__in=chunk)
            .order_by("language")
            .values_list("course_id", "language")
        ):
            languages.setdefault(course_id, []).append(language)
        for course_id, country in (
            await CourseCountry.filter(course_id__in=chunk)
            .order_by("country")
            .values_list("course_id", "country")
        ):
            countries.setdefault(course_id, []).append(country)
    provider_names: dict[int, dict[str, str]] = {}
    for provider_id, name_locale, name in await ProviderText.filter(
        provider_id__in=sorted({c["provider_id"] for c in courses}), locale__in=chain
    ).values_list("provider_id", "locale", "name"):
        provider_names.setdefault(provider_id, {})[name_locale] = name
    rows = []
    for c in courses:
        own = texts.get(c["id"], {})
        title = localize({loc: t["title"] for loc, t in own.items()}, locale)
        text_locale = title.locale if title else locale
        summary = own.get(text_locale, {}).get("summary") if title and not title.converted else None
        if title and title.converted:
            summary_text = localize({loc: t["summary"] for loc, t in own.items()}, locale)
            summary = summary_text.text if summary_text else None
        provider = localize(provider_names.get(c["provider_id"], {}), locale)
        rows.append(
            {
                "key": c["key"],
                "title": title.text if title else "",
                "provider": provider.text if provider else "",
                "category": str(c["major_category"]),
                "level": _text(c["level"]),
                "track": _text(c["track"]),
                "kind": _text(c["kind"]),
                "hours": str(c["hours"]),
                "credits": _text(c["credits"]),
                "delivery": _text(c["delivery"]),
                "url": c["url"] or "",
                "summary": summary or "",
                "languages": ";".join(languages.get(c["id"], [])),
                "hsk": _text(c["hsk_level"]),
                "countries": ";".join(countries.get(c["id"], [])),
                "status": _text(c["status"]),
                "locale": text_locale,
            }
        )
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def to_csv(rows: list[Row]) -> bytes:
    """CSV in UTF-8 with a byte-order mark (Excel and WPS then open Chinese text correctly)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({column: inert_cell(value) for column, value in row.items()} for row in rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[Row]) -> bytes:
    """An XLSX workbook with one sheet, numbers as numbers and every text a string cell (never a formula)."""
    # openpyxl (with lxml) is about 9 MB a process: loaded by the staff's exports and imports only.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("courses")
    sheet.append(list(EXPORT_COLUMNS))
    numeric = {"category", "hours", "hsk"}
    for row in rows:
        sheet.append(
            [
                int(row[c])
                if c in numeric and row[c]
                else float(row[c])
                if c == "credits" and row[c]
                else _string_cell(sheet, row[c])
                for c in EXPORT_COLUMNS
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _string_cell(sheet: Any, value: str) -> WriteOnlyCell:
    # openpyxl makes any text starting with "=" a formula; a string cell is shown, never run.
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


async def _localized(
    model, key: str, ids: Iterable[int], fields: tuple[str, ...], locale: str
) -> dict[int, str]:
    """``{id: "field, field"}`` of the texts of courses or bases, along the fallback chain."""
    by_id: dict[int, dict[str, str]] = {}
    for row in await model.filter(
        **{f"{key}__in": sorted(set(ids))}, locale__in=list(chain_locales(locale))
    ).values(key, "locale", *fields):
        by_id.setdefault(row[key], {})[row["locale"]] = ", ".join(str(row[f]) for f in fields if row[f])
    return {i: str(localize(texts, locale) or "") for i, texts in by_id.items()}


async def _intakes_calendar(
    intakes: list[Intake], locale: str, portal_url: str, domain: str, now: datetime | None
) -> str:
    """The iCalendar document of these intakes' events, stamped ``now`` (the current time when None)."""
    titles = await _localized(CourseText, "course_id", [i.course_id for i in intakes], ("title",), locale)
    # A draft or archived base is no place to tell anyone about: its intakes go without a location.
    shown = await Base.filter(id__in={i.base_id for i in intakes if i.base_id}, status=Status.PUBLISHED
                              ).values_list("id", flat=True)
    places = await _localized(BaseText, "base_id", cast(list[int], shown), ("name", "address"), locale)
    events = [
        Event(
            uid=f"intake-{intake.id}@{domain}",
            summary=titles.get(intake.course_id, ""),
            starts_at=intake.starts_at,
            ends_at=intake.ends_at,
            timezone=intake.timezone,
            location=places.get(intake.base_id) if intake.base_id else None,  # None: unpublished too
            url=f"{portal_url.rstrip('/')}/{locale}/courses/{intake.course_id}" if portal_url else None,
        )
        for intake in intakes
    ]
    return calendar(events, stamp=now or datetime.now(UTC))


async def intake_calendar(
    intake_id: int,
    locale: str,
    *,
    portal_url: str = "",
    domain: str = "lifelong.local",
    now: datetime | None = None,
) -> str:
    """An iCalendar (RFC 5545) document with the one event of an intake of a published course.

    :raises NotFound: when there is no such intake, or its course is a draft or archived.
    """
    intake = await Intake.get_or_none(id=intake_id, course__status=Status.PUBLISHED)
    if intake is None:
        raise NotFound("intake", id=intake_id)
    return await _intakes_calendar([intake], locale, portal_url, domain, now)


async def learner_calendar(
    learner_id: int,
    locale: str,
    *,
    portal_url: str = "",
    domain: str = "lifelong.local",
    now: datetime | None = None,
) -> str:
    """An iCalendar document of the intakes a learner is enrolled in or has completed (not waitlisted)."""
    enrollments = (
        await Enrollment.filter(
            learner_id=learner_id,
            status__in=(EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED),
        )
        .prefetch_related("intake")
        .order_by("intake__starts_at", "id")
    )
    intakes = [e.intake for e in enrollments]
    return await _intakes_calendar(intakes, locale, portal_url, domain, now)
