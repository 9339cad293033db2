"""Accounts and safety: sign-up, sign-in (new session id, throttling, same answer), sign-out, CSRF,
enrolling end to end, cancel, transcript, export and deletion."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.webhook import WEBHOOK_PATH
from courses.models import Course, Enrollment, Intake, Learner, Outbox
from courses.vocabulary import EnrollmentStatus, labels
from portal import csrf
from portal.app import create_app
from portal.sessions import COOKIE_NAME
from tests.portal.conftest import confirm_by_mail, csrf_from, make_settings

PASSWORD = "correct horse battery"


async def sign_up(client: TestClient, email: str = "ana@example.org", name: str = "Ana") -> None:
    """Sign up and open the confirmation link, which signs the learner in."""
    token = csrf_from(await (await client.get("/en/account/signup")).text())
    response = await client.post("/en/account/signup", allow_redirects=False, data={
        "csrf_token": token, "email": email, "password": PASSWORD, "name": name, "zone": "Asia/Bangkok"})
    assert response.status == 303, await response.text()
    await confirm_by_mail(client, email)


async def sign_in(client: TestClient, email: str, password: str = PASSWORD):
    token = csrf_from(await (await client.get("/en/account/signin")).text())
    return await client.post("/en/account/signin", allow_redirects=False,
                             data={"csrf_token": token, "email": email, "password": password})


async def sign_out(client: TestClient) -> None:
    token = csrf_from(await (await client.get("/en/account/")).text())
    response = await client.post("/en/account/signout", data={"csrf_token": token}, allow_redirects=False)
    assert response.status == 303


def session_cookie(client: TestClient) -> str | None:
    for cookie in client.session.cookie_jar:
        if cookie.key == COOKIE_NAME:
            return cookie.value
    return None


async def test_the_confirmation_link_signs_in_with_a_safe_cookie(client: TestClient) -> None:
    token = csrf_from(await (await client.get("/en/account/signup")).text())
    response = await client.post("/en/account/signup", allow_redirects=False, data={
        "csrf_token": token, "email": "bo@example.org", "password": PASSWORD, "name": "Bo"})
    assert response.status == 303 and response.headers["Location"] == "/en/account/check-mail"
    assert (await client.get("/en/account/", allow_redirects=False)).status == 303, "not signed in yet"
    message = await Outbox.get(kind="confirm_email", learner__email="bo@example.org")
    url = f"/en/account/confirm/{message.payload['token']}"
    page = await client.get(url)
    assert page.status == 200 and (await Learner.get(email="bo@example.org")).email_confirmed_at is None
    response = await client.post(url, data={"csrf_token": csrf_from(await page.text())}, allow_redirects=False)
    assert response.status == 303
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    html = await (await client.get("/en/account/")).text()
    assert "My enrollments" in html and "My learning" in html


async def test_sign_up_refusals_are_explained(client: TestClient) -> None:
    await sign_up(client, "taken@example.org")
    await sign_out(client)
    token = csrf_from(await (await client.get("/en/account/signup")).text())
    for email, password in (("not-an-email", PASSWORD), ("new@example.org", "short")):
        response = await client.post("/en/account/signup", data={
            "csrf_token": token, "email": email, "password": password})
        assert response.status == 422
        assert 'class="notice warn"' in await response.text()


async def test_sign_in_starts_a_new_session_and_sign_out_ends_it(client: TestClient) -> None:
    await sign_up(client, "cy@example.org")
    await sign_out(client)
    await client.get("/en/account/signin")
    assert session_cookie(client) is None, "the sign-in form stores no session"
    # A key planted before sign-in (by a sibling site, say) is not the one signing in uses.
    before = "planted-key-planted-key-planted-key-planted"
    client.session.cookie_jar.update_cookies({COOKIE_NAME: before})
    response = await sign_in(client, "cy@example.org")
    assert response.status == 303
    after = session_cookie(client)
    assert after and after != before
    # The pre-sign-in key opens nothing.
    response = await client.get("/en/account/", cookies={COOKIE_NAME: before}, allow_redirects=False)
    assert response.status == 303 and "/signin" in response.headers["Location"]
    await sign_out(client)
    # Replaying the signed-out key does not bring the session back.
    response = await client.get("/en/account/", cookies={COOKIE_NAME: after}, allow_redirects=False)
    assert response.status == 303 and "/signin" in response.headers["Location"]


async def test_unknown_and_known_emails_get_the_same_answer(client: TestClient) -> None:
    await sign_up(client, "dee@example.org")
    await sign_out(client)
    wrong = await sign_in(client, "dee@example.org", "wrong password!")
    unknown = await sign_in(client, "nobody@example.org", "wrong password!")
    assert wrong.status == unknown.status == 401

    def notice(html: str) -> str:
        return re.search(r'<p class="notice warn" role="alert">(.*?)</p>', html).group(1)

    assert notice(await wrong.text()) == notice(await unknown.text())


async def test_sign_in_is_throttled_per_account(client: TestClient) -> None:
    await sign_up(client, "eve@example.org")
    await sign_out(client)
    for _ in range(5):
        assert (await sign_in(client, "eve@example.org", "nope nope nope")).status == 401
    blocked = await sign_in(client, "eve@example.org")
    assert blocked.status == 429 and int(blocked.headers["Retry-After"]) > 0
    assert (await sign_in(client, "EVE@example.org ")).status == 429  # the same account, spelt differently


async def test_guessing_from_elsewhere_does_not_lock_the_owner_out(demo_url: str) -> None:
    settings = make_settings(demo_url, trusted_proxies=("127.0.0.1",))
    async with TestClient(TestServer(create_app(settings))) as client:
        await sign_up(client, "gus@example.org")
        await sign_out(client)
        stranger = {"X-Forwarded-For": "203.0.113.9"}
        for _ in range(7):
            token = csrf_from(await (await client.get("/en/account/signin")).text())
            await client.post("/en/account/signin", headers=stranger, allow_redirects=False,
                              data={"csrf_token": token, "email": "gus@example.org", "password": "nope nope"})
        token = csrf_from(await (await client.get("/en/account/signin")).text())
        blocked = await client.post("/en/account/signin", headers=stranger, allow_redirects=False,
                                    data={"csrf_token": token, "email": "gus@example.org", "password": PASSWORD})
        # Attempts during the wait are refused unchecked; the first wait past the limit is 30 s.
        assert blocked.status == 429 and 0 < int(blocked.headers["Retry-After"]) <= 30
        assert (await sign_in(client, "gus@example.org")).status == 303  # the owner, from their own address


async def test_sign_up_is_throttled_per_address(client: TestClient) -> None:
    for n in range(5):
        await sign_up(client, f"bulk{n}@example.org")
        await sign_out(client)
    token = csrf_from(await (await client.get("/en/account/signup")).text())
    refused = await client.post("/en/account/signup", data={
        "csrf_token": token, "email": "bulk5@example.org", "password": PASSWORD})
    assert refused.status == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many attempts" in await refused.text()
    assert not await Learner.filter(email="bulk5@example.org").exists()


async def test_sign_in_is_throttled_per_address(client: TestClient) -> None:
    for n in range(20):
        assert (await sign_in(client, f"guess{n}@example.org", "nope nope nope")).status == 401
    assert (await sign_in(client, "someone-else@example.org", "whatever1")).status == 429


async def test_posts_without_the_csrf_token_are_refused(client: TestClient) -> None:
    await sign_up(client, "fay@example.org")
    for data in ({}, {"csrf_token": "forged"}, {"csrf_token": ""}):
        response = await client.post("/en/account/signout", data=data)
        assert response.status == 403
        assert "This form has expired" in await response.text()
    assert "My enrollments" in await (await client.get("/en/account/")).text()  # still signed in
    response = await client.post("/en/account/signin", data={"email": "a@b.c", "password": "x"})
    assert response.status == 403


def test_csrf_exemptions_are_the_webhook_and_the_api_only() -> None:
    assert csrf.EXEMPT_PREFIXES == (WEBHOOK_PATH, "/api/")
    assert csrf.is_exempt(WEBHOOK_PATH) and csrf.is_exempt("/api/v1/courses")
    assert not csrf.is_exempt("/en/account/signin")
    assert not csrf.is_exempt(WEBHOOK_PATH + "-not")
    assert not csrf.is_exempt("/apix/")


async def test_exempt_paths_are_not_csrf_checked(client: TestClient) -> None:
    response = await client.post("/api/v1/nothing-here", json={})
    assert response.status == 404  # reaches routing, not a CSRF refusal
    assert response.content_type == "application/json"


async def test_malformed_forms_are_400(client: TestClient) -> None:
    token = csrf_from(await (await client.get("/en/account/signin")).text())
    response = await client.post("/en/account/signin", data={
        "csrf_token": token, "email": ["a@example.org", "b@example.org"], "password": "x"})
    assert response.status == 400
    response = await client.post("/en/account/signin", data={
        "csrf_token": token, "email": "a" * 300, "password": "x"})
    assert response.status == 400
    response = await client.post("/en/account/signin", data=b"\xff\xfe=%%%",
                                 headers={"Content-Type": "application/x-www-form-urlencoded",
                                          "X-CSRF-Token": token})
    assert response.status in (400, 401)


async def open_intake() -> tuple[int, int]:
    intake = await Intake.filter(capacity__gt=0, course__status="published",
                                 seats_taken__lt=1).order_by("id").first()
    assert intake
    return intake.course_id, intake.id


async def test_enroll_end_to_end_then_cancel(client: TestClient) -> None:
    course_id, intake_id = await open_intake()
    enroll_path = f"/en/courses/{course_id}/enroll?intake={intake_id}"
    response = await client.get(enroll_path, allow_redirects=False)
    assert response.status == 303 and "/en/account/signin?next=" in response.headers["Location"]
    await sign_up(client, "gus@example.org")
    html = await (await client.get(enroll_path)).text()
    response = await client.post(f"/en/courses/{course_id}/enroll", allow_redirects=False,
                                 data={"csrf_token": csrf_from(html), "intake": str(intake_id)})
    assert response.status == 303
    html = await (await client.get(response.headers["Location"])).text()
    course = await Course.get(id=course_id).prefetch_related("texts")
    title = next(t.title for t in course.texts if t.locale == "en")
    assert title in html and "You are enrolled" in html and f"/en/intakes/{intake_id}.ics" in html
    # Cancelling is a link to a confirmation page; only its form cancels.
    cancel = re.search(r'href="(/en/account/enrollments/\d+/cancel)"', html).group(1)
    html = await (await client.get(cancel)).text()
    mine = Enrollment.filter(active=True, learner__email="gus@example.org")
    assert "Cancel your place?" in html and await mine.count() == 1
    response = await client.post(cancel, data={"csrf_token": csrf_from(html)})
    assert response.status == 200 and "Your enrollment was cancelled." in await response.text()
    assert await mine.count() == 0


async def test_an_ended_enrollment_is_labelled_ended_under_ended_and_cancelled(client: TestClient) -> None:
    course_id, intake_id = await open_intake()
    await sign_up(client, "eve@example.org")
    html = await (await client.get(f"/en/courses/{course_id}/enroll?intake={intake_id}")).text()
    response = await client.post(f"/en/courses/{course_id}/enroll", allow_redirects=False,
                                 data={"csrf_token": csrf_from(html), "intake": str(intake_id)})
    assert response.status == 303
    now = datetime.now(UTC)
    await Intake.filter(id=intake_id).update(starts_at=now - timedelta(days=10), ends_at=now - timedelta(days=1),
                                             enroll_deadline=None)
    page = await (await client.get("/en/account/")).text()
    past = re.search(r'<h2>Ended and cancelled</h2>\s*<ul class="past">(.*?)</ul>', page, re.S)
    assert past, "the ended enrollment is not listed apart"
    assert f"· {labels.ENDED}</li>" in past.group(1)
    assert labels.ENROLLMENT_STATUS[EnrollmentStatus.ENROLLED] not in past.group(1)


async def test_enroll_refusal_is_explained(client: TestClient) -> None:
    course_id, intake_id = await open_intake()
    await sign_up(client, "hal@example.org")
    html = await (await client.get(f"/en/courses/{course_id}/enroll?intake={intake_id}")).text()
    await Course.filter(id=course_id).update(status="archived")
    response = await client.post(f"/en/courses/{course_id}/enroll",
                                 data={"csrf_token": csrf_from(html), "intake": str(intake_id)})
    assert response.status in (404, 409)
    for bad in ("", "abc", "9" * 20):
        response = await client.get(f"/en/courses/{course_id}/enroll?intake={bad}")
        assert response.status == 400


async def test_transcript_export_and_delete(client: TestClient) -> None:
    await sign_up(client, "ida@example.org", "Ida")
    assert (await client.get("/en/account/transcript")).status == 200
    response = await client.get("/en/account/export")
    assert response.status == 200 and "attachment" in response.headers["Content-Disposition"]
    assert "ida@example.org" in await response.text()
    html = await (await client.get("/en/account/delete")).text()
    response = await client.post("/en/account/delete", data={"csrf_token": csrf_from(html)})
    assert response.status == 400  # not confirmed
    response = await client.post("/en/account/delete", allow_redirects=False,
                                 data={"csrf_token": csrf_from(html), "confirm": "yes",
                                       "credit_records": "remove"})
    assert response.status == 303
    assert not await Learner.filter(email="ida@example.org").exists()
    assert (await client.get("/en/account/", allow_redirects=False)).status == 303
    assert (await sign_in(client, "ida@example.org")).status == 401


async def test_account_pages_need_sign_in(client: TestClient) -> None:
    for path in ("/en/account/", "/en/account/transcript", "/en/account/export", "/en/account/delete"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303 and "/en/account/signin" in response.headers["Location"]


async def test_sign_in_returns_to_a_local_page_only(client: TestClient) -> None:
    await sign_up(client, "jo@example.org")
    await sign_out(client)
    token = csrf_from(await (await client.get("/en/account/signin")).text())
    response = await client.post("/en/account/signin", allow_redirects=False, data={
        "csrf_token": token, "email": "jo@example.org", "password": PASSWORD, "next": "//evil.example/"})
    assert response.headers["Location"] == "/en/"


async def test_production_cookies_are_secure(demo_url: str) -> None:
    settings = make_settings(demo_url, environment="production")
    async with TestClient(TestServer(create_app(settings))) as client:
        response = await client.get("/en/account/signin")
        assert "Secure" in response.headers["Set-Cookie"]
        assert "Strict-Transport-Security" in response.headers


@pytest.mark.parametrize("locale", ["ar", "zh-Hans"])
async def test_signed_in_pages_in_other_locales(client: TestClient, locale: str) -> None:
    await sign_up(client, f"k-{locale}@example.org")
    for path in ("/account/", "/account/transcript", "/account/delete"):
        response = await client.get(f"/{locale}{path}")
        assert response.status == 200
        assert f'<html lang="{locale}"' in await response.text()


async def test_expired_database_sessions_are_purged(db: str) -> None:
    from datetime import UTC, datetime, timedelta

    from courses.learners import load_session, purge_expired_sessions, store_session

    now = datetime.now(UTC)
    await store_session("old-key-" + "x" * 30, {"a": 1}, now - timedelta(seconds=1))
    await store_session("new-key-" + "x" * 30, {"a": 2}, now + timedelta(hours=1))
    assert await load_session("old-key-" + "x" * 30, now) is None
    assert await purge_expired_sessions(now) == 1
    assert await load_session("new-key-" + "x" * 30, now) == {"a": 2}


async def test_connect_telegram_links_the_account_once(demo_url: str) -> None:
    from courses.learners import LinkUsed, link_telegram
    from portal import keys

    app = create_app(make_settings(demo_url, bot_token="123:test"))
    app[keys.BOT_USERNAME] = "lifelong_test_bot"  # known already: no getMe call to Telegram
    async with TestClient(TestServer(app)) as client:
        await sign_up(client, "tg@example.org")
        html = await (await client.get("/en/account/")).text()
        assert "Connect Telegram" in html
        response = await client.post("/en/account/telegram", data={"csrf_token": csrf_from(html)},
                                     allow_redirects=False)
        assert response.status == 303
        location = response.headers["Location"]
        assert location.startswith("https://t.me/lifelong_test_bot?start=link")
        token = location.split("start=link", 1)[1]
        from datetime import UTC, datetime
        profile = await link_telegram(token, 777_001, now=datetime.now(UTC))
        assert profile.email == "tg@example.org" and profile.telegram_id == 777_001
        with pytest.raises(LinkUsed):
            await link_telegram(token, 777_002, now=datetime.now(UTC))
        assert "Connect Telegram" not in await (await client.get("/en/account/")).text()


async def test_without_a_bot_there_is_nothing_to_connect(client: TestClient) -> None:
    await sign_up(client, "nobot@example.org")
    html = await (await client.get("/en/account/")).text()
    assert "Connect Telegram" not in html
    response = await client.post("/en/account/telegram", data={"csrf_token": csrf_from(html)},
                                 allow_redirects=False)
    assert response.status == 404
