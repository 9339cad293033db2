"""Importing official course lists: encodings, headers, the validation report and idempotent upserts."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from courses.models import Course, CourseLanguage, CourseText, Provider, ProviderText
from courses.staff import import_file
from courses.vocabulary import Level, ProviderKind, Status, Track

FILES = Path(__file__).parents[1] / "files"
HEADERS_ZH = [
    "序号",
    "课程名称",
    "学校名称",
    "课程负责人",
    "专业大类",
    "课程级别",
    "学时",
    "学分",
    "课程链接",
]
ROWS_ZH = [
    [
        "1",
        "焊接技术基础",
        "天津职业技术师范大学",
        "张伟",
        "装备制造大类",
        "国家级",
        "48",
        "3",
        "https://mooc.example.cn/c/1",
    ],
    ["2", "老年护理实务", "北京卫生职业学院", "李娜", "52", "省级", "32", "2", "https://mooc.example.cn/c/2"],
    ["3", "跨境电商运营", "义乌工商职业技术学院", "王芳", "530701", "校级", "36", "", ""],
]


def csv_bytes(headers: list[str], rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    lines = [",".join(headers)] + [",".join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(headers: list[str], rows: list[list[object]], title: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


async def test_chinese_csv_creates_courses_providers_and_texts(db: str) -> None:
    report = await import_file(csv_bytes(HEADERS_ZH, ROWS_ZH))
    assert report.ok and report.written, report.problems
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    assert report.providers_created == 3
    welding = await Course.get(texts__title="焊接技术基础").prefetch_related("provider")
    assert welding.major_category == 46 and welding.level == Level.NATIONAL and welding.track == Track.ONLINE
    assert welding.hours == 48 and welding.credits == Decimal("3.0") and welding.status == Status.DRAFT
    text = await CourseText.get(course=welding)
    assert text.locale == "zh-Hans" and text.description == "课程负责人：张伟"
    commerce = await Course.get(texts__title="跨境电商运营")
    assert commerce.major_category == 53 and commerce.credits == Decimal("2.3")  # 36 hours / 16
    assert commerce.url is None
    kinds = dict(await Provider.all().values_list("texts__name", "kind"))
    assert kinds["北京卫生职业学院"] == ProviderKind.HIGHER_VOCATIONAL_COLLEGE
    assert kinds["天津职业技术师范大学"] == ProviderKind.VOCATIONAL_SCHOOL


async def test_importing_the_same_file_twice_changes_nothing(db: str) -> None:
    data = csv_bytes(HEADERS_ZH, ROWS_ZH)
    await import_file(data)
    before = await Course.all().order_by("id").values("id", "updated_at", "hours")
    again = await import_file(data)
    assert (again.created, again.updated, again.unchanged, again.course_ids) == (0, 0, 3, [])
    assert await Course.all().order_by("id").values("id", "updated_at", "hours") == before
    assert await CourseText.all().count() == 3 and await ProviderText.all().count() == 3


async def test_a_changed_row_updates_only_that_course(db: str) -> None:
    await import_file(csv_bytes(HEADERS_ZH, ROWS_ZH))
    changed = [row[:] for row in ROWS_ZH]
    changed[1][6] = "40"  # hours
    changed[2][3] = "赵敏"  # course lead
    report = await import_file(csv_bytes(HEADERS_ZH, changed))
    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    care = await Course.get(texts__title="老年护理实务")
    assert care.hours == 40
    assert (await CourseText.get(title="跨境电商运营")).description == "课程负责人：赵敏"
    assert sorted(report.course_ids) == sorted([care.id, (await Course.get(texts__title="跨境电商运营")).id])


async def test_gb18030_and_bom_files_read_the_same(db: str) -> None:
    gb = await import_file(csv_bytes(HEADERS_ZH, ROWS_ZH, "gb18030"), dry_run=True)
    assert gb.ok and gb.encoding == "gb18030" and gb.created == 3
    bom = await import_file(csv_bytes(HEADERS_ZH, ROWS_ZH, "utf-8-sig"))
    assert bom.ok and bom.encoding == "utf-8-sig" and bom.created == 3
    assert (await import_file(csv_bytes(HEADERS_ZH, ROWS_ZH, "gb18030"))).unchanged == 3


async def test_dry_run_reports_counts_and_writes_nothing(db: str) -> None:
    report = await import_file(csv_bytes(HEADERS_ZH, ROWS_ZH), dry_run=True)
    assert report.ok and not report.written and report.created == 3
    assert await Course.all().count() == 0 and await Provider.all().count() == 0


async def test_xlsx_with_a_title_row_above_the_headers(db: str) -> None:
    rows = [
        [1, "数控车削编程", "深圳职业技术大学", "陈刚", 46, "国家级", 64, 4.0, "https://mooc.example.cn/c/9"]
    ]
    report = await import_file(xlsx_bytes(HEADERS_ZH, rows, title="2022年职业教育国家在线精品课程名单"))
    assert report.ok, report.problems
    course = await Course.get(texts__title="数控车削编程").prefetch_related("provider")
    assert course.hours == 64 and course.credits == Decimal("4.0")
    assert course.provider.kind == ProviderKind.VOCATIONAL_UNIVERSITY


async def test_english_headers_with_languages_and_status(db: str) -> None:
    headers = [
        "title",
        "provider",
        "category",
        "track",
        "hours",
        "credits",
        "hsk",
        "countries",
        "languages",
        "status",
    ]
    rows = [
        [
            "Chinese for Rail Technicians",
            "Tianjin Railway Technical College",
            "Transportation",
            "chinese_plus",
            "96",
            "6",
            "HSK3",
            "TH;KZ",
            "zh-Hans;th",
            "published",
        ]
    ]
    report = await import_file(csv_bytes(headers, rows))
    assert report.ok, report.problems
    course = await Course.get(texts__title="Chinese for Rail Technicians")
    assert course.track == Track.CHINESE_PLUS and course.hsk_level == 3 and course.status == Status.PUBLISHED
    assert course.published_at is not None
    assert sorted(await CourseLanguage.filter(course=course).values_list("language", flat=True)) == [
        "th",
        "zh-Hans",
    ]
    assert (await CourseText.get(course=course)).locale == "en"
    rows[0][8] = "zh-Hans"
    assert (await import_file(csv_bytes(headers, rows))).updated == 1
    assert await CourseLanguage.filter(course=course).values_list("language", flat=True) == ["zh-Hans"]


async def test_committed_sample_file_imports_cleanly(db: str) -> None:
    report = await import_file((FILES / "official_list_gb18030.csv").read_bytes())
    assert report.ok, report.problems
    assert report.encoding == "gb18030" and report.created == report.rows >= 5


# -- broken files: a clear report and nothing written -------------------------------------------


async def assert_nothing_written() -> None:
    assert await Course.all().count() == 0
    assert await Provider.all().count() == 0


async def test_a_file_in_neither_utf8_nor_gb18030_is_refused(db: str) -> None:
    for data in (
        csv_bytes(HEADERS_ZH, ROWS_ZH, "utf-16"),
        csv_bytes(
            ["title", "provider", "category", "hours"],
            [["Pâtisserie française élémentaire", "École Hôtelière", "54", "40"]],
            "latin-1",
        ),
        csv_bytes(
            ["課程名稱", "學校名稱", "專業大類", "學時"],
            [["焊接技術基礎", "天津職業學院", "46", "48"]],
            "big5",
        ),
    ):
        report = await import_file(data)
        assert [p.code for p in report.problems] == ["encoding"], data[:40]
        assert "neither UTF-8 nor GB18030" in report.problems[0].message()
    await assert_nothing_written()


async def test_missing_columns_are_named_in_the_files_language(db: str) -> None:
    headers = [h for h in HEADERS_ZH if h not in ("专业大类", "学时")]
    rows = [[c for i, c in enumerate(r) if HEADERS_ZH[i] not in ("专业大类", "学时")] for r in ROWS_ZH]
    report = await import_file(csv_bytes(headers, rows))
    assert [(p.row, p.column, p.code) for p in report.problems] == [
        (1, "专业大类", "missing_column"),
        (1, "学时", "missing_column"),
    ]
    assert report.problems[0].message() == "The column “专业大类” is missing."
    await assert_nothing_written()


async def test_bad_cells_are_reported_by_row_and_column_and_nothing_is_written(db: str) -> None:
    rows = [row[:] for row in ROWS_ZH] + [
        [
            "4",
            "焊接技术基础",
            "天津职业技术师范大学",
            "张伟",
            "46",
            "国家级",
            "48",
            "3",
            "",
        ],  # duplicate of row 2
        ["5", "宠物美容", "某某职业学校", "", "宠物大类", "市级", "四十", "-1", "ftp://x"],
        ["6", "", "某某职业学校", "", "41", "", "10", "", ""],
    ]
    report = await import_file(csv_bytes(HEADERS_ZH, rows))
    found = {(p.row, p.column, p.code) for p in report.problems}
    assert found == {
        (5, "课程名称", "duplicate_row"),
        (6, "专业大类", "unknown_category"),
        (6, "课程级别", "unknown_level"),
        (6, "学时", "not_a_number"),
        (6, "学分", "out_of_range"),
        (6, "课程链接", "bad_url"),
        (7, "课程名称", "required"),
    }
    duplicate = next(p for p in report.problems if p.code == "duplicate_row")
    assert duplicate.message() == "The same course already appears in row 2."
    unknown = next(p for p in report.problems if p.code == "unknown_category")
    assert "宠物大类" in unknown.message()
    await assert_nothing_written()


async def test_empty_and_unrecognised_files(db: str) -> None:
    assert [p.code for p in (await import_file(b"")).problems] == ["empty_file"]
    assert [p.code for p in (await import_file(b"a,b,c\n1,2,3\n")).problems] == ["no_header"]
    assert [p.code for p in (await import_file(b"PK\x03\x04broken")).problems] == ["not_a_spreadsheet"]
    await assert_nothing_written()


async def test_imported_published_courses_are_searchable_and_a_dry_run_indexes_nothing(db: str) -> None:
    from courses.search import search

    headers = HEADERS_ZH + ["状态"]
    rows = [row + ["已发布"] for row in ROWS_ZH]
    await import_file(csv_bytes(headers, rows), dry_run=True)
    assert (await search("焊接", "zh-Hans")).total == 0
    await import_file(csv_bytes(headers, rows))
    found = await search("焊接", "zh-Hans")
    assert [hit.title.text for hit in found.items] == ["焊接技术基础"]
    rows[0][-1] = "草稿"  # unpublished by a later list: it leaves the index
    assert (await import_file(csv_bytes(headers, rows))).updated == 1
    assert (await search("焊接", "zh-Hans")).total == 0
