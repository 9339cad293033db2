"""Web addresses that could break out of a link are refused at import and at every staff edit."""

from __future__ import annotations

import pytest

from courses.models import Base, Course
from courses.staff import base_editing, editing, import_file
from courses.staff.import_columns import CellError, read_url
from courses.vocabulary import BaseKind
from tests.courses.staff.test_editing import world
from tests.courses.staff.test_importer import HEADERS_ZH, ROWS_ZH, xlsx_bytes

HOSTILE = [
    'https://evil.example/"><b>x</b>',
    "https://evil.example/<script>",
    "https://evil.example/a b",
    "https://evil.example/\ta",
    "https://evil.example/\u2028x",
    "https://evil.example/\x00",
    "https://evil.example\\@good.example/",
    "https://evil.example/`x`",
    "javascript:alert(1)//x.example",
    "data:text/html,x.example",
    "//evil.example/x",
]
FINE = ["https://mooc.example.cn/c/1?a=1&b=2#part", "http://a.example", "HTTPS://例子.中国/课程/一"]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_addresses_are_refused(url: str) -> None:
    with pytest.raises(CellError) as refused:
        read_url(url)
    assert refused.value.code == "bad_url"


@pytest.mark.parametrize("url", FINE)
def test_real_addresses_pass_unchanged(url: str) -> None:
    assert read_url(url) == url


async def test_import_refuses_them_and_writes_nothing(db: str) -> None:
    rows = [list(row) for row in ROWS_ZH]
    rows[0][-1] = HOSTILE[0]
    rows[1][-1] = HOSTILE[2]
    report = await import_file(xlsx_bytes(HEADERS_ZH, rows))
    assert {(p.row, p.code) for p in report.problems} == {(2, "bad_url"), (3, "bad_url")}
    assert not await Course.exists()


async def test_course_and_base_editing_refuse_them(db: str) -> None:
    w = await world()
    course = w["courses"]["mine"]
    base = await Base.create(key="b-url", kind=BaseKind.ELDER_UNIVERSITY, country="CN")
    for url in HOSTILE:
        with pytest.raises(editing.InvalidForm) as refused:
            await editing.update_course(w["staff"]["editor"], course.id, {"url": url})
        assert refused.value.problems == {"url": "bad_url"}, url
        with pytest.raises(editing.InvalidForm) as refused:
            await base_editing.update_base(w["staff"]["editor"], base.id, {"website": url})
        assert refused.value.problems == {"website": "bad_url"}, url
    await base_editing.update_base(w["staff"]["editor"], base.id, {"website": FINE[0]})
    await base.refresh_from_db()
    assert base.website == FINE[0]
