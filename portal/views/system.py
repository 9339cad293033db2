"""Machine-facing routes: health, metrics, robots.txt, the sitemap and static files."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from courses.storage import database_latency
from portal import keys
from portal.layout import absolute
from portal.metrics import may_read_metrics
from portal.sitemap import sitemap_part_xml, sitemap_xml

log = logging.getLogger(__name__)


# A database slower than this still serves, but the process is reported degraded.
SLOW_DATABASE = 0.5
HEALTH_TIMEOUT = 5.0


async def _redis_answers(request: web.Request) -> bool:
    redis = request.app[keys.REDIS]
    try:
        await asyncio.wait_for(redis.ping(), HEALTH_TIMEOUT)
    except Exception as error:  # any client error means "not answering"
        log.warning("Redis did not answer the health check: %r", error)
        return False
    return True


async def healthz(request: web.Request) -> web.Response:
    """``ok`` (200); ``degraded`` (200) with the reasons when the database is slow or Redis is down;
    503 when the database does not answer within a few seconds."""
    headers = {"Cache-Control": "no-store"}
    latency = await database_latency(HEALTH_TIMEOUT)
    if latency is None:
        return web.Response(status=503, text="database unavailable\n", headers=headers)
    problems = []
    if latency > SLOW_DATABASE:
        problems.append(f"database slow ({latency:.2f} s)")
    if request.app[keys.REDIS] is not None and not await _redis_answers(request):
        problems.append("redis unavailable")
    if problems:
        return web.Response(text="degraded: " + "; ".join(problems) + "\n", headers=headers)
    return web.Response(text="ok\n", headers=headers)


async def metrics(request: web.Request) -> web.Response:
    """The Prometheus exposition, for ``METRICS_ALLOW`` and ``METRICS_TOKEN`` only (others get a 404)."""
    if not may_read_metrics(request):
        # A 404, as for any page that is not there: the route's existence is nobody else's business.
        raise web.HTTPNotFound()
    cache = request.app[keys.PAGE_CACHE]
    body = request.app[keys.METRICS].exposition(cache.hits, cache.misses)
    return web.Response(text=body, content_type="text/plain", charset="utf-8",
                        headers={"Cache-Control": "no-store"})


async def robots(request: web.Request) -> web.Response:
    sitemap = absolute(request, request.app.router["sitemap"].url_for())
    lines = ["User-agent: *", "Disallow: /*/account/", "Disallow: /api/", "Disallow: /metrics",
             f"Sitemap: {sitemap}", ""]
    return web.Response(text="\n".join(lines), headers={"Cache-Control": "public, max-age=86400"})


async def sitemap(request: web.Request) -> web.Response:
    body = await sitemap_xml(request)
    return web.Response(body=body, content_type="application/xml", charset="utf-8",
                        headers={"Cache-Control": "public, max-age=3600"})


async def static(request: web.Request) -> web.Response:
    asset = request.app[keys.ASSETS].find(request.match_info["version"], request.match_info["name"])
    if asset is None:
        raise web.HTTPNotFound()
    return request.app[keys.ASSETS].response(asset, request.headers.get("Accept-Encoding", ""))


async def sitemap_part(request: web.Request) -> web.Response:
    body = await sitemap_part_xml(request, int(request.match_info["part"]))
    if body is None:
        raise web.HTTPNotFound()
    return web.Response(body=body, content_type="application/xml", charset="utf-8",
                        headers={"Cache-Control": "public, max-age=3600"})
