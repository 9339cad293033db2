"""The bot's factories: the Bot (pointed at any Bot API server), its FSM storage and the Dispatcher."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.methods import (
    AnswerCallbackQuery,
    AnswerInlineQuery,
    DeleteWebhook,
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    GetUpdates,
    Response,
    SendDocument,
    SendMessage,
    SendVenue,
    SetChatMenuButton,
    SetMyCommands,
    SetMyDescription,
    SetMyShortDescription,
    SetWebhook,
)
from aiogram.types import User
from aiogram.utils.callback_answer import CallbackAnswerMiddleware
from aiogram.utils.i18n import I18n

from bot.handlers import bases, browse, credits, enrollment, fallback, follow, inline, my, outcomes, search, start
from bot.middlewares import (
    AnswerFailuresMiddleware,
    CommandLeavesFlowMiddleware,
    DoubleTapMiddleware,
    DuplicateUpdateMiddleware,
    FloodMiddleware,
    KnownLearners,
    LearnerMiddleware,
    LocaleMiddleware,
    MemorySeenKeys,
    RedisSeenKeys,
    SeenKeys,
)
from bot.mini_app import MiniAppMiddleware
from bot.read_cache import ReadCache
from bot.search_queries import MemorySearchQueries, RedisSearchQueries, SearchQueries
from courses.i18n import DOMAIN, LOCALE_DIR, babel_id, pick_locale
from courses.learners import LearnerProfile, learner_for_telegram
from courses.settings import Settings

# pydantic 2.11+ keeps parametrized generics only weakly, so aiogram's ``Response[Message]``, built
# to read every Bot API answer, is collected now and then and built again (~9 ms each; in
# bench/bot.py one answer in sixteen paid it). Holding the ones this bot reads keeps them built.
RESPONSE_TYPES = tuple(Response[method.__returning__] for method in (
    GetUpdates, GetMe, SendMessage, EditMessageText, EditMessageReplyMarkup, AnswerCallbackQuery,
    AnswerInlineQuery, SetMyCommands, SetMyDescription, SetMyShortDescription, SetChatMenuButton,
    SendVenue, SendDocument, SetWebhook, DeleteWebhook))


def create_bot(settings: Settings) -> Bot:
    """A Bot for ``BOT_TOKEN`` that talks to ``TELEGRAM_API_URL`` when set (a local server, the tests)."""
    if not settings.bot_token:
        raise ValueError("BOT_TOKEN is not set")
    if settings.telegram_api_url:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    else:
        session = AiohttpSession()
    return Bot(settings.bot_token, session=session, default=DefaultBotProperties(
        parse_mode=ParseMode.HTML, link_preview_is_disabled=True))


def create_storage(settings: Settings) -> BaseStorage:
    """MemoryStorage by default; aiogram's RedisStorage when ``REDIS_URL`` is set (several processes)."""
    if settings.redis_url:
        from aiogram.fsm.storage.redis import RedisStorage

        return RedisStorage.from_url(settings.redis_url)
    return MemoryStorage()


def create_isolation(storage: BaseStorage) -> BaseEventIsolation:
    """Per-chat locks beside the FSM state: in this process, or in Redis for several processes."""
    redis = getattr(storage, "redis", None)
    if redis is not None:
        from aiogram.fsm.storage.redis import RedisEventIsolation

        return RedisEventIsolation(redis)
    return SimpleEventIsolation()


def create_seen_keys(storage: BaseStorage) -> SeenKeys:
    """Duplicate detection that lives where the FSM state lives (shared through Redis when it is used)."""
    redis = getattr(storage, "redis", None)
    return RedisSeenKeys(redis) if redis is not None else MemorySeenKeys()


def learner_finder(settings: Settings) -> Callable[[User], Awaitable[LearnerProfile]]:
    """Find the learner behind a Telegram user, created at their first update (named as in Telegram).

    A new learner's locale is their Telegram ``language_code`` negotiated to a configured locale,
    so that notices reach them in it before they ever choose ``/lang``.
    """
    async def find(user: User) -> LearnerProfile:
        locale = None
        if user.language_code:
            locale = pick_locale([user.language_code], settings.locales, settings.default_locale)
        return await learner_for_telegram(user.id, display_name=user.full_name[:200] or None, locale=locale)

    return find


def create_search_queries(storage: BaseStorage) -> SearchQueries:
    """Searches behind their keys, kept where the FSM state lives (shared through Redis when it is used)."""
    redis = getattr(storage, "redis", None)
    return RedisSearchQueries(redis) if redis is not None else MemorySearchQueries()


def create_dispatcher(settings: Settings, *, storage: BaseStorage | None = None,
                      seen: SeenKeys | None = None, **deps: Any) -> Dispatcher:
    """Build the Dispatcher: middlewares, one router per feature (free-text search last), error handling.

    ``deps`` reach every handler as named parameters (``settings`` always does).
    """
    storage = storage if storage is not None else create_storage(settings)
    seen = seen if seen is not None else create_seen_keys(storage)
    i18n = I18n(path=LOCALE_DIR, default_locale=babel_id(settings.default_locale), domain=DOMAIN)
    deps.setdefault("clock", lambda: datetime.now(UTC))
    deps.setdefault("read_cache", ReadCache())
    deps.setdefault("search_queries", create_search_queries(storage))
    isolation = create_isolation(storage)
    # Updates of one chat are handled one after the other (a double tap meets the finished first one).
    dp = Dispatcher(storage=storage, events_isolation=isolation, settings=settings, i18n=i18n, **deps)

    dp.update.outer_middleware(DuplicateUpdateMiddleware(seen))
    dp.update.outer_middleware(FloodMiddleware())
    dp.update.outer_middleware(LearnerMiddleware(KnownLearners(learner_finder(settings))))
    dp.update.outer_middleware(LocaleMiddleware(i18n, settings))
    dp.update.outer_middleware(MiniAppMiddleware(settings))
    dp.callback_query.outer_middleware(DoubleTapMiddleware(seen))
    dp.callback_query.middleware(CallbackAnswerMiddleware())
    dp.callback_query.middleware(AnswerFailuresMiddleware())
    dp.message.outer_middleware(CommandLeavesFlowMiddleware())

    dp.include_routers(
        start.create_router(),
        browse.create_router(),
        enrollment.create_router(),
        my.create_router(),
        outcomes.create_router(),
        credits.create_router(),  # before search: a shared verification link is not a search
        follow.create_router(),
        bases.create_router(),
        inline.create_router(),
        search.create_router(),  # any other text is a search
        fallback.create_router(),  # anything else, forged buttons included: keep it last
    )
    dp.errors.register(fallback.on_error)
    return dp
