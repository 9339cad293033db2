"""The bot's webhook route, mounted on the portal's aiohttp application in webhook mode."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp import web

    from courses.settings import Settings

# The one path Telegram posts updates to; the portal exempts it from CSRF checks.
WEBHOOK_PATH = "/telegram/webhook"


def mount_webhook(app: web.Application, settings: Settings) -> None:
    """Add the webhook route, and the bot's lifetime, to the portal application.

    Requests without the right ``X-Telegram-Bot-Api-Secret-Token`` are rejected.
    """
    raise NotImplementedError("the bot's webhook mode is not built yet")
