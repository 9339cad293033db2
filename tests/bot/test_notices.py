"""Notices reach Telegram learners in their own language and the intake's zone, with buttons.

The learners first talk to the real bot (which stores their Telegram language), then enroll,
and the domain's worker delivers through the fake Bot API. Also: "notify me" from the bot,
a blocked bot falling back to e-mail, linking that keeps the chosen locale, and the buttons'
callback data matching the bot's own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.keyboards import CancelCb, CourseCb, MenuCb, Screen, WatchCb
from courses.enrollment import enroll
from courses.i18n import translations
from courses.learners import create_link_token, register
from courses.models import CourseText, Intake, Learner, Outbox
from courses.notifications import (
    BOT_CALLBACKS,
    ActionKind,
    Portal,
    SendPace,
    TelegramSender,
    Worker,
    queue_watch_notices,
)
from courses.reach_models import Watch
from courses.settings import DEFAULT_LOCALES, Settings
from courses.vocabulary import OutboxStatus, Source
from tests.bot.conftest import RunningBot
from tests.courses.intakes import make_course
from tests.fake_telegram import TOKEN, FakeTelegram

# Telegram's language codes as clients send them, and the locale each must get.
LANGUAGES = {"zh-hans": "zh-Hans", "zh-tw": "zh-Hant", "en": "en", "ru": "ru", "fr": "fr", "ar": "ar", "th": "th"}
ENROLLED = "You are enrolled in <b>{title}</b>, starting {start}."


@pytest.fixture
async def worker(settings: Settings) -> AsyncIterator[Worker]:
    sender = TelegramSender(TOKEN, settings.telegram_api_url or "", pace=SendPace(per_second=500, per_chat=0))
    w = Worker(Portal("https://learn.example.org", DEFAULT_LOCALES, "en", "s"), telegram=sender)
    yield w
    await w.close()


def test_the_buttons_under_a_notice_are_the_bots_own() -> None:
    assert BOT_CALLBACKS[ActionKind.COURSE].format(ref=5) == CourseCb(id=5).pack()
    assert BOT_CALLBACKS[ActionKind.MY_ENROLLMENTS] == MenuCb(screen=Screen.MY).pack()
    assert BOT_CALLBACKS[ActionKind.CANCEL].format(ref=7) == CancelCb(enrollment=7).pack()
    assert BOT_CALLBACKS[ActionKind.UNSUBSCRIBE].format(ref=9) == WatchCb(course=9, on=False).pack()


async def test_thirty_learners_in_seven_languages_get_their_notices_in_their_language_and_zone(
        running_bot: RunningBot, telegram: FakeTelegram, worker: Worker) -> None:
    course = await make_course()
    await CourseText.create(course=course, locale="en", title="Welding")
    now = datetime.now(UTC)
    starts = (now + timedelta(days=20)).replace(hour=2, minute=0, second=0, microsecond=0)  # 09:00 in Bangkok
    intake = await Intake.create(course=course, starts_at=starts, capacity=None, timezone="Asia/Bangkok")
    codes = list(LANGUAGES)
    users = [(5000 + n, codes[n % len(codes)]) for n in range(30)]
    for user_id, code in users:
        await running_bot.chat(user_id, code).say("/help")  # first contact
    for user_id, code in users:
        learner = await Learner.get(telegram_id=user_id)
        assert learner.locale == LANGUAGES[code], (code, learner.locale)
        await enroll(learner.id, intake.id, source=Source.BOT, now=now)
    while await worker.deliver_due():
        pass
    for user_id, code in users:
        locale = LANGUAGES[code]
        (notice,) = [call for call in telegram.of("sendMessage", chat_id=user_id) if "Welding" in call.text]
        expected = translations(locale).gettext(ENROLLED).split("<b>")[0]
        assert notice.text.startswith(expected), (locale, notice.text)
        assert "09:00" in notice.text or "9:00" in notice.text, (locale, notice.text)
        data = [b.get("callback_data") for b in notice.buttons()]
        assert CourseCb(id=course.id).pack() in data and MenuCb(screen=Screen.MY).pack() in data
    assert await Outbox.filter(status=OutboxStatus.SENT).count() == 30


async def test_notify_me_from_the_bot_is_told_once_and_stopped_with_its_button(
        running_bot: RunningBot, telegram: FakeTelegram, worker: Worker) -> None:
    course = await make_course()
    await CourseText.create(course=course, locale="fr", title="Soudure")
    chat = running_bot.chat(6001, "fr")
    card = await chat.say(f"/start c{course.id}")
    watch = next(b for b in card.buttons() if b.get("callback_data", "").startswith("w:"))
    answer = await chat.press(watch["callback_data"], card)
    assert "préviendrons" in answer.params.get("text", "")
    assert await Watch.filter(course=course).count() == 1

    now = datetime.now(UTC)
    await Intake.create(course=course, starts_at=now + timedelta(days=30), capacity=3)
    assert await queue_watch_notices(now=now) == 1
    assert await queue_watch_notices(now=now) == 0
    await worker.deliver_due()
    (notice,) = [c for c in telegram.of("sendMessage", chat_id=6001) if "Soudure" in c.text and "place" in c.text]
    stop = notice.button("Arrêter")
    await chat.press(stop["callback_data"], notice)
    assert not await Watch.exists(course=course)


async def test_a_learner_who_blocked_the_bot_is_marked_and_reached_by_e_mail(
        db: str, telegram: FakeTelegram, worker: Worker) -> None:
    account = await register("li@example.org", "correct horse battery")
    await Learner.filter(id=account.id).update(telegram_id=7007, email_confirmed_at=datetime.now(UTC))
    course = await make_course()
    intake = await Intake.create(course=course, starts_at=datetime.now(UTC) + timedelta(days=5))
    await enroll(account.id, intake.id, source=Source.BOT, now=datetime.now(UTC))
    telegram.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", times=5)
    await worker.deliver_due()
    learner = await Learner.get(id=account.id)
    assert learner.telegram_blocked_at is not None
    by_mail = await Outbox.get(learner_id=account.id, channel="email")
    assert by_mail.kind == "enrolled" and by_mail.status == OutboxStatus.PENDING
    assert (await Outbox.get(learner_id=account.id, channel="telegram")).status == OutboxStatus.UNDELIVERABLE


async def test_linking_keeps_the_locale_chosen_on_the_portal(running_bot: RunningBot) -> None:
    account = await register("mei@example.org", "correct horse battery", locale="zh-Hant")
    chat = running_bot.chat(8008, "zh-hans")
    await chat.say("/help")  # a learner of its own first, in Simplified Chinese
    token = await create_link_token(account.id, now=datetime.now(UTC))
    await chat.say(f"/start link{token}")
    learner = await Learner.get(telegram_id=8008)
    assert learner.id == account.id and learner.locale == "zh-Hant"
    reply = await chat.say("/help")
    assert "語言" in reply.text and "语言" not in reply.text, reply.text
