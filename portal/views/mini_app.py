"""The portal as a Telegram Mini App: its entry page, and signing in with Telegram's init data.

The entry page loads Telegram's script; ours posts ``Telegram.WebApp.initData`` once to
:func:`open_session`, which signs the learner in as the Telegram learner the bot knows and
says where to go. Without valid init data the learner browses the anonymous portal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from courses.i18n import pick_locale
from courses.learners import INIT_DATA_MAX_AGE, InitDataRefused, learner_for_telegram, read_init_data
from portal import keys
from portal.csrf import csrf_token
from portal.layout import page_layout
from portal.locales import negotiated_locale
from portal.mini_app import TELEGRAM_USER, session_telegram_user
from portal.rendering import render
from portal.sessions import start_session

# ``startapp`` (our buttons) or Telegram's start parameter: c<id> opens a course, b<id> a base.
TARGETS = {"c": "course", "b": "base"}
MAX_BODY = 16 * 1024


def target_url(request: web.Request, locale: str, start: str | None) -> str:
    """The page a start parameter opens, in ``locale``; the course list for anything else."""
    start = start or ""
    route = TARGETS.get(start[:1])
    if route and start[1:].isdigit() and len(start) <= 10:
        return str(request.app.router[route].url_for(locale=locale, id=str(int(start[1:]))))
    return str(request.app.router["courses"].url_for(locale=locale))


def start_parameter(request: web.Request) -> str | None:
    return request.query.get("startapp") or request.query.get("tgWebAppStartParam")


async def enter_localeless(request: web.Request) -> web.Response:
    """``/app`` (the URL given to BotFather): the Mini App in the visitor's language."""
    url = request.app.router["mini_app"].url_for(locale=negotiated_locale(request))
    raise web.HTTPFound(url.with_query(request.query), headers={"Cache-Control": "no-store"})


@dataclass(frozen=True)
class EntryPage:
    session_url: str
    start: str
    anonymous_url: str  # where the page goes without valid init data
    csrf_token: str


async def enter(request: web.Request) -> web.Response:
    """The page Telegram opens: its script signs the learner in, or goes on anonymously."""
    locale = request[keys.LOCALE]
    start = start_parameter(request) or ""
    view = EntryPage(session_url=str(request.app.router["mini_app_session"].url_for(locale=locale)),
                     start=start[:16], anonymous_url=target_url(request, locale, start),
                     csrf_token=await csrf_token(request))
    response = render(request, "mini_app/open.html", {"layout": await page_layout(request), "view": view})
    response.headers["Cache-Control"] = "no-store"
    return response


def refused() -> web.Response:
    # Nothing about the session changes: no Set-Cookie, the earlier sign-in (if any) stays.
    return web.json_response({"ok": False}, status=401, headers={"Cache-Control": "no-store"})


async def open_session(request: web.Request) -> web.Response:
    """Sign in with init data posted as ``{"init_data": …, "start": …}``; 401 for anything not genuine.

    Refused: a wrong signature (forged, truncated, another bot's), init data older than an hour,
    init data already used once, and another Telegram user than the one this session belongs to.
    """
    settings = request.app[keys.SETTINGS]
    if not settings.bot_token:
        raise web.HTTPNotFound()
    try:
        body = json.loads(await request.content.read(MAX_BODY))
        init_data, start = str(body["init_data"]), str(body.get("start") or "")
    except (ValueError, KeyError, TypeError):
        return refused()
    now = datetime.now(UTC)
    try:
        user = read_init_data(init_data, settings.bot_token, now=now)
    except InitDataRefused:
        return refused()
    known = await session_telegram_user(request)
    if known is not None and known != user.telegram_id:
        return refused()
    lifetime = (user.issued_at + INIT_DATA_MAX_AGE - now).total_seconds()
    if not await request.app[keys.SPENT_INIT_DATA].spend(user.signature, lifetime):
        return refused()
    profile = await learner_for_telegram(user.telegram_id, display_name=user.name or None)
    session = await start_session(request, profile.id, profile.display_name or user.name, profile.timezone)
    session[TELEGRAM_USER] = user.telegram_id
    locale = pick_locale([profile.locale, user.language_code], settings.locales, request[keys.LOCALE])
    return web.json_response({"ok": True, "next": target_url(request, locale, user.start_param or start)},
                             headers={"Cache-Control": "no-store"})
