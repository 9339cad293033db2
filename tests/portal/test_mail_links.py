"""Mailed links end to end: the worker mails them through a real SMTP server, the learner opens them.

Password reset (neutral answer, single use, old password refused, other sessions ended,
throttled), the confirmation before an enrollment takes a seat, and "notify me" with its
one-tap unsubscribe link.
"""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from courses.models import Course, Intake, Learner, Outbox
from courses.notifications import Portal, SmtpSender, Worker, queue_watch_notices
from courses.reach_models import Watch
from courses.settings import DEFAULT_LOCALES
from courses.vocabulary import OutboxStatus, Status
from tests.mail_sink import MailSink, text_of
from tests.portal.conftest import csrf_from

PUBLIC = "https://learn.example.org"
PASSWORD = "correct horse battery"


@pytest.fixture
async def worker(mail_sink: MailSink) -> AsyncIterator[Worker]:
    w = Worker(Portal(PUBLIC, DEFAULT_LOCALES, "en", "test-secret"),
               mail=SmtpSender(mail_sink.url, "portal@example.org", rate=200))
    yield w
    await w.close()


def second_browser(client: TestClient) -> aiohttp.ClientSession:
    """Another browser (its own cookies) on the same running portal."""
    return aiohttp.ClientSession(base_url=str(client.make_url("/")), cookie_jar=aiohttp.CookieJar(unsafe=True))


async def post_form(client: TestClient, path: str, **fields: str):
    token = csrf_from(await (await client.get(path)).text())
    return await client.post(path, data={"csrf_token": token, **fields}, allow_redirects=False)


async def mailed_link(sink: MailSink, worker: Worker, to: str, count: int) -> str:
    await worker.deliver_due()
    mail = (await sink.wait_for(count, to=to))[count - 1]
    match = re.search(re.escape(PUBLIC) + r"(/\S+)", text_of(mail))
    assert match, text_of(mail)
    return match.group(1)


async def test_password_reset_end_to_end(client: TestClient, mail_sink: MailSink, worker: Worker) -> None:
    signup = await post_form(client, "/ru/account/signup", email="olga@example.org", password=PASSWORD)
    assert signup.status == 303
    confirm = await mailed_link(mail_sink, worker, "olga@example.org", 1)
    assert confirm.startswith("/ru/account/confirm/")
    assert (await post_form(client, confirm)).status == 303  # signed in here
    other = second_browser(client)  # signed in too
    try:
        assert (await post_form(other, "/ru/account/signin", email="olga@example.org",
                                password=PASSWORD)).status == 303
        assert (await other.get("/ru/account/", allow_redirects=False)).status == 200

        # The same neutral answer for an address with an account and one without.
        known = await post_form(client, "/ru/account/reset", email="olga@example.org")
        unknown = await post_form(client, "/ru/account/reset", email="nobody@example.org")
        assert known.status == unknown.status == 303
        assert known.headers["Location"] == unknown.headers["Location"]
        reset = await mailed_link(mail_sink, worker, "olga@example.org", 2)
        assert reset.startswith("/ru/account/reset/") and not mail_sink.mails(to="nobody@example.org")
        assert all("token" not in m.payload for m in await Outbox.filter(kind="password_reset"))

        page = await client.get(reset)
        assert page.status == 200 and 'type="password"' in await page.text()
        done = await post_form(client, reset, password="a brand new secret")
        assert done.status == 303 and "password=1" in done.headers["Location"]
        assert (await other.get("/ru/account/", allow_redirects=False)).status == 303, "other session ended"
        assert (await client.get("/ru/account/", allow_redirects=False)).status == 200, "this one signed in"

        assert (await client.get(reset)).status == 410, "the link works once"
        token = csrf_from(await (await client.get("/ru/account/")).text())
        again = await client.post(reset, data={"csrf_token": token, "password": "yet another secret"})
        assert again.status == 410
        assert (await post_form(other, "/ru/account/signin", email="olga@example.org",
                                password=PASSWORD)).status == 401, "the old password is refused"
        assert (await post_form(other, "/ru/account/signin", email="olga@example.org",
                                password="a brand new secret")).status == 303
    finally:
        await other.close()
    learner = await Learner.get(email="olga@example.org")
    assert learner.password_hash and "brand new" not in learner.password_hash


async def test_reset_requests_are_throttled_per_address(client: TestClient) -> None:
    statuses = [(await post_form(client, "/en/account/reset", email="victim@example.org")).status
                for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert await Outbox.filter(kind="password_reset").count() == 0  # no such account: nothing mailed


async def test_an_unconfirmed_learner_is_told_to_check_the_mail_and_can_resend(
        client: TestClient, mail_sink: MailSink, worker: Worker) -> None:
    await post_form(client, "/en/account/signup", email="li@example.org", password=PASSWORD)
    await post_form(client, "/en/account/signin", email="li@example.org", password=PASSWORD)
    intake = await Intake.filter(course__status=Status.PUBLISHED, starts_at__gt=datetime.now(UTC),
                                 enroll_deadline__isnull=True).first()
    assert intake is not None
    refused = await post_form(client, f"/en/courses/{intake.course_id}/enroll?intake={intake.id}",
                              intake=str(intake.id))
    html = await refused.text()
    assert refused.status == 409 and "confirm your e-mail address first" in html
    seats = (await Intake.get(id=intake.id)).seats_taken
    token = csrf_from(html)
    resent = await client.post("/en/account/confirm", data={"csrf_token": token}, allow_redirects=False)
    assert resent.status == 303
    link = await mailed_link(mail_sink, worker, "li@example.org", 2)
    await post_form(client, link)
    enrolled = await post_form(client, f"/en/courses/{intake.course_id}/enroll?intake={intake.id}",
                               intake=str(intake.id))
    assert enrolled.status == 303
    assert (await Intake.get(id=intake.id)).seats_taken in (seats + 1, seats)  # a seat or the waitlist


async def test_notify_me_on_the_portal_is_told_once_and_unsubscribed_in_one_tap(
        client: TestClient, mail_sink: MailSink, worker: Worker) -> None:
    course = await Course.filter(status=Status.PUBLISHED).order_by("id").first()
    assert course is not None
    await Intake.filter(course=course).delete()  # no intake is planned: "notify me" is offered
    page = await (await client.get(f"/en/courses/{course.id}")).text()
    assert f"/en/courses/{course.id}/notify" in page
    await post_form(client, "/en/account/signup", email="wu@example.org", password=PASSWORD)
    await post_form(client, await mailed_link(mail_sink, worker, "wu@example.org", 1))
    done = await post_form(client, f"/en/courses/{course.id}/notify", on="1")
    assert done.status == 303
    assert "we will tell you" in await (await client.get(done.headers["Location"])).text()

    now = datetime.now(UTC)
    intake = await Intake.create(course=course, starts_at=now.replace(year=now.year + 1), capacity=5)
    assert await queue_watch_notices(now=now) == 1
    assert await queue_watch_notices(now=now) == 0, "once per event"
    await worker.deliver_due()
    mail = (await mail_sink.wait_for(2, to="wu@example.org"))[1]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/en/courses/{course.id}" in text_of(mail)
    header = re.fullmatch(r"\s*<" + re.escape(PUBLIC) + r"(\S+)>\s*", str(mail["List-Unsubscribe"]))
    assert header, mail["List-Unsubscribe"]
    unsubscribe = header.group(1)

    # The mail client's one-click POST carries no session and no CSRF token.
    async with second_browser(client) as anonymous:
        assert (await anonymous.get(unsubscribe)).status == 200
        assert await Watch.exists(course_id=course.id), "opening the link alone changes nothing"
        response = await anonymous.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
        assert response.status == 200
    assert not await Watch.exists(course_id=course.id)
    assert await Outbox.filter(kind="seat_available", status=OutboxStatus.SENT).count() == 1
    assert intake.id


async def test_the_locale_of_notices_follows_the_language_switch(client: TestClient, mail_sink: MailSink,
                                                                worker: Worker) -> None:
    await post_form(client, "/zh-Hant/account/signup", email="lin@example.org", password=PASSWORD)
    assert (await Learner.get(email="lin@example.org")).locale == "zh-Hant"
    await post_form(client, await mailed_link(mail_sink, worker, "lin@example.org", 1))
    assert (await client.get("/fr/account/")).status == 200  # the learner switched to French
    assert (await Learner.get(email="lin@example.org")).locale == "fr"


async def test_signing_up_from_enroll_returns_to_the_course_after_confirming(
        client: TestClient, mail_sink: MailSink, worker: Worker) -> None:
    intake = await Intake.filter(course__status=Status.PUBLISHED, starts_at__gt=datetime.now(UTC),
                                 enroll_deadline__isnull=True).first()
    assert intake is not None
    enroll_path = f"/en/courses/{intake.course_id}/enroll?intake={intake.id}"
    signin = (await client.get(enroll_path, allow_redirects=False)).headers["Location"]
    signup_page = await (await client.get(signin.replace("/signin", "/signup"))).text()
    assert f'name="next" value="{html.escape(enroll_path)}"' in signup_page
    token = csrf_from(signup_page)
    response = await client.post("/en/account/signup", allow_redirects=False, data={
        "csrf_token": token, "email": "mei@example.org", "password": PASSWORD, "next": enroll_path})
    assert response.status == 303
    link = await mailed_link(mail_sink, worker, "mei@example.org", 1)
    assert link.startswith("/en/account/confirm/") and "next=" in link
    page = await (await client.get(link)).text()
    carried = html.unescape(re.search(r'name="next" value="([^"]+)"', page).group(1))
    assert carried == enroll_path
    confirmed = await client.post(link.split("?")[0], allow_redirects=False,
                                  data={"csrf_token": csrf_from(page), "next": carried})
    assert confirmed.status == 303 and confirmed.headers["Location"] == enroll_path
    assert (await client.get(enroll_path, allow_redirects=False)).status == 200  # signed in, on the course


async def test_a_foreign_next_never_reaches_the_confirmation_link(
        client: TestClient, mail_sink: MailSink, worker: Worker) -> None:
    await post_form(client, "/en/account/signup", email="nil@example.org", password=PASSWORD,
                    next="//evil.example/steal")
    assert "next" not in (await Outbox.get(kind="confirm_email", learner__email="nil@example.org")).payload
    link = await mailed_link(mail_sink, worker, "nil@example.org", 1)
    assert "evil" not in link
    # A hand-made link with a foreign next ends on the account, not off the site.
    await post_form(client, "/en/account/signup", email="nil2@example.org", password=PASSWORD)
    own = await mailed_link(mail_sink, worker, "nil2@example.org", 1)
    forged = own + "?next=//evil.example/"
    page = await (await client.get(forged)).text()
    assert 'name="next"' not in page  # the form does not carry it on
    confirmed = await client.post(forged.split("?")[0], allow_redirects=False,
                                  data={"csrf_token": csrf_from(page), "next": "https://evil.example/"})
    assert confirmed.status == 303 and confirmed.headers["Location"] == "/en/account/?confirmed=1"
