"""The bot's public @username, which "Enroll in Telegram" links need."""

from __future__ import annotations

import asyncio
import logging

from courses.settings import Settings

log = logging.getLogger(__name__)


async def bot_username(settings: Settings, timeout: float = 5.0) -> str | None:
    """Ask the Bot API (``getMe``) for the bot's username; None when it cannot be reached."""
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    url = settings.telegram_api_url
    session = AiohttpSession(api=TelegramAPIServer.from_base(url)) if url else AiohttpSession()
    bot = Bot(settings.bot_token or "", session=session)
    try:
        me = await asyncio.wait_for(bot.get_me(), timeout)
        return me.username
    except Exception as error:  # Telegram unreachable or the token refused: hide the links, keep serving
        log.warning("Could not read the bot's username (%s); Telegram links are hidden", error)
        return None
    finally:
        await bot.session.close()
