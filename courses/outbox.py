"""The Outbox: notifications written with the change that causes them, delivered later.

A deliverer (the bot's delivery loop or a ``worker`` process) calls :func:`claim_due`, sends
each message, then :func:`mark_sent` or :func:`mark_failed`. A claim is a lease
(``claimed_until``): several workers never get the same message while the lease runs —
``FOR UPDATE SKIP LOCKED`` on PostgreSQL, one atomic conditional UPDATE on SQLite. A worker
that dies mid-send leaves the message to be claimed again when its lease ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from courses.kinds import Channel, OutboxStatus

CLAIM_LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
REMINDER_WINDOW = timedelta(days=1)


class NotificationKind(StrEnum):
    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"
    INTAKE_REMINDER = "intake_reminder"


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
    raise NotImplementedError


async def mark_sent(message_id: int, *, now: datetime) -> bool:
    """Record that the message was delivered; True only for the call that made it sent."""
    raise NotImplementedError


async def mark_failed(message_id: int, *, now: datetime, error: str,
                      permanent: bool = False) -> OutboxStatus:
    """Record a failed delivery and schedule a retry with exponential backoff.

    The next attempt waits ``FIRST_RETRY * 2**(attempts-1)``, at most ``LONGEST_RETRY``.
    After ``MAX_ATTEMPTS`` failures, or at once when ``permanent`` (the user blocked the bot),
    the message becomes ``undeliverable``. Returns the message's status afterwards; a message
    that is already sent stays sent.
    """
    raise NotImplementedError


async def queue_intake_reminders(*, now: datetime, within: timedelta = REMINDER_WINDOW) -> int:
    """Queue an ``intake_reminder`` for every enrolled learner of intakes starting in ``(now, now+within]``.

    Deduplicated by ``Outbox.dedup_key`` (one reminder per enrollment, ever), so calling it
    every minute from several workers is safe. Returns how many reminders were queued now.
    """
    raise NotImplementedError
