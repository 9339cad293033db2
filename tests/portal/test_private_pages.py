"""Signed-in pages are never cached, deleting an account ends all its sessions, names cannot reorder a roster."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from courses.enrollment import rosters
from courses.i18n import BIDI_CONTROLS, clean_display_name
from courses.learners import learner_for_telegram, register, update_preferences
from courses.models import Enrollment, Intake, Learner, StaffUser
from courses.settings import Settings
from courses.staff import create_staff
from courses.vocabulary import EnrollmentStatus, Source, StaffRole
from portal.app import create_app
from tests.portal.conftest import TEST_REDIS_URL, csrf_from, make_settings
from tests.portal.test_accounts import PASSWORD, open_intake, sign_in, sign_up
from tests.portal.test_admin import staff_client

SPOOF = "Ana\u202egro.elpmaxe\u2066\u200f\u061c"


async def test_signed_in_pages_are_no_store(client: TestClient) -> None:
    course_id, intake_id = await open_intake()
    await sign_up(client, "private@example.org")
    confirmation = await client.get(f"/en/courses/{course_id}/enroll?intake={intake_id}")
    assert confirmation.headers.get("Cache-Control") == "no-store"
    html = await confirmation.text()
    await client.post(f"/en/courses/{course_id}/enroll", data={"csrf_token": csrf_from(html),
                                                               "intake": str(intake_id)})
    for path in ("/en/account/", "/en/account/transcript", "/en/account/delete",
                 f"/en/account/enrollments/{intake_id}", f"/en/account/enrollments/{intake_id}/cancel",
                 f"/en/courses/{course_id}"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 200, path
        assert response.headers.get("Cache-Control") == "no-store", path


async def test_the_staff_area_is_no_store(client: TestClient) -> None:
    await staff_client(client, StaffRole.ADMIN)
    intake = await Intake.filter(capacity__not_isnull=True).first()
    assert intake
    for path in ("/en/admin/", "/en/admin/courses", f"/en/admin/intakes/{intake.id}/roster",
                 f"/en/admin/intakes/{intake.id}/roster.csv"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 200, path
        assert response.headers.get("Cache-Control") == "no-store", path


@pytest.fixture(params=["database", "redis"])
async def settings(request: pytest.FixtureRequest, demo_url: str) -> AsyncIterator[Settings]:
    """Settings with sessions in the database, or in Redis when TEST_REDIS_URL is set."""
    redis = None
    if request.param == "redis":
        if not TEST_REDIS_URL:
            pytest.skip("TEST_REDIS_URL is not set")
        from redis.asyncio import Redis

        redis = Redis.from_url(TEST_REDIS_URL)
        await redis.flushdb()
    yield make_settings(demo_url, redis_url=TEST_REDIS_URL if redis is not None else None)
    if redis is not None:
        await redis.flushdb()
        await redis.aclose()


async def test_deleting_an_account_ends_its_sessions_on_every_device(settings: Settings) -> None:
    server = TestServer(create_app(settings))
    phone, laptop, other = TestClient(server), TestClient(server), TestClient(server)
    async with server, phone, laptop, other:
        await sign_up(phone, "two@example.org")
        await sign_up(other, "twenty@example.org")  # another learner's sessions stay
        assert (await sign_in(laptop, "two@example.org")).status == 303
        for client in (phone, laptop, other):
            assert (await client.get("/en/account/", allow_redirects=False)).status == 200
        html = await (await phone.get("/en/account/delete")).text()
        response = await phone.post("/en/account/delete", allow_redirects=False, data={
            "csrf_token": csrf_from(html), "confirm": "yes", "credit_records": "remove"})
        assert response.status == 303
        for client in (phone, laptop):
            response = await client.get("/en/account/", allow_redirects=False)
            assert response.status == 303 and "/signin" in response.headers["Location"]
        assert (await other.get("/en/account/", allow_redirects=False)).status == 200


def test_bidi_controls_are_dropped_and_joiners_kept() -> None:
    assert clean_display_name(SPOOF) == "Anagro.elpmaxe"
    assert clean_display_name("\u200f\u202b") is None
    assert clean_display_name("👩\u200d💻 علی\u200cرضا") == "👩\u200d💻 علی\u200cرضا"
    assert all(clean_display_name(f"a{ch}b") == "ab" for ch in BIDI_CONTROLS)
    assert {ord(ch) for ch in BIDI_CONTROLS} == {*range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                                 0x200E, 0x200F, 0x061C}


async def test_every_write_path_and_the_roster_drop_bidi_controls(client: TestClient) -> None:
    web = await register("web@example.org", PASSWORD, display_name=SPOOF)
    telegram = await learner_for_telegram(77001, display_name=SPOOF)
    renamed = await register("renamed@example.org", PASSWORD)
    await update_preferences(renamed.id, display_name=SPOOF)
    staff = await create_staff("bidi-staff@example.org", PASSWORD, StaffRole.ADMIN, display_name=SPOOF)
    for learner_id in (web.id, telegram.id, renamed.id):
        assert (await Learner.get(id=learner_id)).display_name == "Anagro.elpmaxe"
    assert (await StaffUser.get(id=staff.id)).display_name == "Anagro.elpmaxe"
    # The portal's sign-up form is the same path.
    token = csrf_from(await (await client.get("/en/account/signup")).text())
    await client.post("/en/account/signup", data={"csrf_token": token, "email": "form@example.org",
                                                  "password": PASSWORD, "name": SPOOF})
    assert (await Learner.get(email="form@example.org")).display_name == "Anagro.elpmaxe"
    # A name stored before the rule (or by hand) is cleaned on the roster and its CSV.
    intake = await Intake.filter(capacity__not_isnull=True).first()
    assert intake
    old = await Learner.create(display_name=SPOOF, email="old@example.org")
    await Enrollment.create(learner=old, intake=intake, status=EnrollmentStatus.ENROLLED, source=Source.PORTAL)
    lines = (await rosters.roster(staff, intake.id)).lines
    assert [line.name for line in lines if line.learner_id == old.id] == ["Anagro.elpmaxe"]
    client.session.cookie_jar.clear()
    token = csrf_from(await (await client.get("/en/admin/signin")).text())
    await client.post("/en/admin/signin", data={"csrf_token": token, "email": "bidi-staff@example.org",
                                                "password": PASSWORD})
    for path in (f"/en/admin/intakes/{intake.id}/roster", f"/en/admin/intakes/{intake.id}/roster.csv"):
        text = await (await client.get(path)).text()
        assert "Anagro.elpmaxe" in text and not BIDI_CONTROLS & set(text), path

