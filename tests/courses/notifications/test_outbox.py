"""The Outbox: claim due messages safely across workers, mark sent once, retry with backoff, reminders."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from courses.enrollment import cancel, enroll
from courses.errors import NotFound
from courses.learners import register
from courses.models import Learner, Outbox
from courses.notifications import (
    FIRST_RETRY,
    LONGEST_RETRY,
    MAX_ATTEMPTS,
    NotificationKind,
    backoff,
    claim_due,
    mark_failed,
    mark_sent,
    outside_quiet_hours,
    queue_intake_reminders,
    reminder_stop_key,
    stop_reminders,
)
from courses.storage import database
from courses.vocabulary import Channel, OutboxStatus, Source
from tests.courses.intakes import NOW, make_intake, make_learners
from tests.databases import is_postgres


async def _queue(count: int) -> list[int]:
    """Enroll ``count`` Telegram learners, which queues one notification each; return the learner ids."""
    intake = await make_intake(capacity=None)
    learners = await make_learners(count)
    for learner in learners:
        await enroll(learner.id, intake.id, source=Source.BOT, now=NOW)
    return [lr.id for lr in learners]


async def test_claim_gives_what_a_deliverer_needs_and_leases_it(db: str) -> None:
    learner_ids = await _queue(3)
    await Outbox.filter(learner_id=learner_ids[0]).update(next_attempt_at=NOW + timedelta(minutes=5))
    claimed = await claim_due(now=NOW, limit=10)
    assert [m.learner_id for m in claimed] == learner_ids[1:]
    message = claimed[0]
    assert message.kind == NotificationKind.ENROLLED and message.channel == Channel.TELEGRAM
    assert message.telegram_id is not None and message.attempts == 0
    assert set(message.payload) == {"enrollment_id", "intake_id", "course_id", "starts_at"}
    # Leased: nobody else gets them until the lease ends; the delayed one becomes due later.
    assert await claim_due(now=NOW + timedelta(seconds=30)) == []
    later = await claim_due(now=NOW + timedelta(minutes=10))
    assert {m.learner_id for m in later} == set(learner_ids)


async def test_email_only_learners_are_queued_on_the_email_channel(db: str) -> None:
    intake = await make_intake()
    learner = await register("mail@example.org", "long enough password")
    await Learner.filter(id=learner.id).update(email_confirmed_at=NOW)
    await enroll(learner.id, intake.id, source=Source.PORTAL, now=NOW)
    assert await claim_due(now=NOW) == []
    (message,) = await claim_due(now=NOW, channel=Channel.EMAIL)
    assert message.email == "mail@example.org" and message.telegram_id is None


async def test_mark_sent_once(db: str) -> None:
    await _queue(1)
    (message,) = await claim_due(now=NOW)
    results = await asyncio.gather(*(mark_sent(message.id, now=NOW) for _ in range(3)))
    assert sorted(results) == [False, False, True]
    stored = await Outbox.get(id=message.id)
    assert stored.status == OutboxStatus.SENT and stored.sent_at == NOW and stored.claimed_until is None
    assert await claim_due(now=NOW + timedelta(days=1)) == []
    assert await mark_failed(message.id, now=NOW, error="late failure report") == OutboxStatus.SENT


async def test_failures_back_off_then_give_up(db: str) -> None:
    await _queue(1)
    now = NOW
    for attempt in range(1, MAX_ATTEMPTS + 1):
        (message,) = await claim_due(now=now)
        assert message.attempts == attempt - 1
        status = await mark_failed(message.id, now=now, error="Telegram unreachable")
        stored = await Outbox.get(id=message.id)
        if attempt < MAX_ATTEMPTS:
            assert status == OutboxStatus.PENDING and stored.next_attempt_at == now + backoff(attempt)
            assert await claim_due(now=now + backoff(attempt) - timedelta(seconds=1)) == []
            now += backoff(attempt)
        else:
            assert status == OutboxStatus.UNDELIVERABLE
    assert stored.attempts == MAX_ATTEMPTS and stored.last_error == "Telegram unreachable"
    assert await claim_due(now=now + timedelta(days=30)) == []
    assert [backoff(n) for n in (1, 2, 3)] == [FIRST_RETRY, FIRST_RETRY * 2, FIRST_RETRY * 4]
    assert backoff(40) == LONGEST_RETRY


async def test_permanent_failure_is_undeliverable_at_once(db: str) -> None:
    await _queue(1)
    (message,) = await claim_due(now=NOW)
    assert await mark_failed(message.id, now=NOW, error="Forbidden: bot was blocked by the user",
                             permanent=True) == OutboxStatus.UNDELIVERABLE
    with pytest.raises(NotFound):
        await mark_failed(message.id + 100, now=NOW, error="x")


@pytest.mark.slow
async def test_concurrent_workers_never_claim_the_same_message(db: str) -> None:
    await _queue(200)
    workers = 2 if is_postgres(db) else 6  # a PostgreSQL context is a pool of up to 20 connections

    async def worker() -> list[int]:
        async with database(db, global_fallback=False):
            got: list[int] = []

            async def loop() -> None:
                while batch := await claim_due(now=NOW, limit=7):
                    got.extend(m.id for m in batch)
                    for m in batch:
                        await mark_sent(m.id, now=NOW)

            await asyncio.gather(*(loop() for _ in range(4)))
            return got

    claimed = [i for ids in await asyncio.gather(*(worker() for _ in range(workers))) for i in ids]
    assert len(claimed) == len(set(claimed)) == 200
    assert await Outbox.filter(status=OutboxStatus.SENT).count() == 200


async def test_reminders_for_intakes_starting_within_a_day_are_queued_once(db: str) -> None:
    tomorrow = await make_intake(capacity=1, starts_in=timedelta(hours=20))
    next_week = await make_intake(starts_in=timedelta(days=7))
    a, b, c = await make_learners(3)
    for learner in (a, b):
        await enroll(learner.id, tomorrow.id, source=Source.BOT, now=NOW)  # b waits: no reminder
    await enroll(c.id, next_week.id, source=Source.BOT, now=NOW)
    await enroll(c.id, tomorrow.id, source=Source.BOT, now=NOW)
    await cancel(c.id, tomorrow.id, now=NOW)  # cancelled: no reminder
    assert await queue_intake_reminders(now=NOW) == 1
    assert await asyncio.gather(*(queue_intake_reminders(now=NOW) for _ in range(3))) == [0, 0, 0]
    (reminder,) = await Outbox.filter(kind=NotificationKind.INTAKE_REMINDER.value)
    assert reminder.learner_id == a.id and reminder.payload["intake_id"] == tomorrow.id
    assert reminder.dedup_key is not None
    # Six days later the other intake is within a day; the first one has started and is left alone.
    assert await queue_intake_reminders(now=NOW + timedelta(days=6, hours=1)) == 1
    assert await queue_intake_reminders(now=NOW + timedelta(days=6, hours=2)) == 0


async def test_an_hour_before_the_start_comes_a_second_reminder(db: str) -> None:
    (learner,) = await make_learners(1)
    intake = await make_intake(starts_in=timedelta(hours=30))
    await Learner.filter(id=learner.id).update(timezone="Europe/Paris")  # 10:00 there at NOW
    await enroll(learner.id, intake.id, source=Source.BOT, now=NOW)
    assert await queue_intake_reminders(now=NOW) == 0
    assert await queue_intake_reminders(now=NOW + timedelta(hours=7)) == 1  # the day before
    assert await queue_intake_reminders(now=NOW + timedelta(hours=29, minutes=1)) == 1  # the hour before
    assert await queue_intake_reminders(now=NOW + timedelta(hours=29, minutes=2)) == 0
    kinds = await Outbox.filter(learner_id=learner.id).order_by("id").values_list("kind", flat=True)
    assert kinds == ["enrolled", "intake_reminder", "intake_soon"]


async def test_reminders_wait_out_the_learners_night_unless_the_course_starts_first(db: str) -> None:
    # NOW is 09:00 UTC = 17:00 in Shanghai; 23:30 there is 15:30 UTC.
    night = NOW + timedelta(hours=6, minutes=30)
    morning = NOW + timedelta(hours=14)  # 07:00 the next day in Shanghai, 23:00 UTC
    assert outside_quiet_hours(night, "Asia/Shanghai", night + timedelta(days=1)) == morning
    assert outside_quiet_hours(night, "Asia/Shanghai", night + timedelta(hours=3)) == night  # starts first
    assert outside_quiet_hours(NOW, "Asia/Shanghai", NOW + timedelta(days=1)) == NOW  # 17:00: at once
    early = NOW + timedelta(hours=11)  # 04:00 in Shanghai
    assert outside_quiet_hours(early, "Asia/Shanghai", early + timedelta(days=1)) == morning

    (learner,) = await make_learners(1)
    await Learner.filter(id=learner.id).update(timezone="Asia/Shanghai")
    intake = await make_intake(starts_in=timedelta(days=1, hours=12))  # 21:00 UTC the next day
    await enroll(learner.id, intake.id, source=Source.BOT, now=NOW)
    assert await queue_intake_reminders(now=night + timedelta(hours=6)) == 1  # 05:30 in Shanghai
    reminder = await Outbox.get(kind="intake_reminder")
    assert reminder.next_attempt_at == morning


async def test_a_learner_who_unsubscribed_gets_no_reminders(db: str) -> None:
    (learner,) = await make_learners(1)
    intake = await make_intake(starts_in=timedelta(hours=12))
    await enroll(learner.id, intake.id, source=Source.BOT, now=NOW)
    key = reminder_stop_key("secret", learner.id)
    assert not await stop_reminders("other secret", key)
    assert await stop_reminders("secret", key)
    assert await queue_intake_reminders(now=NOW) == 0
