"""The delivery worker: every due Outbox message on every configured channel, each at most once.

E-mail goes out when ``SMTP_URL`` is set, Telegram when ``BOT_TOKEN`` is. A message is marked
sent right after the channel accepted it, and the Outbox lease keeps other workers away from
it meanwhile, so several workers side by side never send one twice. A learner who blocked the
bot is marked so, and the notice (and every later one) goes to their e-mail address instead.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from courses.models import Learner, Outbox
from courses.notifications.mail import MailOutcome, SmtpSender, compose
from courses.notifications.notices import Notice, Portal, render_notice
from courses.notifications.outbox import (
    CLAIM_LEASE,
    OutboxMessage,
    claim_due,
    mark_failed,
    mark_sent,
    queue_intake_reminders,
    still_true,
    suppress,
)
from courses.notifications.telegram import OFFICIAL_API, TelegramOutcome, TelegramSender
from courses.notifications.watches import queue_watch_notices
from courses.settings import Settings
from courses.vocabulary.kinds import Channel, OutboxStatus

__all__ = ["Worker", "create_worker", "run_worker"]

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Worker:
    """Claims due messages channel by channel, renders them in the learner's language and sends them."""

    portal: Portal
    telegram: TelegramSender | None = None
    mail: SmtpSender | None = None
    clock: Clock = _utc_now
    batch: int = 25
    lease: timedelta = CLAIM_LEASE
    said: set[str] = field(default_factory=set)

    @property
    def channels(self) -> list[Channel]:
        return [channel for channel, sender in ((Channel.TELEGRAM, self.telegram), (Channel.EMAIL, self.mail))
                if sender is not None]

    async def close(self) -> None:
        if self.telegram is not None:
            await self.telegram.close()

    async def deliver_due(self) -> int:
        """Claim the due messages of every channel and deliver them; return how many were claimed.

        Sending stops before a claim's lease runs out: messages left over are claimed again
        after the lease, never sent by two workers.
        """
        claimed = 0
        for channel in self.channels:
            messages = await claim_due(now=self.clock(), limit=self.batch, channel=channel, lease=self.lease)
            claimed += len(messages)
            deadline = time.monotonic() + self.lease.total_seconds() * 0.75
            for message in messages:
                if time.monotonic() > deadline:
                    break
                await self.deliver(message)
        return claimed

    async def deliver(self, message: OutboxMessage) -> bool:
        """Send one claimed message and record the outcome; True when it was sent."""
        now = self.clock()
        if not await still_true(message):
            # E.g. promoted, then cancelled before the news went out: no "good news" after all.
            await suppress(message.id, reason="no longer true when due")
            return False
        notice = await render_notice(message, self.portal, now=now)
        if notice is None:
            await mark_failed(message.id, now=now, error=f"unknown kind {message.kind!r}", permanent=True)
            return False
        if message.channel is Channel.TELEGRAM:
            return await self._by_telegram(message, notice)
        assert self.mail is not None
        if not message.email:
            await mark_failed(message.id, now=now, error="the learner has no e-mail address", permanent=True)
            return False
        outcome, reason = await self.mail.send(compose(notice, to=message.email, sender=self.mail.sender))
        if outcome is MailOutcome.SENT:
            await mark_sent(message.id, now=self.clock())
            await _forget_token(message)
            return True
        status = await mark_failed(message.id, now=self.clock(), error=reason,
                                   permanent=outcome is MailOutcome.REFUSED)
        if status is not OutboxStatus.PENDING:
            await _forget_token(message)
        return False

    async def _by_telegram(self, message: OutboxMessage, notice: Notice) -> bool:
        assert self.telegram is not None
        if message.telegram_id is None:
            return await self._by_mail_instead(message, "the learner has no Telegram chat")
        outcome, reason = await self.telegram.send(message.telegram_id, notice)
        if outcome is TelegramOutcome.SENT:
            await mark_sent(message.id, now=self.clock())
            return True
        if outcome is TelegramOutcome.BLOCKED:
            await Learner.filter(id=message.learner_id, telegram_blocked_at__isnull=True).update(
                telegram_blocked_at=self.clock())
            return await self._by_mail_instead(message, reason)
        await mark_failed(message.id, now=self.clock(), error=reason, permanent=outcome is TelegramOutcome.REFUSED)
        return False

    async def _by_mail_instead(self, message: OutboxMessage, reason: str) -> bool:
        """Give up on Telegram for this message; queue it by e-mail when the learner has an address."""
        if message.email and message.learner_id is not None:
            await Outbox.create(learner_id=message.learner_id, channel=Channel.EMAIL, kind=message.kind,
                                payload=message.payload, next_attempt_at=self.clock())
            reason = f"{reason}; sent by e-mail instead"
        await mark_failed(message.id, now=self.clock(), error=reason, permanent=True)
        return False


async def _forget_token(message: OutboxMessage) -> None:
    """Drop a mailed link's raw token from the Outbox once the mail is out: only its hash stays stored."""
    if "token" in message.payload:
        payload = {k: v for k, v in message.payload.items() if k != "token"}
        await Outbox.filter(id=message.id).update(payload=payload)


def create_worker(settings: Settings, *, clock: Clock = _utc_now) -> Worker:
    """A worker for every channel ``settings`` configure (none when neither is set)."""
    telegram = None
    if settings.bot_token:
        telegram = TelegramSender(settings.bot_token, settings.telegram_api_url or OFFICIAL_API)
    mail = SmtpSender(settings.smtp_url, settings.sender, rate=settings.mail_rate) if settings.smtp_url else None
    portal = Portal(settings.public_base, settings.locales, settings.default_locale, settings.secret_key or "")
    return Worker(portal, telegram, mail, clock)


async def run_worker(worker: Worker, stop: asyncio.Event, *, idle: float = 1.0,
                     housekeeping_every: timedelta = timedelta(minutes=1),
                     housekeeping: tuple[Callable[..., object], ...] = ()) -> None:
    """Deliver until ``stop`` is set; queue reminders and "notify me" notices every ``housekeeping_every``.

    ``housekeeping`` adds more jobs that take ``now=`` (purging unconfirmed accounts). A failing
    database, SMTP server or Bot API never ends the loop: it waits and tries again.
    """
    jobs = (queue_intake_reminders, queue_watch_notices, *housekeeping)
    next_housekeeping = 0.0
    failures = 0
    while not stop.is_set():
        try:
            if time.monotonic() >= next_housekeeping:
                for job in jobs:
                    done = await job(now=worker.clock())  # type: ignore[misc]
                    if done:
                        log.info("%s: %s", getattr(job, "__name__", job), done)
                next_housekeeping = time.monotonic() + housekeeping_every.total_seconds()
            claimed = await worker.deliver_due()
            failures = 0
        except Exception:
            failures += 1
            log.exception("notification delivery failed; trying again")
            claimed = 0
        if claimed < worker.batch:
            wait = idle if not failures else min(60.0, idle * 2 ** failures)
            try:
                await asyncio.wait_for(stop.wait(), wait)
            except TimeoutError:
                pass
