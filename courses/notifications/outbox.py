"""The Outbox: notifications written with the change that causes them, delivered later.

A deliverer (the bot's delivery loop or a ``worker`` process) calls :func:`claim_due`, sends
each message, then :func:`mark_sent` or :func:`mark_failed`. A claim is a lease
(``claimed_until``): several workers never get the same message while the lease runs —
``FOR UPDATE SKIP LOCKED`` on PostgreSQL, one atomic conditional UPDATE on SQLite. A worker
that dies mid-send leaves the message to be claimed again when its lease ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from courses.errors import NotFound
from courses.i18n.formatting import UTC_ZONE, time_zone
from courses.models import Enrollment, Learner, Outbox
from courses.storage.db import retry_when_busy
from courses.storage.sql import execute, fetch_dicts, is_sqlite
from courses.vocabulary.kinds import Channel, EnrollmentStatus, OutboxStatus

__all__ = [
    "CLAIM_LEASE",
    "FIRST_RETRY",
    "LONGEST_RETRY",
    "MAX_ATTEMPTS",
    "NotificationKind",
    "OutboxMessage",
    "backoff",
    "claim_due",
    "mark_failed",
    "mark_sent",
    "outside_quiet_hours",
    "queue_intake_reminders",
    "still_true",
    "suppress",
]

CLAIM_LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
REMINDER_WINDOW = timedelta(days=1)
SOON_WINDOW = timedelta(hours=1)
QUIET_START, QUIET_END = 22, 7  # hours of the learner's clock when no reminder arrives


class NotificationKind(StrEnum):
    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"
    INTAKE_REMINDER = "intake_reminder"
    INTAKE_SOON = "intake_soon"  # an hour before the start
    SEAT_AVAILABLE = "seat_available"  # "notify me": an intake opened or a seat freed up
    CONFIRM_EMAIL = "confirm_email"
    ACCOUNT_EXISTS = "account_exists"
    PASSWORD_RESET = "password_reset"


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A claimed message with what a deliverer needs to render and send it in the learner's language.

    ``payload`` holds plain values: ``enrollment_id``, ``intake_id``, ``course_id``,
    ``starts_at`` (ISO 8601, UTC) and, for ``waitlisted``, ``position``.
    """

    id: int
    learner_id: int | None
    telegram_id: int | None
    email: str | None
    locale: str | None
    timezone: str | None
    channel: Channel
    kind: str
    payload: dict[str, Any]
    attempts: int


async def claim_due(*, now: datetime, limit: int = 50, channel: Channel = Channel.TELEGRAM,
                    lease: timedelta = CLAIM_LEASE) -> list[OutboxMessage]:
    """Claim up to ``limit`` pending messages of ``channel`` that are due, oldest first, for ``lease``.

    Messages claimed by another worker whose lease has not ended are skipped.
    """
    async def claim() -> list[int]:
        async with in_transaction() as conn:
            # One statement: on SQLite it is atomic by itself; on PostgreSQL SKIP LOCKED lets
            # concurrent workers pass over the rows another one is claiming.
            lock = "" if is_sqlite(conn) else " FOR UPDATE SKIP LOCKED"
            rows = await fetch_dicts(
                conn,
                "UPDATE outbox SET claimed_until = ? WHERE id IN ("
                " SELECT id FROM outbox WHERE status = ? AND channel = ? AND next_attempt_at <= ?"
                " AND (claimed_until IS NULL OR claimed_until <= ?)"
                f" ORDER BY next_attempt_at, id LIMIT ?{lock}) RETURNING id",
                [now + lease, OutboxStatus.PENDING.value, channel.value, now, now, limit],
            )
            return [row["id"] for row in rows]

    ids = await retry_when_busy(claim)
    if not ids:
        return []
    messages = await Outbox.filter(id__in=ids).select_related("learner").order_by("next_attempt_at", "id")
    return [_message(m) for m in messages]


def _message(m: Outbox) -> OutboxMessage:
    learner: Learner | None = m.learner
    return OutboxMessage(
        id=m.id, learner_id=learner.id if learner else None,
        telegram_id=learner.telegram_id if learner else None, email=learner.email if learner else None,
        locale=learner.locale if learner else None, timezone=learner.timezone if learner else None,
        channel=Channel(m.channel), kind=m.kind, payload=dict(m.payload), attempts=m.attempts,
    )


async def mark_sent(message_id: int, *, now: datetime) -> bool:
    """Record that the message was delivered; True only for the call that made it sent."""
    changed = await Outbox.filter(id=message_id, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.SENT, sent_at=now, claimed_until=None, last_error=None)
    return changed == 1


async def mark_failed(message_id: int, *, now: datetime, error: str,
                      permanent: bool = False) -> OutboxStatus:
    """Record a failed delivery and schedule a retry with exponential backoff.

    The next attempt waits ``FIRST_RETRY * 2**(attempts-1)``, at most ``LONGEST_RETRY``.
    After ``MAX_ATTEMPTS`` failures, or at once when ``permanent`` (the user blocked the bot),
    the message becomes ``undeliverable``. Returns the message's status afterwards; a message
    that is already sent stays sent.
    """
    async def fail() -> OutboxStatus:
        async with in_transaction() as conn:
            # The counting UPDATE is the first statement, so SQLite takes its write lock before any read.
            changed = await execute(
                conn, "UPDATE outbox SET attempts = attempts + 1, last_error = ?, claimed_until = NULL"
                " WHERE id = ? AND status = ?", [error[:500], message_id, OutboxStatus.PENDING.value])
            message = await Outbox.get_or_none(id=message_id, using_db=conn)
            if message is None:
                raise NotFound("outbox message", message_id=message_id)
            if not changed:
                return OutboxStatus(message.status)
            if permanent or message.attempts >= MAX_ATTEMPTS:
                message.status = OutboxStatus.UNDELIVERABLE
            else:
                message.next_attempt_at = now + backoff(message.attempts)
            await message.save(using_db=conn, update_fields=["status", "next_attempt_at"])
            return OutboxStatus(message.status)

    return await retry_when_busy(fail)


def backoff(attempts: int) -> timedelta:
    """Return how long to wait before the next try after ``attempts`` failures."""
    factor: int = 2 ** max(attempts - 1, 0)  # a power of two: typeshed types int ** int as Any
    return min(FIRST_RETRY * factor, LONGEST_RETRY)


async def queue_intake_reminders(*, now: datetime, within: timedelta = REMINDER_WINDOW) -> int:
    """Queue the reminders of enrolled learners: the day before and an hour before the start.

    One reminder of each kind per enrollment, ever (``Outbox.dedup_key``), so calling it every
    minute from several workers is safe. A learner who unsubscribed from reminders gets none.
    A reminder that would arrive in the learner's quiet hours (22:00–07:00 in their zone, else
    the intake's) waits until 07:00, unless the course starts before then. Returns how many
    reminders were queued now.
    """
    queued = 0
    for kind, window in ((NotificationKind.INTAKE_REMINDER, within), (NotificationKind.INTAKE_SOON, SOON_WINDOW)):
        enrollments = await Enrollment.filter(
            status=EnrollmentStatus.ENROLLED, learner_id__isnull=False, learner__reminders=True,
            intake__starts_at__gt=now, intake__starts_at__lte=now + window,
        ).select_related("intake", "learner")
        keys = {f"{kind}:{e.id}": e for e in enrollments}
        if not keys:
            continue
        # A flat values_list gives one value per row; Tortoise types the rows as tuples.
        done = set(cast(list[str], await Outbox.filter(dedup_key__in=list(keys)).values_list("dedup_key", flat=True)))
        for key, enrollment in keys.items():
            if key in done:
                continue
            learner = cast(Learner, enrollment.learner)  # selected above with learner_id__isnull=False
            zone = learner.timezone or enrollment.intake.timezone
            due = outside_quiet_hours(now, zone, enrollment.intake.starts_at)
            try:
                # Each reminder commits on its own: a unique-key clash means another worker queued it.
                await Outbox.create(
                    learner_id=enrollment.learner_id, channel=channel_for(learner),
                    kind=kind.value, payload=enrollment_payload(enrollment), dedup_key=key,
                    next_attempt_at=due)
            except IntegrityError:
                continue
            queued += 1
    return queued


def outside_quiet_hours(due: datetime, zone: str, starts_at: datetime) -> datetime:
    """``due``, or 07:00 after it in ``zone`` when ``due`` falls in the quiet hours 22:00–07:00.

    A course that starts before that morning is announced at ``due`` all the same: a reminder
    after the start is worth nothing.
    """
    local = due.astimezone(time_zone(zone) or UTC_ZONE)
    if QUIET_END <= local.hour < QUIET_START:
        return due
    morning = local.replace(hour=QUIET_END, minute=0, second=0, microsecond=0)
    if local.hour >= QUIET_START:
        morning = (local + timedelta(days=1)).replace(hour=QUIET_END, minute=0, second=0, microsecond=0)
    morning_utc = morning.astimezone(UTC)
    return due if starts_at <= morning_utc else morning_utc


def channel_for(learner: Learner) -> Channel:
    """Return where a learner is reached: Telegram when linked and not blocked, else email."""
    if learner.telegram_id is not None and (learner.telegram_blocked_at is None or learner.email is None):
        return Channel.TELEGRAM
    return Channel.EMAIL


def enrollment_payload(enrollment: Enrollment, **extra: Any) -> dict[str, Any]:
    """Return the plain values a notification about ``enrollment`` carries (its intake must be loaded)."""
    intake = enrollment.intake
    return notification_payload(enrollment.id, intake.id, intake.course_id, intake.starts_at, **extra)


def notification_payload(enrollment_id: int, intake_id: int, course_id: int, starts_at: datetime,
                         **extra: Any) -> dict[str, Any]:
    """Return a notification's payload: plain values a deliverer renders in the learner's language."""
    return {"enrollment_id": enrollment_id, "intake_id": intake_id, "course_id": course_id,
            "starts_at": starts_at.astimezone(UTC).isoformat(), **extra}


async def notify(conn: BaseDBAsyncClient, learner_id: int, channel: Channel, kind: NotificationKind,
                 payload: dict[str, Any], *, now: datetime, dedup_key: str | None = None,
                 already_told: bool = False) -> None:
    """Write a notification inside the caller's transaction ``conn``, due at once.

    ``already_told``: the learner saw the news where they made the change (the bot's answer in
    their chat), so the row is kept as a record but never sent (``suppressed``).
    """
    status = OutboxStatus.SUPPRESSED if already_told else OutboxStatus.PENDING
    await Outbox.create(using_db=conn, learner_id=learner_id, channel=channel, kind=kind.value,
                        payload=payload, dedup_key=dedup_key, next_attempt_at=now, status=status)


# The enrollment status each kind of news is about; the news is stale once the status moved on.
_TRUE_WHILE = {
    NotificationKind.ENROLLED.value: EnrollmentStatus.ENROLLED,
    NotificationKind.PROMOTED.value: EnrollmentStatus.ENROLLED,
    NotificationKind.INTAKE_REMINDER.value: EnrollmentStatus.ENROLLED,
    NotificationKind.INTAKE_SOON.value: EnrollmentStatus.ENROLLED,
    NotificationKind.WAITLISTED.value: EnrollmentStatus.WAITLISTED,
}


async def still_true(message: OutboxMessage) -> bool:
    """Return whether the news is still true now: its enrollment is still in the status it announces.

    A deliverer asks just before sending, so that a learner promoted and then cancelled (or
    cancelled while a reminder waited) is not told something that no longer holds.
    Notifications not about an enrollment are always true.
    """
    wanted = _TRUE_WHILE.get(message.kind)
    enrollment_id = message.payload.get("enrollment_id")
    if wanted is None or enrollment_id is None:
        return True
    return await Enrollment.filter(id=int(enrollment_id), status=wanted).exists()


async def suppress(message_id: int, *, reason: str) -> bool:
    """Record that a pending message will never be sent (see :func:`still_true`); True when it changed."""
    changed = await Outbox.filter(id=message_id, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.SUPPRESSED, claimed_until=None, last_error=reason[:500])
    return changed == 1
