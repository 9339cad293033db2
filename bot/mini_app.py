"""Buttons that open the portal inside Telegram (a Mini App), in the learner's language.

Telegram opens only HTTPS pages as Mini Apps and refuses a message whose ``web_app`` button
has another URL, so without an ``https://`` ``PUBLIC_URL`` no such button is sent. The links
of the update being handled are kept in a context variable, as aiogram keeps its I18n, so
that keyboards built anywhere in a handler can offer them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from aiogram import BaseMiddleware
from aiogram.types import InlineKeyboardButton, TelegramObject, WebAppInfo
from aiogram.utils.i18n import gettext as _

from courses.settings import Settings

MINI_APP_PATH = "/app"  # the address to give BotFather: the portal chooses the language itself


def mini_app_base(settings: Settings) -> str | None:
    """The portal's public base when Telegram can open it as a Mini App (HTTPS), else None."""
    base = settings.public_base
    return base if base.startswith("https://") else None


def mini_app_url(base: str, locale: str | None = None, start: str | None = None) -> str:
    """The Mini App page; ``start`` (``c<id>``, ``b<id>``) opens a course or a base directly."""
    path = f"/{locale}{MINI_APP_PATH}" if locale else MINI_APP_PATH
    return base + path + (f"?{urlencode({'startapp': start})}" if start else "")


@dataclass(frozen=True)
class MiniAppLinks:
    base: str
    locale: str

    def url(self, start: str | None = None) -> str:
        return mini_app_url(self.base, self.locale, start)


_links: ContextVar[MiniAppLinks | None] = ContextVar("mini_app_links", default=None)


def open_catalogue(start: str | None = None) -> list[InlineKeyboardButton]:
    """A keyboard row with the "Open catalogue" Mini App button, or an empty row without a Mini App."""
    links = _links.get()
    if links is None:
        return []
    return [InlineKeyboardButton(text="🌐 " + _("Open catalogue"), web_app=WebAppInfo(url=links.url(start)))]


class MiniAppMiddleware(BaseMiddleware):
    """Make the Mini App links, in the update's locale, available to the keyboards of its handlers."""

    def __init__(self, settings: Settings) -> None:
        self.base = mini_app_base(settings)

    async def __call__(self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
                       event: TelegramObject, data: dict[str, Any]) -> Any:
        if self.base is None or "locale" not in data:
            return await handler(event, data)
        token = _links.set(MiniAppLinks(self.base, data["locale"]))
        try:
            return await handler(event, data)
        finally:
            _links.reset(token)
