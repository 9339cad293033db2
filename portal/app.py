"""The portal's aiohttp application, built by :func:`create_app` from settings alone."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from courses.catalogue import watch_catalogue
from courses.settings import BotMode, Settings
from courses.storage import database
from portal import keys
from portal.assets import Assets
from portal.csrf import csrf_middleware
from portal.errors import error_middleware, refuse_encoded_bodies
from portal.forwarded import forwarded_middleware
from portal.fragments import FragmentCache
from portal.locales import locale_middleware
from portal.metrics import Metrics, metrics_middleware
from portal.page_cache import PageCache, keep_fresh, page_cache_middleware
from portal.rendering import setup_templates
from portal.replay import SpentInitData
from portal.routes import CACHEABLE_ROUTES, setup_routes
from portal.security import add_security_headers
from portal.sessions import DatabaseSessions, RedisSessions, ServerSideStorage, session_middleware
from portal.telegram import bot_username
from portal.throttle import Throttle

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024  # forms are small; nothing legitimate posts more
# Bytes of a request line: a search box's GET holds what the learner pasted (7,000 Chinese characters
# fit), which the list then cuts and redirects; past this the server answers a plain 400 itself.
MAX_REQUEST_LINE = 64 * 1024
SESSION_PURGE_INTERVAL = 3600
REDIS_TIMEOUT = 2.0  # seconds


async def _database(app: web.Application) -> AsyncIterator[None]:
    settings = app[keys.SETTINGS]
    async with database(settings.database_url, timeout=settings.database_timeout):
        yield


async def _redis(app: web.Application) -> AsyncIterator[None]:
    yield
    client = app[keys.REDIS]
    if client is not None:
        await client.aclose()  # type: ignore[attr-defined]


async def _purge_sessions(app: web.Application) -> AsyncIterator[None]:
    """Delete expired database sessions once an hour (Redis expires its own)."""
    backend = app[keys.SESSION_STORAGE].backend
    if not isinstance(backend, DatabaseSessions):
        yield
        return

    async def purge() -> None:
        while True:
            try:
                await backend.purge()
            except Exception:  # a busy database must not stop the purger
                log.exception("Could not purge expired sessions")
            await asyncio.sleep(SESSION_PURGE_INTERVAL)

    task = asyncio.create_task(purge())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _bot_username(app: web.Application) -> AsyncIterator[None]:
    """Ask Telegram for the bot's @username once, for "Enroll in Telegram" links (hidden if unknown)."""
    settings = app[keys.SETTINGS]
    if settings.bot_token and app[keys.BOT_USERNAME] is None:
        app[keys.BOT_USERNAME] = await bot_username(settings)
    yield


@web.middleware
async def _compress(request: web.Request, handler):
    """Compress dynamic text responses (cached pages and static files come compressed already)."""
    response = await handler(request)
    if (isinstance(response, web.Response) and "Content-Encoding" not in response.headers
            and response.body is not None and len(response.body) > 512  # type: ignore[arg-type]
            and response.content_type.startswith(("text/", "application/json", "application/xml"))):
        response.enable_compression()
    return response


async def _catalogue_index(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: the in-memory catalogue index, built before the first request and kept fresh."""
    async with watch_catalogue(app[keys.SETTINGS].search_synonyms):
        yield


def create_app(settings: Settings) -> web.Application:
    """Build the portal: routes, templates, sessions, middlewares, and the database lifetime."""
    redis = None
    if settings.redis_url is not None:
        from redis.asyncio import Redis

        # Short timeouts: a Redis outage must fail a request quickly (and clearly), not hang it.
        redis = Redis.from_url(settings.redis_url, socket_connect_timeout=REDIS_TIMEOUT,
                               socket_timeout=REDIS_TIMEOUT)
    session_backend = RedisSessions(redis) if redis is not None else DatabaseSessions()
    storage = ServerSideStorage(session_backend, secure=settings.production)

    page_cache = PageCache(redis)
    app = web.Application(
        client_max_size=MAX_BODY,
        handler_args={"max_line_size": MAX_REQUEST_LINE},
        middlewares=[
            forwarded_middleware(frozenset(settings.trusted_proxies)),
            metrics_middleware,
            page_cache_middleware(CACHEABLE_ROUTES),
            _compress,
            error_middleware,
            refuse_encoded_bodies,
            locale_middleware,
            session_middleware(storage),
            csrf_middleware,
        ],
    )
    app[keys.SETTINGS] = settings
    app[keys.REDIS] = redis
    app[keys.ASSETS] = Assets()
    app[keys.PAGE_CACHE] = page_cache
    app[keys.FRAGMENTS] = FragmentCache()
    app[keys.SESSION_STORAGE] = storage
    app[keys.THROTTLE] = Throttle(redis)
    app[keys.SPENT_INIT_DATA] = SpentInitData(redis)
    app[keys.METRICS] = Metrics()
    app[keys.BOT_USERNAME] = None
    setup_templates(app)
    setup_routes(app)
    app.on_response_prepare.append(add_security_headers)
    app.cleanup_ctx.append(_database)
    app.cleanup_ctx.append(_redis)
    app.cleanup_ctx.append(keep_fresh)
    app.cleanup_ctx.append(_catalogue_index)
    app.cleanup_ctx.append(_purge_sessions)
    app.cleanup_ctx.append(_bot_username)
    if settings.bot_token and settings.bot_mode is BotMode.WEBHOOK:
        from bot.webhook import mount_webhook

        mount_webhook(app, settings)
    return app


