"""Cross-cutting concerns of every update: duplicates, the learner behind it, their language, double taps."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, TelegramObject, Update, User
from aiogram.utils.i18n import I18n, I18nMiddleware
from aiogram.utils.i18n import gettext as _

from courses.i18n import babel_id, pick_locale
from courses.settings import Settings

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class SeenKeys(Protocol):
    """A set of recently seen keys shared by every process that takes updates."""

    async def first_time(self, key: str, ttl: float) -> bool:
        """Remember ``key`` for ``ttl`` seconds; True only for the first caller."""


class MemorySeenKeys:
    """Seen keys of this process only (the default, like MemoryStorage), bounded in size."""

    def __init__(self, capacity: int = 50_000) -> None:
        self.capacity = capacity
        self._expiry: OrderedDict[str, float] = OrderedDict()

    async def first_time(self, key: str, ttl: float) -> bool:
        now = time.monotonic()
        expires = self._expiry.get(key)
        if expires is not None and expires > now:
            return False
        self._expiry[key] = now + ttl
        self._expiry.move_to_end(key)
        while len(self._expiry) > self.capacity:
            self._expiry.popitem(last=False)
        return True


class RedisSeenKeys:
    """Seen keys in Redis (``SET NX PX``), so several bot or web processes agree."""

    def __init__(self, redis: Any, prefix: str = "bot:seen:") -> None:
        self.redis = redis
        self.prefix = prefix

    async def first_time(self, key: str, ttl: float) -> bool:
        return bool(await self.redis.set(self.prefix + key, b"1", nx=True, px=int(ttl * 1000)))


class DuplicateUpdateMiddleware(BaseMiddleware):
    """Drop an update whose ``update_id`` was already taken (Telegram redelivers after timeouts)."""

    def __init__(self, seen: SeenKeys, ttl: float = 24 * 3600) -> None:
        self.seen = seen
        self.ttl = ttl

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        bot = data["bot"]
        if not await self.seen.first_time(f"u:{bot.id}:{event.update_id}", self.ttl):
            return None
        return await handler(event, data)


class FloodMiddleware(BaseMiddleware):
    """Drop the updates of a user who sends more than a person can (a script, a stuck client).

    Each user has a bucket of ``burst`` updates that refills at ``per_second``; while it is
    empty their updates are dropped unanswered, so one user cannot take every handling slot.
    """

    def __init__(self, burst: float = 20, per_second: float = 2, capacity: int = 50_000) -> None:
        self.burst = burst
        self.per_second = per_second
        self.capacity = capacity
        self._buckets: OrderedDict[int, tuple[float, float]] = OrderedDict()

    def allow(self, user_id: int) -> bool:
        now = time.monotonic()
        tokens, since = self._buckets.get(user_id, (self.burst, now))
        tokens = min(self.burst, tokens + (now - since) * self.per_second)
        allowed = tokens >= 1
        self._buckets[user_id] = (tokens - 1 if allowed else tokens, now)
        self._buckets.move_to_end(user_id)
        if len(self._buckets) > self.capacity:
            self._buckets.popitem(last=False)
        return allowed

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None and not self.allow(user.id):
            return None
        return await handler(event, data)


class DoubleTapMiddleware(BaseMiddleware):
    """Handle the same button pressed twice on one message within ``window`` seconds once.

    The second press is only answered ("Already on it"), so a nervous double tap on
    "Confirm" never starts the work twice (the domain is idempotent besides).
    """

    def __init__(self, seen: SeenKeys, window: float = 1.0) -> None:
        self.seen = seen
        self.window = window

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, CallbackQuery)
        message_id = event.message.message_id if event.message else 0
        key = f"t:{event.from_user.id}:{message_id}:{event.data}"
        if not await self.seen.first_time(key, self.window):
            await event.answer(_("Already on it…"))
            return None
        return await handler(event, data)


class KnownLearners:
    """Learner profiles by Telegram id, kept ``ttl`` seconds to spare a query on every update.

    A handler that changes the learner (language, linking, name) calls :meth:`forget`; a change
    made elsewhere (the portal) shows here within ``ttl`` seconds.
    """

    def __init__(self, find: Callable[[User], Awaitable[Any]], ttl: float = 10.0,
                 capacity: int = 20_000) -> None:
        self.find = find
        self.ttl = ttl
        self.capacity = capacity
        self._profiles: OrderedDict[int, tuple[float, Any]] = OrderedDict()

    async def get(self, user: User) -> Any:
        now = time.monotonic()
        cached = self._profiles.get(user.id)
        if cached is not None and cached[0] > now:
            return cached[1]
        profile = await self.find(user)
        self._profiles[user.id] = (now + self.ttl, profile)
        self._profiles.move_to_end(user.id)
        while len(self._profiles) > self.capacity:
            self._profiles.popitem(last=False)
        return profile

    def forget(self, telegram_id: int) -> None:
        self._profiles.pop(telegram_id, None)


class LearnerMiddleware(BaseMiddleware):
    """Put the learner behind the update into ``learner`` (created on first contact; None for bots),
    and the cache of profiles into ``known_learners``."""

    def __init__(self, known: KnownLearners) -> None:
        self.known = known

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        data["learner"] = await self.known.get(user) if user is not None and not user.is_bot else None
        data["known_learners"] = self.known
        return await handler(event, data)


class LocaleMiddleware(I18nMiddleware):
    """Choose the language the way the portal does: stored preference, Telegram's language, default.

    Any ``language_code`` Telegram sends (``zh-cn``, ``zh-TW``, garbage, nothing) gives a
    configured locale; ``locale`` (BCP 47) is put into the handler data for Babel and content.
    """

    def __init__(self, i18n: I18n, settings: Settings) -> None:
        super().__init__(i18n)
        self.settings = settings

    def choose(self, data: dict[str, Any]) -> str:
        learner = data.get("learner")
        user: User | None = data.get("event_from_user")
        candidates = [getattr(learner, "locale", None), user.language_code if user else None]
        return pick_locale(candidates, self.settings.locales, self.settings.default_locale)

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        locale = self.choose(data)
        data["locale"] = locale
        return babel_id(locale)


class CommandLeavesFlowMiddleware(BaseMiddleware):
    """A command sent in the middle of a flow (the name or phone step) ends the flow first,
    so ``/my`` shows the enrollments instead of being taken for a name."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        text = getattr(event, "text", None)
        state = data.get("state")
        if text and text.startswith("/") and state is not None and await state.get_state() is not None \
                and not text.startswith("/cancel"):
            await state.set_state(None)
            data["raw_state"] = None  # what the routers' state filters read, set before this ran
        return await handler(event, data)


class AnswerFailuresMiddleware(BaseMiddleware):
    """Turn a failing tap (a locked database) into the one answer of its callback query: an alert.

    Inside aiogram's CallbackAnswerMiddleware, which answers every query once when the handler
    returns; the error handler must not answer it a second time (Telegram refuses that).
    """

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        try:
            return await handler(event, data)
        except Exception:
            log.exception("a tap failed")
            answer = data.get("callback_answer")
            if answer is None:
                raise
            answer.text = _("Something went wrong on our side. Please try again in a moment.")
            answer.show_alert = True
            return None
