"""Rows of an official course list read into validated course rows, with a problem for every bad cell."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from courses.staff.import_columns import (
    READERS,
    REQUIRED,
    CellError,
    CourseRow,
    Problem,
    header_label,
    is_chinese,
    map_headers,
    stable_key,
)
from courses.staff.sheets import MAX_ROWS, Sheet
from courses.vocabulary.kinds import CourseKind, Delivery, ProviderKind, Status, Track


class ImportOutcome:
    """What a report of importing a sheet says about the whole import: a sheet with any problem writes
    nothing, and a dry run writes nothing either."""

    problems: list[Problem]
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run


def parse(sheet: Sheet) -> tuple[list[CourseRow], list[Problem]]:
    """Check every row of a sheet; return the valid rows and the problems found (row numbers as shown)."""
    header_at = next((i for i, cells in enumerate(sheet.rows[:10]) if len(map_headers(cells)) >= 2), None)
    if header_at is None:
        code = "encoding" if sheet.encoding == "gb18030" else "no_header"
        return [], [Problem(None, None, code)]
    headers = sheet.rows[header_at]
    columns = map_headers(headers)
    chinese = is_chinese(headers)
    missing = [
        Problem(sheet.first_row + header_at, header_label(name, chinese), "missing_column")
        for name in REQUIRED
        if name not in columns
    ]
    if missing:
        return [], missing
    rows: list[CourseRow] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    body = sheet.rows[header_at + 1 :]
    if len(body) > MAX_ROWS:
        return [], [Problem(None, None, "too_many_rows", details={"limit": MAX_ROWS})]
    for number, values in complete_rows(sheet, header_at, columns, READERS, REQUIRED, problems):
        row = _course_row(number, values, chinese)
        if row.key in seen:
            problems.append(
                Problem(
                    number,
                    headers[columns.get("key", columns["title"])],
                    "duplicate_row",
                    str(values["title"]),
                    {"first_row": seen[row.key]},
                )
            )
            continue
        seen[row.key] = number
        rows.append(row)
    return rows, problems


def complete_rows(sheet: Sheet, header_at: int, columns: Mapping[str, int],
                  readers: Mapping[str, Callable[[str], object]], required: Sequence[str],
                  problems: list[Problem]) -> Iterator[tuple[int, dict[str, object]]]:
    """The rows below the header read by field, with their row numbers as the file shows them (the course
    list's and the conversion rules' importers share it).

    Blank rows are passed over; a cell that cannot be read, or a required one left empty, adds a problem
    and no value, and a row missing a required value is not yielded.
    """
    headers = sheet.rows[header_at]
    for offset, cells in enumerate(sheet.rows[header_at + 1:]):
        number = sheet.first_row + header_at + 1 + offset
        if not any(cells):
            continue
        values = _read_cells(number, cells, headers, columns, readers, required, problems)
        if all(name in values for name in required):
            yield number, values


def _read_cells(number: int, cells: list[str], headers: list[str], columns: Mapping[str, int],
                readers: Mapping[str, Callable[[str], object]], required: Sequence[str],
                problems: list[Problem]) -> dict[str, object]:
    values: dict[str, object] = {}
    for name, index in columns.items():
        raw = cells[index] if index < len(cells) else ""
        if not raw:
            if name in required:
                problems.append(Problem(number, headers[index], "required"))
            continue
        try:
            values[name] = readers[name](raw)
        except CellError as error:
            problems.append(Problem(number, headers[index], error.code, raw, error.details))
    return values


def _course_row(number: int, values: dict[str, object], chinese: bool) -> CourseRow:
    course: dict[str, object] = {}
    for name, column in (
        ("track", "track"),
        ("level", "level"),
        ("category", "major_category"),
        ("kind", "kind"),
        ("hours", "hours"),
        ("credits", "credits"),
        ("delivery", "delivery"),
        ("hsk", "hsk_level"),
        ("url", "url"),
        ("status", "status"),
    ):
        if name in values:
            course[column] = values[name]
    text: dict[str, object] = {"title": values["title"]}
    if "summary" in values:
        text["summary"] = values["summary"]
    if "lead" in values:
        # Official lists name the course lead; the catalogue shows it in the course description.
        text["description"] = f"课程负责人：{values['lead']}" if chinese else f"Course lead: {values['lead']}"
    return CourseRow(
        row=number,
        key=str(values.get("key") or stable_key(str(values["provider"]), str(values["title"]))),
        provider=str(values["provider"]),
        locale=str(values.get("locale") or ("zh-Hans" if chinese else "en")),
        course=course,
        text=text,
        # READERS made these: text for the province, tuples of tags for the lists.
        province=cast(str | None, values.get("province")),
        languages=cast(tuple[str, ...] | None, values.get("languages")),
        countries=cast(tuple[str, ...] | None, values.get("countries")),
    )


def _new_course_defaults(course: dict[str, object]) -> dict[str, object]:
    filled = dict(course)
    if "track" not in filled:
        filled["track"] = Track.CHINESE_PLUS if "hsk_level" in filled else Track.ONLINE
    filled.setdefault("level", None)
    filled.setdefault("kind", CourseKind.PROFESSIONAL)
    filled.setdefault("delivery", Delivery.ONLINE)
    filled.setdefault("hsk_level", None)
    filled.setdefault("url", None)
    filled.setdefault("status", Status.DRAFT)
    # 16 class hours make one credit, the usual rule of vocational colleges.
    filled.setdefault(
        "credits",
        (Decimal(cast(int, filled.get("hours") or 0)) / 16).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
    )
    return filled


def guess_provider_kind(name: str) -> ProviderKind:
    """The kind of a Chinese institution from its name (职业技术大学, 职业技术学院, 技师学院 …)."""
    for words, kind in (
        (("职业技术大学", "职业大学"), ProviderKind.VOCATIONAL_UNIVERSITY),
        (("技师学院", "技工学校"), ProviderKind.TECHNICIAN_SCHOOL),
        (("开放大学", "广播电视大学"), ProviderKind.OPEN_UNIVERSITY),
        (("职业技术学院", "职业学院", "高等专科学校", "college"), ProviderKind.HIGHER_VOCATIONAL_COLLEGE),
        (("公司", "集团", "company", "group"), ProviderKind.ENTERPRISE),
    ):
        if any(word in name.lower() for word in words):
            return kind
    return ProviderKind.VOCATIONAL_SCHOOL
