"""The bot's public @username, which "Enroll in Telegram" links need."""

from __future__ import annotations

import logging

import aiohttp

from courses.settings import Settings

log = logging.getLogger(__name__)
OFFICIAL_API = "https://api.telegram.org"


async def bot_username(settings: Settings, timeout: float = 5.0) -> str | None:
    """Ask the Bot API (``getMe``) for the bot's username; None when it cannot be reached.

    One plain HTTP call: a web process that does not serve the webhook never loads aiogram.
    """
    base = (settings.telegram_api_url or OFFICIAL_API).rstrip("/")
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session, \
                session.get(f"{base}/bot{settings.bot_token or ''}/getMe") as response:
            answer = await response.json(content_type=None)
        if not answer.get("ok"):
            raise ValueError(answer.get("description") or f"HTTP {response.status}")
        return str(answer["result"]["username"])
    except (TimeoutError, aiohttp.ClientError, ValueError, KeyError, TypeError) as error:
        # Telegram unreachable or the token refused: hide the links, keep serving.
        log.warning("Could not read the bot's username (%s); Telegram links are hidden", error)
        return None
