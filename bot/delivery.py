"""Deliver Outbox notifications through the bot, within Telegram's limits, each at most once.

Telegram allows about 30 messages a second overall and one a second per chat. A 429 names
how long to wait (``retry_after``): every send waits that long, then the message is tried
again. A 5xx or a dropped connection is retried a few times with backoff, then left to the
Outbox's own backoff. "Forbidden: bot was blocked by the user" makes a message undeliverable
at once. A message is marked sent right after Telegram accepted it, and the Outbox lease keeps
other deliverers away from it meanwhile, so none is sent twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot import formatting
from courses.catalogue import get_courses
from courses.i18n import DOMAIN, LOCALE_DIR, babel_id, format_moment, format_number, pick_locale
from courses.notifications import (
    CLAIM_LEASE,
    NotificationKind,
    OutboxMessage,
    claim_due,
    mark_failed,
    mark_sent,
    queue_intake_reminders,
    still_true,
    suppress,
)
from courses.settings import Settings

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


@dataclass
class SendPace:
    """Spacing of sends: ``per_second`` overall and one per ``per_chat`` seconds to each chat."""

    per_second: float = 30.0
    per_chat: float = 1.0
    _next_any: float = 0.0
    _next_chat: dict[int, float] = field(default_factory=dict)

    async def wait(self, chat_id: int) -> None:
        now = time.monotonic()
        start = max(now, self._next_any, self._next_chat.get(chat_id, 0.0))
        self._next_any = start + 1.0 / self.per_second
        self._next_chat[chat_id] = start + self.per_chat
        if len(self._next_chat) > 10_000:
            self._next_chat = {chat: at for chat, at in self._next_chat.items() if at > now}
        if start > now:
            await asyncio.sleep(start - now)

    def pause(self, seconds: float) -> None:
        """Hold every send for ``seconds`` (Telegram's flood control applies to the whole bot)."""
        self._next_any = max(self._next_any, time.monotonic() + seconds)


@dataclass
class Deliverer:
    """Renders and sends claimed Outbox messages; one per process, shared by its delivery loop."""

    bot: Bot
    settings: Settings
    clock: Clock = lambda: datetime.now(UTC)  # noqa: E731
    pace: SendPace = field(default_factory=SendPace)
    max_retry_after: float = 60.0
    server_retries: int = 3
    server_backoff: float = 0.5
    rate_limit_retries: int = 5
    batch: int = 25
    i18n: I18n = field(init=False)

    def __post_init__(self) -> None:
        self.i18n = I18n(path=LOCALE_DIR, default_locale=babel_id(self.settings.default_locale),
                         domain=DOMAIN)

    async def render(self, message: OutboxMessage) -> str | None:
        """The notification's text in the learner's language; None for a kind this bot does not know."""
        locale = pick_locale([message.locale], self.settings.locales, self.settings.default_locale)
        payload = message.payload
        course_id = payload.get("course_id")
        cards = await get_courses([int(course_id)], locale, now=self.clock()) if course_id else []
        title = formatting.text(cards[0].title) if cards else ""
        start = ""
        if payload.get("starts_at"):
            start = format_moment(datetime.fromisoformat(payload["starts_at"]),
                                    message.timezone or "Asia/Shanghai", locale)
        with self.i18n.context(), self.i18n.use_locale(babel_id(locale)):
            if message.kind == NotificationKind.PROMOTED:
                return _("Good news: a seat became free and you are now enrolled in <b>{title}</b>, "
                         "starting {start}.").format(title=title, start=start)
            if message.kind == NotificationKind.INTAKE_REMINDER:
                return _("Reminder: <b>{title}</b> starts {start}.").format(title=title, start=start)
            if message.kind == NotificationKind.ENROLLED:
                return _("You are enrolled in <b>{title}</b>, starting {start}.").format(
                    title=title, start=start)
            if message.kind == NotificationKind.WAITLISTED:
                position = format_number(int(payload.get("position") or 0), locale)
                return _("You are on the waitlist of <b>{title}</b> ({start}), "
                         "number {position} in line.").format(
                    title=title, start=start, position=position)
        return None

    async def deliver(self, message: OutboxMessage) -> bool:
        """Send one claimed message and record the outcome; True when it was sent."""
        if message.telegram_id is None:
            await mark_failed(message.id, now=self.clock(), error="the learner has no Telegram chat",
                              permanent=True)
            return False
        if not await still_true(message):
            # E.g. promoted, then cancelled before the news went out: no "good news" after all.
            await suppress(message.id, reason="no longer true when due")
            return False
        text = await self.render(message)
        if text is None:
            await mark_failed(message.id, now=self.clock(), error=f"unknown kind {message.kind!r}",
                              permanent=True)
            return False
        rate_limited = server_errors = 0
        while True:
            await self.pace.wait(message.telegram_id)
            try:
                await self.bot.send_message(message.telegram_id, text)
            except TelegramRetryAfter as error:
                rate_limited += 1
                self.pace.pause(error.retry_after)
                if error.retry_after > self.max_retry_after or rate_limited > self.rate_limit_retries:
                    await mark_failed(message.id, now=self.clock(), error=str(error)[:500])
                    return False
                log.info("Telegram asks to wait %ss before sending more", error.retry_after)
                continue
            except (TelegramForbiddenError, TelegramBadRequest) as error:
                # Blocked by the user, chat gone, or a message Telegram will never accept.
                await mark_failed(message.id, now=self.clock(), error=str(error)[:500], permanent=True)
                return False
            except (TelegramServerError, TelegramNetworkError) as error:
                server_errors += 1
                if server_errors > self.server_retries:
                    await mark_failed(message.id, now=self.clock(), error=str(error)[:500])
                    return False
                await asyncio.sleep(self.server_backoff * 2 ** (server_errors - 1))
                continue
            await mark_sent(message.id, now=self.clock())
            return True

    async def deliver_due(self) -> int:
        """Claim the due messages and deliver them; return how many were claimed.

        Sending stops before the claim's lease runs out: messages left over are claimed again
        after the lease, never sent by two deliverers.
        """
        claimed = await claim_due(now=self.clock(), limit=self.batch, lease=CLAIM_LEASE)
        deadline = time.monotonic() + CLAIM_LEASE.total_seconds() * 0.75
        for message in claimed:
            if time.monotonic() > deadline:
                break
            await self.deliver(message)
        return len(claimed)


async def delivery_loop(deliverer: Deliverer, stop: asyncio.Event, *, idle: float = 1.0,
                        reminders_every: timedelta = timedelta(minutes=1)) -> None:
    """Deliver until ``stop`` is set; queue intake reminders every ``reminders_every``.

    A failing database or Bot API never ends the loop: it waits and tries again.
    """
    next_reminders = 0.0
    failures = 0
    while not stop.is_set():
        try:
            if time.monotonic() >= next_reminders:
                queued = await queue_intake_reminders(now=deliverer.clock())
                if queued:
                    log.info("queued %d intake reminders", queued)
                next_reminders = time.monotonic() + reminders_every.total_seconds()
            claimed = await deliverer.deliver_due()
            failures = 0
        except Exception:
            failures += 1
            log.exception("notification delivery failed; trying again")
            claimed = 0
        if claimed < deliverer.batch:
            wait = idle if not failures else min(60.0, idle * 2 ** failures)
            try:
                await asyncio.wait_for(stop.wait(), wait)
            except TimeoutError:
                pass
