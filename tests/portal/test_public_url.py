"""Absolute links come from PUBLIC_URL: a forged Host header changes none of them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from courses.models import Intake, Partner
from courses.settings import Settings
from courses.vocabulary import StaffRole
from portal.app import create_app
from tests.portal.conftest import make_settings
from tests.portal.test_admin import staff_client

PUBLIC = "https://learn.example.org"
FORGED = "evil.example"


@pytest.fixture
async def public_client(demo_url: str) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(make_settings(demo_url, public_url=PUBLIC + "/")))) as client:
        yield client


async def public_paths() -> list[str]:
    intake = await Intake.filter(course__status="published").order_by("id").first()
    partner = await Partner.all().order_by("id").first()
    assert intake and partner
    return ["/en/", f"/en/courses/{intake.course_id}", f"/ar/courses/{intake.course_id}", "/sitemap.xml",
            "/robots.txt", f"/en/courses/{intake.course_id}/qr.svg", f"/en/partners/{partner.slug}",
            f"/en/partners/{partner.slug}/qr.svg", f"/en/intakes/{intake.id}.ics"]


async def test_a_forged_host_changes_no_absolute_url(public_client: TestClient) -> None:
    for path in await public_paths():
        honest = await public_client.get(path)
        forged = await public_client.get(path, headers={"Host": FORGED, "X-Forwarded-Host": FORGED})
        assert honest.status == forged.status == 200, path
        body = await forged.text()
        assert FORGED not in body, path
        assert PUBLIC in body, path
        assert body == await honest.text() or path.endswith(".ics"), path  # .ics differ by DTSTAMP only
    ics = await (await public_client.get((await public_paths())[-1], headers={"Host": FORGED})).text()
    assert f"URL:{PUBLIC}/en/courses/" in ics and "@learn.example.org" in ics


async def test_staff_share_links_use_the_public_url(public_client: TestClient) -> None:
    await staff_client(public_client, StaffRole.ADMIN)
    intake = await Intake.filter(course__status="published").order_by("id").first()
    assert intake
    for path in (f"/en/admin/courses/{intake.course_id}", "/en/admin/partners"):
        body = await (await public_client.get(path, headers={"Host": FORGED})).text()
        assert FORGED not in body and f"{PUBLIC}/s/" in body, path


def test_public_url_defaults_to_host_and_port_and_must_be_http() -> None:
    assert Settings(_env_file=None, host="0.0.0.0", port=9000).public_base == "http://0.0.0.0:9000"
    assert Settings(_env_file=None, public_url="https://a.example/learn/").public_base == "https://a.example/learn"
    with pytest.raises(ValueError, match="PUBLIC_URL"):
        Settings(_env_file=None, public_url="javascript:alert(1)")
