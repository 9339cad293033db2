"""The continuing-education hours page: a year on the learner's clock, what is missing, year navigation,
the employer's CSV, bad years refused, and the hours on verification pages only when shared."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from courses.credits import format_code, record_completion
from courses.learners import register
from courses.models import Course, Learner
from courses.vocabulary import CourseKind
from portal.app import create_app
from tests.courses.credits.records import credited_course
from tests.portal.conftest import csrf_from, make_settings
from tests.portal.test_accounts import sign_in

PASSWORD = "correct horse battery"


@pytest.fixture
async def portal(demo_url: str, tmp_path: Path) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(make_settings(demo_url, data_dir=tmp_path)))) as test_client:
        yield test_client


async def _learner_with_hours(portal: TestClient) -> str:
    profile = await register("ana@example.org", PASSWORD, display_name="Ana", locale="en")
    await Learner.filter(id=profile.id).update(timezone="Asia/Shanghai")
    professional = await credited_course("care")  # 48 hours, professional
    await Course.filter(id=professional.id).update(hours=52)
    general = await credited_course("civics")
    await Course.filter(id=general.id).update(hours=26, kind=CourseKind.FOUNDATION)
    late = await credited_course("late")
    # 23:30 on 31 December 2026 in Beijing, 15:30 UTC: it counts in 2026.
    entry = await record_completion(profile.id, professional.id,
                                    completed_at=datetime(2026, 12, 31, 15, 30, tzinfo=UTC))
    await record_completion(profile.id, general.id, completed_at=datetime(2026, 3, 1, 2, tzinfo=UTC))
    # 00:30 on 1 January 2027 in Beijing: it counts in 2027.
    await record_completion(profile.id, late.id, completed_at=datetime(2026, 12, 31, 16, 30, tzinfo=UTC))
    assert (await sign_in(portal, "ana@example.org", PASSWORD)).status == 303
    return format_code(entry.verification_code)


async def test_a_year_shows_what_is_missing_and_links_the_other_years(portal: TestClient) -> None:
    await _learner_with_hours(portal)
    response = await portal.get("/en/account/hours", params={"year": "2026"})
    html = await response.text()
    assert response.status == 200, html
    assert "78 hours, of them 52 hours in professional subjects and 26 hours in general subjects." in html
    assert "12 hours more, of them 8 hours in professional subjects." in html
    assert 'href="/en/account/hours?year=2027"' in html and '<strong aria-current="page">2026</strong>' in html
    later = await (await portal.get("/en/account/hours", params={"year": "2027"})).text()
    assert "48 hours, of them 48 hours in professional subjects" in later
    arabic = await portal.get("/ar/account/hours", params={"year": "2026"})
    assert arabic.status == 200 and 'dir="rtl"' in (await arabic.text()).split(">", 2)[1]
    for bad in ("abc", "1999", "99999"):
        refused = await portal.get("/en/account/hours", params={"year": bad})
        assert refused.status == 400 and "between 2000 and 2100" in await refused.text()


async def test_the_employers_csv_lists_the_years_records_and_totals(portal: TestClient) -> None:
    code = await _learner_with_hours(portal)
    response = await portal.get("/zh-Hans/account/hours.csv", params={"year": "2026"})
    assert response.status == 200 and response.content_type == "text/csv"
    rows = list(csv.reader(io.StringIO((await response.read()).decode("utf-8-sig"))))
    assert len(rows) == 1 + 2 + 5 and rows[0][0] != "Year"  # headers in the learner's language
    codes = [row[5] for row in rows[1:3]]
    assert code in codes and {row[3] for row in rows[1:3]} == {"52", "26"}
    assert [row[3] for row in rows[3:]] == ["78", "52", "90", "60", "12"]


async def test_hours_are_on_the_verification_page_only_when_shared(portal: TestClient) -> None:
    code = await _learner_with_hours(portal)
    assert "shared-hours" not in await (await portal.get(f"/en/verify/{code}")).text()
    html = await (await portal.get("/en/account/hours")).text()
    shared = await portal.post("/en/account/hours/share", allow_redirects=False,
                               data={"csrf_token": csrf_from(html), "share": "1"})
    assert shared.status == 303
    page = await (await portal.get(f"/en/verify/{code}")).text()
    assert "hours in 2026: 78 hours, of them 52 hours in professional subjects (required: 90 hours" in page
    await portal.post("/en/account/hours/share", data={"csrf_token": csrf_from(html), "share": "0"})
    assert "shared-hours" not in await (await portal.get(f"/en/verify/{code}")).text()
