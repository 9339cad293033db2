"""Machine-facing routes: health, metrics, robots.txt, the sitemap and static files."""

from __future__ import annotations

from aiohttp import web

from courses.health import database_answers
from portal import keys
from portal.sitemap import sitemap_part_xml, sitemap_xml


async def healthz(request: web.Request) -> web.Response:
    """200 ``ok`` when the database answers, else 503."""
    if await database_answers():
        return web.Response(text="ok\n", headers={"Cache-Control": "no-store"})
    return web.Response(status=503, text="database unavailable\n", headers={"Cache-Control": "no-store"})


async def metrics(request: web.Request) -> web.Response:
    cache = request.app[keys.PAGE_CACHE]
    body = request.app[keys.METRICS].exposition(cache.hits, cache.misses)
    return web.Response(text=body, content_type="text/plain", charset="utf-8",
                        headers={"Cache-Control": "no-store"})


async def robots(request: web.Request) -> web.Response:
    sitemap = request.url.origin().join(request.app.router["sitemap"].url_for())
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
