"""The bot's webhook route, mounted on the portal's aiohttp application in webhook mode."""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.dispatcher import create_bot, create_dispatcher
from bot.profile import set_profile_or_log
from courses.settings import WEBHOOK_PATH, Settings

log = logging.getLogger(__name__)

# The one path Telegram posts updates to; the portal exempts it from CSRF checks.
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
BOT_KEY = web.AppKey("telegram_bot", Bot)
DISPATCHER_KEY = web.AppKey("telegram_dispatcher", Dispatcher)
SETTINGS_KEY = web.AppKey("telegram_settings", Settings)


def webhook_url(settings: Settings) -> str:
    assert settings.webhook_base_url
    return settings.webhook_base_url.rstrip("/") + WEBHOOK_PATH


async def receive_update(request: web.Request) -> web.Response:
    """Take one update from Telegram; anything without the secret token is refused unread."""
    settings: Settings = request.app[SETTINGS_KEY]
    secret = request.headers.get(SECRET_HEADER, "")
    assert settings.webhook_secret
    # Header bytes that are not UTF-8 arrive as surrogates; they must compare unequal, not crash.
    if not hmac.compare_digest(secret.encode("utf-8", "surrogateescape"), settings.webhook_secret.encode()):
        return web.json_response({"ok": False, "description": "wrong secret token"}, status=401)
    bot, dp = request.app[BOT_KEY], request.app[DISPATCHER_KEY]
    try:
        update = Update.model_validate(await request.json(), context={"bot": bot})
    except (ValueError, RecursionError, ValidationError):  # RecursionError: JSON nested too deeply
        return web.json_response({"ok": False, "description": "not an update"}, status=400)
    # Answer Telegram only after the update is handled: a failure makes Telegram send it again,
    # and the duplicate middleware drops what was already taken.
    await dp.feed_update(bot, update)
    return web.json_response({"ok": True})


def mount_webhook(app: web.Application, settings: Settings) -> None:
    """Add the webhook route, and the bot's lifetime, to the portal application.

    Requests without the right ``X-Telegram-Bot-Api-Secret-Token`` are rejected. The bot
    registers the webhook with Telegram on startup and closes its session on cleanup. The
    application must have the database open (the portal's own cleanup context).

    :raises ValueError: without ``WEBHOOK_SECRET`` (anyone could post updates), without
        ``WEBHOOK_BASE_URL`` or without ``BOT_TOKEN``.
    """
    if not settings.webhook_secret:
        raise ValueError("webhook mode needs WEBHOOK_SECRET: without it anyone could post updates")
    if not settings.webhook_base_url:
        raise ValueError("webhook mode needs WEBHOOK_BASE_URL")
    bot = create_bot(settings)  # raises without BOT_TOKEN
    dp = create_dispatcher(settings)
    app[SETTINGS_KEY] = settings
    app[BOT_KEY] = bot
    app[DISPATCHER_KEY] = dp
    app.router.add_post(WEBHOOK_PATH, receive_update, name="telegram_webhook")

    async def bot_lifetime(app: web.Application) -> AsyncIterator[None]:
        try:
            await bot.set_webhook(webhook_url(settings), secret_token=settings.webhook_secret,
                                  allowed_updates=dp.resolve_used_update_types(), drop_pending_updates=False)
        except (TelegramAPIError, TelegramNetworkError) as error:
            # The portal serves learners even when Telegram is unreachable; the webhook set
            # by an earlier start keeps working.
            log.error("could not set the Telegram webhook: %s", error)
        await set_profile_or_log(bot, dp["i18n"], settings)
        try:
            yield
        finally:
            await dp.storage.close()
            await bot.session.close()

    app.cleanup_ctx.append(bot_lifetime)
