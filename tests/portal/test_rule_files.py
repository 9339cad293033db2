"""Reviewers' rule files on the portal: upload, dry-run report, apply, export — their institution only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer

from courses.outcomes.tables import ConversionRule
from courses.vocabulary import StaffRole
from portal.app import create_app
from tests.courses.credits.records import credited_course
from tests.courses.outcomes.account import CERTIFICATE
from tests.portal.conftest import csrf_from, make_settings
from tests.portal.test_admin import staff_client

OWN = f"课程编号,成果类型,成果名称,最低等级,有效年限,认定学分\r\nrobots,1+X证书,{CERTIFICATE},中级,3,2.0\r\n"


@pytest.fixture
async def portal(demo_url: str, tmp_path: Path) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(make_settings(demo_url, data_dir=tmp_path)))) as test_client:
        yield test_client


async def _send(client: TestClient, content: bytes, *, dry_run: bool, filename: str = "rules.csv"):
    token = csrf_from(await (await client.get("/en/admin/rules/import")).text())
    form = FormData()
    form.add_field("csrf_token", token)
    if dry_run:
        form.add_field("dry_run", "1")
    form.add_field("file", content, filename=filename, content_type="text/csv")
    return await client.post("/en/admin/rules/import", data=form)


async def test_a_reviewer_checks_applies_and_exports_their_rules(portal: TestClient) -> None:
    await credited_course("robots")
    await credited_course("other")
    await staff_client(portal, StaffRole.REVIEWER, provider_key="prov-robots")
    dry = await _send(portal, OWN.encode("gb18030"), dry_run=True)
    html = await dry.text()
    assert dry.status == 200 and "1 new rule, 0 rules changed, 0 rules unchanged" in html and "new rule" in html
    assert await ConversionRule.all().count() == 0
    applied = await _send(portal, OWN.encode(), dry_run=False)
    assert applied.status == 200 and "Applied: 1 new rule," in await applied.text()
    assert await ConversionRule.filter(outcome_name=CERTIFICATE).count() == 1

    refused = await _send(portal, (OWN + f"other,1+X证书,{CERTIFICATE},中级,3,2\r\n").encode(), dry_run=False)
    html = await refused.text()
    assert refused.status == 422 and "belongs to an institution you do not review for" in html
    assert "nothing was imported" in html and await ConversionRule.all().count() == 1

    exported = await portal.get("/en/admin/rules/export", params={"format": "csv"})
    text = (await exported.read()).decode("utf-8-sig")
    assert exported.status == 200 and exported.content_type == "text/csv" and "other" not in text
    assert text.splitlines()[1] == f"robots,one_plus_x,{CERTIFICATE},intermediate,3,2.0"
    xlsx = await portal.get("/en/admin/rules/export", params={"format": "xlsx"})
    again = await _send(portal, await xlsx.read(), dry_run=True, filename="rules.xlsx")
    assert again.status == 200 and "0 new rules, 0 rules changed, 1 rule unchanged" in await again.text()
    assert (await portal.get("/en/admin/rules/export", params={"format": "pdf"})).status == 400
    broken = await _send(portal, b"\x00\x01\x02", dry_run=True)
    assert broken.status == 422 and "neither UTF-8 nor GB18030" in await broken.text()


async def test_staff_who_keep_no_rules_cannot_open_the_page(portal: TestClient) -> None:
    await staff_client(portal, StaffRole.EDITOR)
    assert (await portal.get("/en/admin/rules/import")).status == 403
    assert (await portal.get("/en/admin/rules/export")).status == 403
