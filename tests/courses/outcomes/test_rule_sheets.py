"""Conversion rules imported from CSV and XLSX (Chinese or English headers) with a dry-run report,
all or nothing, scoped to the reviewer's institution, and exported so that a re-import changes nothing."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook

from courses.models import Course, StaffUser
from courses.outcomes import import_rules, read_rule_sheet, rules_csv, rules_xlsx
from courses.outcomes.tables import ConversionRule
from courses.staff import create_staff
from courses.vocabulary import OutcomeKind, OutcomeLevel, StaffRole
from tests.courses.credits.records import credited_course
from tests.courses.outcomes.account import CERTIFICATE, PASSWORD, reviewer

CHINESE = ("课程编号,成果类型,成果名称,最低等级,有效年限,认定学分\r\n"
           f"robots,1+X证书,{CERTIFICATE},中级,3,2.0\r\n"
           "robots,技能等级证书,电工,高级,,\r\n")


async def _two_institutions() -> None:
    await credited_course("robots")
    await credited_course("other")


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_cells_are_read_with_chinese_or_english_headers() -> None:
    parsed = read_rule_sheet(CHINESE.encode("gb18030"))
    assert parsed.problems == [] and parsed.encoding == "gb18030"
    first, second = parsed.rows
    assert (first.course_key, first.outcome_kind, first.outcome_name, first.min_level, first.max_age_years,
            first.credits) == ("robots", OutcomeKind.ONE_PLUS_X, CERTIFICATE, OutcomeLevel.INTERMEDIATE, 3,
                               Decimal("2.0"))
    assert (second.outcome_kind, second.min_level, second.max_age_years, second.credits) == (
        OutcomeKind.SKILL_LEVEL, OutcomeLevel.SENIOR, None, None)
    english = read_rule_sheet(_xlsx([["Course key", "Outcome kind", "Outcome name", "Min level"],
                                     ["robots", "one_plus_x", CERTIFICATE, "junior"]]))
    assert english.problems == [] and english.rows[0].min_level == OutcomeLevel.JUNIOR


def test_bad_cells_and_missing_columns_are_named() -> None:
    parsed = read_rule_sheet(("课程编号,成果类型,成果名称,最低等级,有效年限,认定学分\n"
                              f"robots,证书,{CERTIFICATE},特级,-1,abc\n"
                              f"robots,1+X证书,,中级,3,2\n"
                              f"robots,1+X证书,{CERTIFICATE},中级,3,2\n"
                              f"robots,1+x证书,{CERTIFICATE} ,中级,3,2\n").encode())
    found = {(p.row, p.column, p.code) for p in parsed.problems}
    assert found == {(2, "成果类型", "unknown_value"), (2, "最低等级", "unknown_value"),
                     (2, "有效年限", "out_of_range"), (2, "认定学分", "not_a_number"), (3, "成果名称", "required"),
                     (5, "成果名称", "duplicate_rule")}
    missing = read_rule_sheet(b"course_key,credits\nrobots,2\n")
    assert {(p.column, p.code) for p in missing.problems} == {("outcome_kind", "missing_column"),
                                                               ("outcome_name", "missing_column")}
    assert read_rule_sheet(b"\x00\x01garbage").problems[0].code == "encoding"


async def test_dry_run_reports_then_apply_writes_and_reimport_changes_nothing(db: str) -> None:
    await _two_institutions()
    staff = await reviewer("robots")
    dry = await import_rules(staff, CHINESE.encode(), dry_run=True)
    assert dry.ok and [line.action for line in dry.lines] == ["create", "create"]
    assert await ConversionRule.all().count() == 0  # a dry run writes nothing
    done = await import_rules(staff, CHINESE.encode(), dry_run=False)
    assert done.written and await ConversionRule.all().count() == 2
    rule = await ConversionRule.get(outcome_name=CERTIFICATE)
    assert rule.provider_id == (await Course.get(key="robots")).provider_id and rule.max_age_years == 3
    changed = CHINESE.replace(",中级,3,2.0", ",高级,5,2.5")
    again = await import_rules(staff, changed.encode(), dry_run=True)
    assert [line.action for line in again.lines] == ["update", "unchanged"]
    await import_rules(staff, changed.encode(), dry_run=False)
    rule = await ConversionRule.get(id=rule.id)
    assert (rule.min_level, rule.max_age_years, Decimal(rule.credits)) == ("senior", 5, Decimal("2.5"))

    for exported in (await rules_csv(staff), await rules_xlsx(staff)):
        report = await import_rules(staff, exported, dry_run=True)
        assert report.ok and [line.action for line in report.lines] == ["unchanged", "unchanged"]
    assert (await rules_csv(staff)).decode("utf-8-sig").splitlines()[0] == (
        "course_key,outcome_kind,outcome_name,min_level,max_age_years,credits")


async def test_one_refused_row_writes_nothing_and_reviewers_keep_their_own_rules(db: str) -> None:
    await _two_institutions()
    staff = await reviewer("robots")
    data = (CHINESE + f"other,1+X证书,{CERTIFICATE},中级,3,2\r\nnowhere,1+X证书,{CERTIFICATE},,,\r\n").encode()
    report = await import_rules(staff, data, dry_run=False)
    assert not report.written
    assert [(p.row, p.code, p.value) for p in report.problems] == [
        (4, "other_institution", "other"), (5, "unknown_course", "nowhere")]
    assert [line.action for line in report.lines] == ["create", "create", "refused", "refused"]
    assert await ConversionRule.all().count() == 0  # all or nothing
    admin = await create_staff("admin@example.org", PASSWORD, StaffRole.ADMIN)
    assert (await import_rules(admin, data.split(b"nowhere")[0], dry_run=False)).written  # admins keep all
    assert await ConversionRule.all().count() == 3
    exported = (await rules_csv(staff)).decode("utf-8-sig")
    assert "robots" in exported and "other" not in exported  # only the reviewer's institution's rules


async def test_staff_who_keep_no_rules_are_refused(db: str) -> None:
    import pytest

    from courses.staff import Forbidden
    await _two_institutions()
    editor = await create_staff("editor@example.org", PASSWORD, StaffRole.EDITOR)
    assert isinstance(editor, StaffUser)
    with pytest.raises(Forbidden):
        await import_rules(editor, CHINESE.encode(), dry_run=True)
