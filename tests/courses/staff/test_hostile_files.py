"""Crafted uploads are refused quickly with a clear problem, inside the limits of docs/security.md."""

from __future__ import annotations

import time

import pytest

from courses.staff import import_file, sheets
from courses.staff.parse_worker import parse_in_worker
from courses.staff.sheets import UnreadableFile, read_sheet
from tests.courses.staff import hostile


async def codes(data: bytes) -> list[str]:
    return [p.code for p in (await import_file(data, dry_run=True)).problems]


async def test_a_million_row_workbook_is_refused_before_it_is_parsed(db: str) -> None:
    started = time.perf_counter()
    assert await codes(hostile.million_rows_xlsx()) == ["too_large"]
    assert time.perf_counter() - started < 10


async def test_a_huge_shared_string_is_refused_by_its_ratio_and_a_long_one_by_the_cell_limit(db: str) -> None:
    assert await codes(hostile.shared_string_xlsx(5_000_000, 10)) == ["too_large"]
    report = await import_file(hostile.shared_string_xlsx(sheets.MAX_CELL + 1, 1000), dry_run=True)
    assert [p.code for p in report.problems] == ["cell_too_long"]
    assert report.problems[0].message() == "Row 1 has a cell longer than 20000 characters."


def test_rows_stop_at_the_limit_while_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_ROWS", 50)
    with pytest.raises(UnreadableFile) as refused:
        read_sheet(hostile.many_rows_xlsx(1000))
    assert refused.value.code == "too_many_rows"
    with pytest.raises(UnreadableFile) as refused:
        read_sheet(b"title,provider\n" + b"a,b\n" * 1000)
    assert refused.value.code == "too_many_rows"


async def test_malformed_xml_is_a_problem_not_a_crash(db: str) -> None:
    assert await codes(hostile.malformed_xlsx()) == ["not_a_spreadsheet"]


async def test_a_line_that_is_quadratic_for_csv_sniffer_reads_at_once(db: str) -> None:
    started = time.perf_counter()
    assert await codes(hostile.sniffer_csv(48_000)) == ["no_header"]
    assert time.perf_counter() - started < 5


async def test_excel_doubled_quotes_survive(db: str) -> None:
    data = '课程名称,学校名称,专业大类,学时\n"焊接 ""入门""",某职业学院,46,48\n'.encode()
    parsed = await parse_in_worker(data)
    assert not parsed.problems and parsed.rows[0].text["title"] == '焊接 "入门"'


def test_the_delimiter_is_counted_in_the_header_line() -> None:
    assert sheets.delimiter("课程名称;学校名称;专业大类,备注") == ";"
    assert sheets.delimiter("title\tprovider\thours") == "\t"
    assert sheets.delimiter("title") == ","
    assert read_sheet(b"a;b\n1;2\n").rows == [["a", "b"], ["1", "2"]]


async def test_the_worker_is_bounded_in_time_and_memory(db: str) -> None:
    data = ("课程名称,学校名称,专业大类,学时\n" + "".join(f"焊接{i},学院,46,48\n" for i in range(50_000))).encode()
    assert [p.code for p in (await parse_in_worker(data, seconds=0.01)).problems] == ["too_slow"]
    assert [p.code for p in (await parse_in_worker(data, memory=16 * 1024 * 1024)).problems] == ["too_large"]
    assert not (await parse_in_worker(data)).problems
