"""Whether a page is shown inside Telegram: the session was opened by the Mini App's init data."""

from __future__ import annotations

from aiohttp import web

from portal import keys
from portal.sessions import COOKIE_NAME, get_session

# The Telegram user id the Mini App signed this session in as.
TELEGRAM_USER = "telegram_user"


async def session_telegram_user(request: web.Request) -> int | None:
    """The Telegram user id of a Mini App session, or None (no session is created for it)."""
    if COOKIE_NAME not in request.cookies:
        return None
    user = (await get_session(request)).get(TELEGRAM_USER)
    return user if isinstance(user, int) else None


async def in_mini_app(request: web.Request) -> bool:
    """True for the Mini App's own page and every page of a session the Mini App opened.

    Marks the request, so that its response allows Telegram's script and framing by its web clients.
    """
    inside = (request.match_info.route.name == "mini_app"
              or await session_telegram_user(request) is not None)
    if inside:
        request[keys.MINI_APP] = True
    return inside
