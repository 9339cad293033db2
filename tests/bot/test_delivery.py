"""Notifications from the Outbox: rate limits, 429 with retry_after, 5xx, blocked users, never twice."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from courses.enrollment import cancel, enroll
from courses.models import Learner, Outbox
from courses.notifications import Portal, SendPace, TelegramSender, Worker, run_worker
from courses.settings import Settings
from courses.vocabulary import OutboxStatus, Source
from tests.courses.intakes import NOW, make_intake, make_learners
from tests.fake_telegram import TOKEN, FakeTelegram


@pytest.fixture
async def bot() -> AsyncIterator[list[Worker]]:
    """The workers a test made, closed after it."""
    workers: list[Worker] = []
    yield workers
    for worker in workers:
        await worker.close()


def deliverer(bot: list[Worker], settings: Settings, **options: object) -> Worker:
    """A worker for Telegram only, on the test's clock, against ``settings``' Bot API server."""
    pace = options.pop("pace", None) or SendPace()
    sender = TelegramSender(TOKEN, settings.telegram_api_url or "", server_backoff=0.05, pace=pace,  # type: ignore[arg-type]
                            **options)  # type: ignore[arg-type]
    worker = Worker(Portal("https://portal.example.org", settings.locales, settings.default_locale),
                    telegram=sender, clock=lambda: NOW)
    bot.append(worker)
    return worker


async def one_enrollment() -> tuple[Learner, int]:
    (learner,) = await make_learners(1)
    intake = await make_intake(capacity=1)
    await enroll(learner.id, intake.id, source=Source.PORTAL, now=NOW)
    return learner, intake.id


async def test_a_429_is_waited_out_and_the_message_sent_exactly_once(
        db: str, telegram: FakeTelegram, settings: Settings, bot: list[Worker]) -> None:
    learner, _ = await one_enrollment()
    telegram.rate_limit("sendMessage", retry_after=1)
    started = time.monotonic()
    assert await deliverer(bot, settings).deliver_due() == 1
    elapsed = time.monotonic() - started
    assert await deliverer(bot, settings).deliver_due() == 0  # nothing left to send
    sends = telegram.of("sendMessage", chat_id=learner.telegram_id)
    assert [call.params.get("_failed") for call in sends] == [429, None]
    assert sends[1].at - sends[0].at >= 1.0 and elapsed >= 1.0
    assert "enrolled" in sends[1].text
    message = await Outbox.get(learner_id=learner.id)
    assert message.status == OutboxStatus.SENT and message.sent_at is not None


async def test_server_errors_are_retried_with_backoff(
        db: str, telegram: FakeTelegram, settings: Settings, bot: list[Worker]) -> None:
    learner, _ = await one_enrollment()
    telegram.fail("sendMessage", 502, "Bad Gateway", times=2)
    await deliverer(bot, settings).deliver_due()
    assert [call.params.get("_failed") for call in telegram.of("sendMessage")] == [502, 502, None]
    assert (await Outbox.get(learner_id=learner.id)).status == OutboxStatus.SENT


async def test_lasting_server_errors_leave_the_message_for_a_later_attempt(
        db: str, telegram: FakeTelegram, settings: Settings, bot: list[Worker]) -> None:
    learner, _ = await one_enrollment()
    telegram.fail("sendMessage", 500, "Internal Server Error", times=10)
    await deliverer(bot, settings, server_retries=2).deliver_due()
    assert len(telegram.of("sendMessage")) == 3
    message = await Outbox.get(learner_id=learner.id)
    assert message.status == OutboxStatus.PENDING and message.attempts == 1
    assert message.next_attempt_at > NOW


async def test_a_blocked_bot_makes_the_message_undeliverable_without_retrying(
        db: str, telegram: FakeTelegram, settings: Settings, bot: list[Worker]) -> None:
    learner, _ = await one_enrollment()
    telegram.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", times=5)
    await deliverer(bot, settings).deliver_due()
    await deliverer(bot, settings).deliver_due()
    assert len(telegram.of("sendMessage")) == 1
    assert (await Outbox.get(learner_id=learner.id)).status == OutboxStatus.UNDELIVERABLE


async def test_a_refused_connection_is_retried_later(
        db: str, telegram: FakeTelegram, settings: Settings, bot: list[Worker]) -> None:
    learner, _ = await one_enrollment()
    offline = settings.model_copy(update={"telegram_api_url": "http://127.0.0.1:9"})  # nothing listens there
    await deliverer(bot, offline, server_retries=1).deliver_due()
    message = await Outbox.get(learner_id=learner.id)
    assert message.status == OutboxStatus.PENDING and message.attempts == 1


async def test_a_freed_seat_is_announced_in_the_learners_language(
        db: str, telegram: FakeTelegram, settings: Settings, bot: list[Worker]) -> None:
    first, second = await make_learners(2)
    await Learner.filter(id=second.id).update(locale="ru")
    intake = await make_intake(capacity=1)
    await enroll(first.id, intake.id, source=Source.BOT, now=NOW)
    await enroll(second.id, intake.id, source=Source.BOT, now=NOW)
    await cancel(first.id, intake.id, now=NOW)
    await deliverer(bot, settings).deliver_due()
    to_second = [call.text for call in telegram.of("sendMessage", chat_id=second.telegram_id)]
    assert any("seat became free" in text or "освобод" in text for text in to_second), to_second
    assert await Outbox.filter(kind="promoted", learner_id=second.id, status=OutboxStatus.SENT).count() == 1
    # Written before the cancellation, no longer true when due: the first learner's "enrolled"
    # and the second's "waitlisted" are never sent.
    stale = await Outbox.exclude(status=OutboxStatus.SENT).order_by("id").values_list("kind", "status")
    assert stale == [("enrolled", OutboxStatus.SUPPRESSED), ("waitlisted", OutboxStatus.SUPPRESSED)]
    assert not any("waitlist" in text for text in to_second)


async def test_a_promoted_learner_who_cancelled_before_delivery_gets_no_good_news(
        db: str, telegram: FakeTelegram, settings: Settings, bot: list[Worker]) -> None:
    first, second = await make_learners(2)
    intake = await make_intake(capacity=1)
    await enroll(first.id, intake.id, source=Source.PORTAL, now=NOW)
    await enroll(second.id, intake.id, source=Source.PORTAL, now=NOW)
    await cancel(first.id, intake.id, now=NOW)  # the second is promoted, a "promoted" is queued
    await cancel(second.id, intake.id, now=NOW)  # and they cancel before it goes out
    await deliverer(bot, settings).deliver_due()
    assert telegram.of("sendMessage", chat_id=second.telegram_id) == []
    assert await Outbox.filter(kind="promoted", status=OutboxStatus.SUPPRESSED).count() == 1


class RecordedPace(SendPace):
    """The pace, remembering when it let each send to a chat start (its own clock, not the server's)."""

    def __init__(self, **kwargs: float) -> None:
        super().__init__(**kwargs)
        self.starts: list[float] = []

    async def wait(self, chat_id: int | str) -> None:
        await super().wait(chat_id)
        self.starts.append(self._next_chat[chat_id] - self.per_chat)


async def test_the_loop_queues_reminders_and_respects_the_per_chat_pace(
        db: str, telegram: FakeTelegram, settings: Settings, bot: list[Worker]) -> None:
    (learner,) = await make_learners(1)
    for _ in range(2):
        intake = await make_intake(starts_in=timedelta(hours=12))
        await enroll(learner.id, intake.id, source=Source.BOT, now=NOW)
    stop = asyncio.Event()
    pace = RecordedPace(per_second=30, per_chat=0.3)
    loop = asyncio.create_task(run_worker(deliverer(bot, settings, pace=pace), stop, idle=0.05))
    try:
        first = await telegram.wait_for("sendMessage", lambda call: "Reminder" in call.text, timeout=60)
        await telegram.wait_for("sendMessage", lambda call: "Reminder" in call.text,
                                after=telegram.calls.index(first) + 1, timeout=60)
        sends = telegram.of("sendMessage", chat_id=learner.telegram_id)
        # two "enrolled" and two day-before reminders, each let through at least the per-chat pace after
        # the one before (arrival times at the server would add the machine's scheduling jitter)
        assert len(sends) == 4
        assert len(pace.starts) == 4
        assert all(later - earlier >= 0.3 - 1e-9 for earlier, later in zip(pace.starts, pace.starts[1:], strict=False))
    finally:
        stop.set()
        await loop
    assert await Outbox.filter(kind="intake_reminder", status=OutboxStatus.SENT).count() == 2
