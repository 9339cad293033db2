"""Conversion rules as spreadsheets: imported (CSV or XLSX, Chinese or English headers) and exported.

The file is read and its cells checked by the course import's machinery (:mod:`courses.staff.sheets`
in the bounded worker of :mod:`courses.staff.parse_worker`, cells by
:mod:`courses.staff.import_columns`); then every row is checked against the database: the course
must exist and belong to an institution the member of staff reviews for (a reviewer: their own).
The report says for every row whether it would create a rule, update one or leave it unchanged,
or why it is refused. All or nothing: with any problem nothing is written, and a dry run writes
nothing either. A rule is known by its course, outcome kind and outcome name (as in
:func:`courses.outcomes.save_rule`), so importing an exported file changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from tortoise.transactions import in_transaction

from courses.models import Course, StaffUser
from courses.outcomes.rules import institution_rules
from courses.outcomes.tables import ConversionRule
from courses.staff.cells import inert_cell
from courses.staff.exporter import _string_cell
from courses.staff.import_columns import (
    PROBLEM_MESSAGES,
    CellError,
    Problem,
    header_index,
    is_chinese,
    map_headers,
    read_credits,
    read_int,
    text,
)
from courses.staff.import_rows import ImportOutcome, complete_rows
from courses.staff.parse_worker import ParsedList, parse_in_worker
from courses.staff.roles import Action, can, require
from courses.staff.sheets import HEADER_SEARCH, MAX_ROWS, UnreadableFile, read_sheet
from courses.vocabulary import N_, OutcomeKind, OutcomeLevel

__all__ = [
    "RULE_COLUMNS",
    "RULE_PROBLEM_MESSAGES",
    "RuleImportReport",
    "RuleLine",
    "import_rules",
    "read_rule_sheet",
    "rules_csv",
    "rules_xlsx",
]

# field → accepted headers (after normalize_header); the first is the Chinese header of reports,
# the first ASCII one is what the export writes.
RULE_COLUMNS: dict[str, tuple[str, ...]] = {
    "course_key": ("课程编号", "course_key", "course key", "key"),
    "outcome_kind": ("成果类型", "outcome_kind", "outcome kind", "kind"),
    "outcome_name": ("成果名称", "证书名称", "outcome_name", "outcome name", "certificate"),
    "min_level": ("最低等级", "等级要求", "min_level", "min level", "minimum level"),
    "max_age_years": ("有效年限", "最长年限", "max_age_years", "max age years", "maximum age years"),
    "credits": ("认定学分", "学分", "credits"),
}
REQUIRED = ("course_key", "outcome_kind", "outcome_name")
RULE_PROBLEM_MESSAGES: dict[str, str] = {
    **PROBLEM_MESSAGES,
    "unknown_course": N_("No course has the key “{value}”."),
    "other_institution": N_("The course “{value}” belongs to an institution you do not review for."),
    "duplicate_rule": N_("The same rule already appears in row {first_row}."),
}
_INDEX = header_index(RULE_COLUMNS)
_KINDS = {"1+x证书": OutcomeKind.ONE_PLUS_X, "1+x职业技能等级证书": OutcomeKind.ONE_PLUS_X,
          "技能等级证书": OutcomeKind.SKILL_LEVEL, "职业技能等级认定": OutcomeKind.SKILL_LEVEL,
          "外校课程": OutcomeKind.COURSE_ELSEWHERE, "其他院校课程": OutcomeKind.COURSE_ELSEWHERE}
_LEVELS = {"初级": OutcomeLevel.JUNIOR, "中级": OutcomeLevel.INTERMEDIATE, "高级": OutcomeLevel.SENIOR}


@dataclass(frozen=True)
class RuleRow:
    """One rule as a file row states it, its cells read but not yet checked against the database."""

    row: int
    course_key: str
    outcome_kind: OutcomeKind
    outcome_name: str
    min_level: OutcomeLevel | None
    max_age_years: int | None
    credits: Decimal | None


@dataclass(frozen=True)
class RuleLine:
    """What importing one row does: ``create``, ``update``, ``unchanged`` or ``refused``."""

    row: int
    course_key: str
    outcome_name: str
    action: str


@dataclass
class RuleImportReport(ImportOutcome):
    """Every row's fate and every problem; ``problems`` non-empty means nothing was written."""

    lines: list[RuleLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)


def _choice(value: str, names: Mapping[str, object], enum: type) -> object:
    try:
        return enum(value.lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        pass
    found = names.get("".join(value.split()).casefold())
    if found is None:
        raise CellError("unknown_value")
    return found


_READERS = {
    "course_key": text(64),
    "outcome_kind": lambda v: _choice(v, _KINDS, OutcomeKind),
    "outcome_name": text(200),
    "min_level": lambda v: _choice(v, _LEVELS, OutcomeLevel),
    "max_age_years": lambda v: read_int(v, 0, 100),
    "credits": read_credits,
}


def read_rule_sheet(data: bytes) -> ParsedList:
    """Read a CSV or XLSX file of rules and check its cells (no database); runs in the parse worker."""
    try:
        sheet = read_sheet(data)
    except UnreadableFile as error:
        return ParsedList(problems=[Problem(None, None, error.code, details=error.details)])
    header_at = next((i for i, cells in enumerate(sheet.rows[:HEADER_SEARCH]) if len(_columns(cells)) >= 2), None)
    if header_at is None:
        return ParsedList(problems=[Problem(None, None, "no_header")], encoding=sheet.encoding)
    headers = sheet.rows[header_at]
    columns, chinese = _columns(headers), is_chinese(headers)
    missing = [Problem(header_at + 1, _label(name, chinese), "missing_column") for name in REQUIRED
               if name not in columns]
    body = sheet.rows[header_at + 1:]
    if missing or len(body) > MAX_ROWS:
        return ParsedList(problems=missing or [Problem(None, None, "too_many_rows", details={"limit": MAX_ROWS})])
    rows: list[RuleRow] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, values in complete_rows(sheet, header_at, columns, _READERS, REQUIRED, problems):
        rule = RuleRow(number, str(values["course_key"]), OutcomeKind(str(values["outcome_kind"])),
                       " ".join(str(values["outcome_name"]).split()),
                       OutcomeLevel(str(values["min_level"])) if "min_level" in values else None,
                       int(str(values["max_age_years"])) if "max_age_years" in values else None,
                       Decimal(str(values["credits"])) if "credits" in values else None)
        identity = (rule.course_key, rule.outcome_kind.value, rule.outcome_name.casefold())
        if identity in seen:
            problems.append(Problem(number, headers[columns["outcome_name"]], "duplicate_rule", rule.outcome_name,
                                    {"first_row": seen[identity]}))
            continue
        seen[identity] = number
        rows.append(rule)
    return ParsedList(rows, problems, sheet.encoding)


def _columns(cells: list[str]) -> dict[str, int]:
    return map_headers(cells, _INDEX)


def _label(name: str, chinese: bool) -> str:
    aliases = RULE_COLUMNS[name]
    return aliases[0] if chinese else next(a for a in aliases if a.isascii())


def _same(rule: ConversionRule, row: RuleRow) -> bool:
    stored = Decimal(rule.credits) if rule.credits is not None else None
    return (rule.min_level, rule.max_age_years, stored) == (row.min_level, row.max_age_years, row.credits)


async def import_rules(staff: StaffUser | None, data: bytes, *, dry_run: bool) -> RuleImportReport:
    """Check a file of conversion rules and, unless ``dry_run`` or anything is refused, write it whole.

    :raises Forbidden: this member of staff keeps no rules (not an admin or reviewer).
    """
    require(staff, Action.REVIEW_CONVERSION, staff.provider_id if staff is not None else None)
    parsed = await parse_in_worker(data, check=read_rule_sheet)
    report = RuleImportReport(problems=list(parsed.problems), dry_run=dry_run)
    rows: list[RuleRow] = parsed.rows
    courses = {c.key: c for c in await Course.filter(key__in=list({r.course_key for r in rows}))} if rows else {}
    existing = {(r.course_id, r.outcome_kind, r.outcome_name.casefold()): r for r in
                await ConversionRule.filter(course_id__in=[c.id for c in courses.values()])} if courses else {}
    planned: list[tuple[RuleRow, Course, ConversionRule | None]] = []
    for row in rows:
        course = courses.get(row.course_key)
        refusal = "unknown_course" if course is None else None
        if course is not None and not can(staff, Action.REVIEW_CONVERSION, course.provider_id):
            refusal = "other_institution"
        if refusal or course is None:
            report.problems.append(Problem(row.row, _label("course_key", False), refusal or "unknown_course",
                                           row.course_key))
            report.lines.append(RuleLine(row.row, row.course_key, row.outcome_name, "refused"))
            continue
        stored = existing.get((course.id, row.outcome_kind, row.outcome_name.casefold()))
        action = "create" if stored is None else "unchanged" if _same(stored, row) else "update"
        report.lines.append(RuleLine(row.row, row.course_key, row.outcome_name, action))
        planned.append((row, course, stored))
    if report.problems or dry_run:
        return report
    async with in_transaction() as conn:
        for row, course, stored in planned:
            values = {"min_level": row.min_level, "max_age_years": row.max_age_years, "credits": row.credits}
            if stored is None:
                await ConversionRule.create(provider_id=course.provider_id, course_id=course.id,
                                            outcome_kind=row.outcome_kind, outcome_name=row.outcome_name,
                                            using_db=conn, **values)
            elif not _same(stored, row):
                await ConversionRule.filter(id=stored.id).using_db(conn).update(**values)
    return report


def _export_rows(rules: list[ConversionRule]) -> list[list[str]]:
    return [[r.course.key, str(r.outcome_kind), r.outcome_name, str(r.min_level or ""),
             "" if r.max_age_years is None else str(r.max_age_years),
             "" if r.credits is None else str(Decimal(r.credits))] for r in rules]


def _export_header() -> list[str]:
    return [_label(name, False) for name in RULE_COLUMNS]


async def rules_csv(staff: StaffUser | None) -> bytes:
    """The rules this member of staff keeps as CSV (UTF-8 with a byte-order mark, English headers)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_export_header())
    writer.writerows([inert_cell(cell) for cell in row] for row in _export_rows(await institution_rules(staff)))
    return out.getvalue().encode("utf-8-sig")


async def rules_xlsx(staff: StaffUser | None) -> bytes:
    """The rules this member of staff keeps as an XLSX workbook; every cell a string, never a formula."""
    from openpyxl import Workbook  # loaded by exports only (see courses.staff.exporter)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("rules")
    sheet.append(_export_header())
    for row in _export_rows(await institution_rules(staff)):
        sheet.append([_string_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
