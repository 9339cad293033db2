"""E-mail notices through a real SMTP server process: language, parts, headers, links, once each."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from courses.enrollment import AddressNotConfirmed, cancel, enroll
from courses.learners import confirm_address, purge_unconfirmed, sign_up
from courses.models import CourseText, Learner, Outbox
from courses.notifications import Portal, SmtpSender, TelegramSender, Worker, queue_intake_reminders
from courses.settings import DEFAULT_LOCALES
from courses.vocabulary import OutboxStatus, Source
from tests.courses.intakes import NOW, make_intake, make_learners
from tests.mail_sink import MailSink, text_of

PUBLIC = "https://learn.example.org"
PASSWORD = "correct horse battery"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def worker(sink: MailSink, telegram: TelegramSender | None = None) -> Worker:
    return Worker(Portal(PUBLIC, DEFAULT_LOCALES, "en", "test-secret"), telegram=telegram,
                  mail=SmtpSender(sink.url, "Portal <portal@example.org>", rate=200), clock=lambda: NOW)


@pytest.fixture
async def workers(mail_sink: MailSink) -> AsyncIterator[list[Worker]]:
    made = [worker(mail_sink), worker(mail_sink)]
    yield made
    for w in made:
        await w.close()


def link_in(text: str) -> str:
    match = re.search(re.escape(PUBLIC) + r"/\S+", text)
    assert match, text
    return match.group(0)


async def test_a_russian_sign_up_gets_confirmation_waitlist_and_promotion_mails_in_russian_once(
        db: str, mail_sink: MailSink, workers: list[Worker]) -> None:
    address = await sign_up("Olga@Example.org", PASSWORD, locale="ru", timezone="Europe/Moscow", now=NOW)
    assert address == "olga@example.org"
    olga = await Learner.get(email=address)
    intake = await make_intake(capacity=1)
    await CourseText.create(course_id=intake.course_id, locale="ru", title="Сварка")
    with pytest.raises(AddressNotConfirmed):
        await enroll(olga.id, intake.id, source=Source.PORTAL, now=NOW)

    # Two workers side by side: every mail goes out once.
    await asyncio.gather(*(w.deliver_due() for w in workers))
    (confirmation,) = await mail_sink.wait_for(1, to=address)
    assert confirmation["Content-Language"] == "ru"
    assert confirmation.get_content_type() == "multipart/alternative"
    plain, html = text_of(confirmation), text_of(confirmation, "html")
    assert "Подтвердите" in str(confirmation["Subject"]) and not PLACEHOLDER.search(plain + html)
    url = link_in(plain)
    assert url.startswith(f"{PUBLIC}/ru/account/confirm/") and url in html
    token = url.rsplit("/", 1)[1]
    assert "token" not in (await Outbox.get(kind="confirm_email")).payload, "only the hash stays stored"
    await confirm_address(token, now=NOW)

    (first,) = await make_learners(1)
    await enroll(first.id, intake.id, source=Source.BOT, now=NOW)
    waiting = await enroll(olga.id, intake.id, source=Source.PORTAL, now=NOW)
    assert waiting.position == 1
    # The workers run all along: the waitlist notice goes out before the seat frees up (a notice
    # still pending when it is no longer true, "waitlisted" after the promotion, is never sent).
    await asyncio.gather(*(w.deliver_due() for w in workers))
    await mail_sink.wait_for(2, to=address)
    await cancel(first.id, intake.id, now=NOW)
    for _ in range(2):
        await asyncio.gather(*(w.deliver_due() for w in workers))
    mails = await mail_sink.wait_for(3, to=address)
    await asyncio.sleep(0.3)
    mails = mail_sink.mails(to=address)
    assert len(mails) == 3, [str(m["Subject"]) for m in mails]
    waitlist, promotion = mails[1], mails[2]
    assert "листе ожидания курса <b>" not in text_of(waitlist), "no markup in the plain text"
    assert "листе ожидания курса Сварка" in text_of(waitlist) and "освобод" in text_of(promotion)
    assert "<b>Сварка</b>" in text_of(promotion, "html")
    for mail in (waitlist, promotion):
        assert mail["Content-Language"] == "ru" and not PLACEHOLDER.search(text_of(mail))
        assert f"{PUBLIC}/ru/courses/{intake.course_id}" in text_of(mail, "html")
        # the intake's clock first, then the learner's own
        assert "(Китай) · по вашему времени:" in text_of(mail) and "(Москва" in text_of(mail)
    assert await Outbox.filter(status=OutboxStatus.SENT).exclude(learner_id=first.id).count() == 3


async def test_signing_up_again_answers_alike_and_mails_the_way_to_a_reset(
        db: str, mail_sink: MailSink, workers: list[Worker]) -> None:
    assert await sign_up("ana@example.org", PASSWORD, locale="fr", now=NOW) == "ana@example.org"
    assert await sign_up("ANA@example.org", "another password", locale="en", now=NOW) == "ana@example.org"
    assert await Learner.filter(email="ana@example.org").count() == 1
    await workers[0].deliver_due()
    confirmation, exists = await mail_sink.wait_for(2, to="ana@example.org")
    assert f"{PUBLIC}/fr/account/confirm/" in text_of(confirmation)
    assert f"{PUBLIC}/fr/account/reset" in text_of(exists)  # the account's language, not the stranger's
    assert "confirm" not in text_of(exists)


async def test_a_reminder_mail_offers_one_click_unsubscribe(db: str, mail_sink: MailSink,
                                                            workers: list[Worker]) -> None:
    (learner,) = await make_learners(1, telegram=False)
    intake = await make_intake(starts_in=timedelta(hours=12))
    await enroll(learner.id, intake.id, source=Source.PORTAL, now=NOW)
    assert await queue_intake_reminders(now=NOW) == 1
    await workers[0].deliver_due()
    enrolled, reminder = await mail_sink.wait_for(2)
    assert enrolled["List-Unsubscribe"] is None
    assert reminder["List-Unsubscribe"].startswith(f"<{PUBLIC}/en/notify/reminders/")
    assert reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


async def test_unconfirmed_accounts_are_removed_after_a_week(db: str) -> None:
    await sign_up("late@example.org", PASSWORD, now=NOW)
    await Learner.filter(email="late@example.org").update(created_at=NOW - timedelta(days=8))
    await sign_up("fresh@example.org", PASSWORD, now=NOW)
    assert await purge_unconfirmed(now=NOW) == 1
    assert set(await Learner.all().values_list("email", flat=True)) == {"fresh@example.org"}


async def test_a_refused_connection_leaves_the_mail_for_later(db: str, tmp_path) -> None:
    (learner,) = await make_learners(1, telegram=False)
    await enroll(learner.id, (await make_intake()).id, source=Source.PORTAL, now=NOW)
    offline = Worker(Portal(PUBLIC, DEFAULT_LOCALES, "en"),
                     mail=SmtpSender("smtp://127.0.0.1:9", "p@example.org"), clock=lambda: NOW)
    await offline.deliver_due()
    message = await Outbox.get(learner_id=learner.id)
    assert message.status == OutboxStatus.PENDING and message.attempts == 1 and message.next_attempt_at > NOW
