"""Anonymous pages served from rendered, precompressed copies, dropped when the catalogue changes.

Each entry is keyed by the catalogue's fingerprint (:mod:`courses.catalogue.freshness`: a cheap stamp
re-read every second, a thorough one every 15 s, in the background), the host, the path and
query, and the display mode.
With Redis the copies are shared by every web process; each process also keeps a small
copy of its own so that a hit costs no network round trip.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from aiohttp import web
from redis.exceptions import RedisError

from courses.catalogue import catalogue_fingerprint, catalogue_stamp, follow_stamp
from portal import keys
from portal.layout import ELDER_COOKIE
from portal.locales import LOCALE_COOKIE, YEAR
from portal.sessions import COOKIE_NAME

log = logging.getLogger(__name__)

CHECK_INTERVAL = 1.0
THOROUGH_EVERY = 15  # checks: a thorough fingerprint every 15 s, a cheap stamp every second
REDIS_TTL = 3600
REDIS_PREFIX = "portal:page-gz:"  # entries hold the ETag and the gzipped page
GENERATION_KEY = "portal:pages-generation"


@dataclass(frozen=True)
class CachedPage:
    """A page kept gzipped only (a sixth of its size): nearly every client takes gzip, and the few
    that do not get it decompressed."""

    gzipped: bytes
    etag: str

    @property
    def body(self) -> bytes:
        return gzip.decompress(self.gzipped)

    def encode(self) -> bytes:
        return self.etag.encode() + b"\n" + self.gzipped

    @classmethod
    def decode(cls, raw: bytes) -> CachedPage:
        etag, _, gzipped = raw.partition(b"\n")
        return cls(gzipped, etag.decode())


def _etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def _packed(body: bytes) -> CachedPage:
    return CachedPage(gzip.compress(body, 6, mtime=0), _etag(body))


class PageCache:
    """Rendered pages by key; a new catalogue stamp makes every older entry unreachable.

    This process keeps at most ``max_entries`` pages and ``max_bytes`` of them, the least recently
    used going first.
    """

    def __init__(self, redis: Any = None, max_entries: int = 4000, max_bytes: int = 16 * 1024 * 1024) -> None:
        self._redis = redis
        self._local: OrderedDict[str, CachedPage] = OrderedDict()
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self.size = 0  # bytes kept in this process: gzipped pages and their keys
        self.stamp = ""
        self.generation = 0
        self.hits = 0
        self.misses = 0
        # Pages being rendered now, by key: a popular page that has just left the cache (a catalogue
        # change empties it) is rendered once, not once for each of the visitors asking for it meanwhile.
        self.filling: dict[str, asyncio.Future[CachedPage | None]] = {}

    @property
    def version(self) -> str:
        """The catalogue version pages are cached for: the stamp and the shared generation."""
        return f"{self.stamp}:{self.generation}"

    def key(self, request: web.Request) -> str:
        elder = "e" if request.cookies.get(ELDER_COOKIE) == "1" else ""
        return f"{self.version}|{request.host}|{request.rel_url.path_qs}|{elder}"

    def set_stamp(self, stamp: str, generation: int | None = None) -> None:
        if stamp != self.stamp or (generation is not None and generation != self.generation):
            self.stamp = stamp
            self.generation = self.generation if generation is None else generation
            self._local.clear()
            self.size = 0

    async def shared_generation(self) -> int | None:
        """The generation every process agrees on (Redis), or None without Redis."""
        if self._redis is None:
            return None
        return int(await self._redis.get(GENERATION_KEY) or 0)

    async def invalidate(self) -> None:
        """Drop every cached page now, for a change the stamp cannot see (e.g. a text edited in place).

        With Redis the other processes follow within a second.
        """
        if self._redis is not None:
            self.set_stamp(self.stamp, int(await self._redis.incr(GENERATION_KEY)))
        else:
            self.set_stamp(self.stamp, self.generation + 1)

    async def get(self, key: str) -> CachedPage | None:
        """The cached page, from this process or Redis; a Redis outage is a miss, never an error."""
        page = self._local.get(key)
        if page is None and self._redis is not None:
            try:
                raw = await self._redis.get(REDIS_PREFIX + key)
            except RedisError as error:
                log.warning("Page cache: Redis unavailable (%r); rendering the page", error)
                return None
            if raw is not None:
                page = CachedPage.decode(raw)
                self._remember(key, page)
        return page

    async def put(self, key: str, body: bytes) -> CachedPage:
        # zlib and blake2b release the GIL: in a thread, a page's compression (a fifth of a millisecond
        # at level 6) no longer holds up the event loop, and the page stays as small as level 6 makes it.
        page = await asyncio.get_running_loop().run_in_executor(None, _packed, body)
        self._remember(key, page)
        if self._redis is not None:
            try:
                await self._redis.set(REDIS_PREFIX + key, page.encode(), ex=REDIS_TTL)
            except RedisError as error:  # the page is still kept in this process
                log.warning("Page cache: Redis unavailable (%r); page kept locally only", error)
        return page

    def _remember(self, key: str, page: CachedPage) -> None:
        # A key holds the URL, which may be long: it counts against the bytes kept as the page does.
        old = self._local.pop(key, None)
        if old is not None:
            self.size -= len(old.gzipped) + len(key)
        self._local[key] = page
        self.size += len(page.gzipped) + len(key)
        while len(self._local) > self._max_entries or (self.size > self._max_bytes and len(self._local) > 1):
            dropped_key, dropped = self._local.popitem(last=False)
            self.size -= len(dropped.gzipped) + len(dropped_key)


def _respond(request: web.Request, page: CachedPage) -> web.Response:
    headers = {"ETag": page.etag, "Vary": "Accept-Encoding, Cookie", "Cache-Control": "no-cache"}
    if request.headers.get("If-None-Match") == page.etag:
        return web.Response(status=304, headers=headers)
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        headers["Content-Encoding"] = "gzip"
        body = page.gzipped
    else:
        body = page.body
    locale = request.match_info.get("locale")
    if locale and request.cookies.get(LOCALE_COOKIE) != locale:
        # The same cookie the locale middleware sets, written once per locale rather than per hit.
        headers["Set-Cookie"] = _locale_cookie(locale, request.app[keys.SETTINGS].production)
    return web.Response(body=body, content_type="text/html", charset="utf-8", headers=headers)


@lru_cache(maxsize=64)
def _locale_cookie(locale: str, secure: bool) -> str:
    return (f"{LOCALE_COOKIE}={locale}; HttpOnly; Max-Age={YEAR}; Path=/; SameSite=Lax"
            + ("; Secure" if secure else ""))


def page_cache_middleware(cacheable_routes: frozenset[str]):
    """Serve GETs of anonymous visitors to ``cacheable_routes`` from the cache, filling it on a miss."""

    @web.middleware
    async def middleware(request: web.Request, handler):
        if (request.method != "GET" or COOKIE_NAME in request.cookies
                or request.match_info.route.name not in cacheable_routes):
            return await handler(request)
        cache = request.app[keys.PAGE_CACHE]
        key = cache.key(request)
        page = await cache.get(key)
        if page is None and key in cache.filling:
            # The same page is being rendered for another visitor: wait for it rather than render it again.
            page = await asyncio.shield(cache.filling[key])
        if page is not None:
            cache.hits += 1
            return _respond(request, page)
        cache.misses += 1
        filled: asyncio.Future[CachedPage | None] = asyncio.get_running_loop().create_future()
        cache.filling[key] = filled
        try:
            response = await handler(request)
            if (response.status != 200 or not isinstance(response, web.Response) or response.body is None
                    or COOKIE_NAME in response.cookies or response.content_type != "text/html"):
                return response
            page = await cache.put(key, bytes(response.body))  # type: ignore[arg-type]
            return _respond(request, page)
        finally:
            # Waiters get the page, or None (not cacheable, an error, a cancelled request) and render their own.
            filled.set_result(page)
            if cache.filling.get(key) is filled:
                del cache.filling[key]

    return middleware


async def read_stamp() -> str:
    """The cheap stamp and the thorough fingerprint together (what the watcher uses)."""
    return await catalogue_stamp() + await catalogue_fingerprint()


async def keep_fresh(app: web.Application) -> AsyncIterator[None]:
    """cleanup_ctx: read the catalogue stamp now, then in the background (cheaply every second)."""
    cache = app[keys.PAGE_CACHE]

    async def seen(stamp: str) -> None:
        cache.set_stamp(stamp, await cache.shared_generation())

    async with follow_stamp(seen, every=CHECK_INTERVAL, thorough_every=THOROUGH_EVERY):
        yield
