"""Typed keys of everything the portal keeps on its application and its requests, defined once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from courses.settings import Settings

if TYPE_CHECKING:
    from portal.assets import Assets
    from portal.fragments import FragmentCache
    from portal.metrics import Metrics
    from portal.page_cache import PageCache
    from portal.replay import SpentInitData
    from portal.sessions import ServerSideStorage
    from portal.throttle import Throttle

SETTINGS = web.AppKey("settings", Settings)
ASSETS: web.AppKey[Assets] = web.AppKey("assets")
PAGE_CACHE: web.AppKey[PageCache] = web.AppKey("page_cache")
FRAGMENTS: web.AppKey[FragmentCache] = web.AppKey("fragments")
SESSION_STORAGE: web.AppKey[ServerSideStorage] = web.AppKey("session_storage")
THROTTLE: web.AppKey[Throttle] = web.AppKey("throttle")
METRICS: web.AppKey[Metrics] = web.AppKey("metrics")
SPENT_INIT_DATA: web.AppKey[SpentInitData] = web.AppKey("spent_init_data")
# A Redis client when REDIS_URL is set (sessions, page cache, throttling), else None.
REDIS: web.AppKey[object | None] = web.AppKey("redis")

# The locale of a page, taken from its URL (BCP 47, one of LOCALES).
LOCALE = web.RequestKey("locale", str)
# True when the learner switched the elder-friendly mode on.
ELDER = web.RequestKey("elder", bool)
# The bot's @username for "Enroll in Telegram" links; None hides them (no BOT_TOKEN, or unknown).
BOT_USERNAME: web.AppKey[str | None] = web.AppKey("bot_username")
# True when the page is shown inside Telegram as a Mini App (Telegram's script, framing by its web clients).
MINI_APP = web.RequestKey("mini_app", bool)
