"""The portal's icon where browsers look for it, and the web manifest that names the portal in the
reader's language (so that a phone's home screen shows it with its icons)."""

from __future__ import annotations

import json

from aiohttp import web

from portal import keys
from portal.listing import gettext_of
from portal.locales import direction

DAY = "public, max-age=86400"
ICONS = (("icon-192.png", "192x192", "image/png"), ("icon-512.png", "512x512", "image/png"),
         ("icon.svg", "any", "image/svg+xml"))


async def favicon(request: web.Request) -> web.Response:
    asset = request.app[keys.ASSETS].named("favicon.ico")
    return web.Response(body=asset.body, content_type="image/x-icon", headers={"Cache-Control": DAY})


async def manifest(request: web.Request) -> web.Response:
    locale = request[keys.LOCALE]
    gettext = gettext_of(request)
    assets = request.app[keys.ASSETS]
    body = {
        "name": gettext("Lifelong Learning Portal"),
        "short_name": gettext("Lifelong Learning"),
        "lang": locale,
        "dir": direction(locale),
        "start_url": str(request.app.router["home"].url_for(locale=locale)),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5cad",
        "icons": [{"src": assets.url(name), "sizes": sizes, "type": kind} for name, sizes, kind in ICONS],
    }
    return web.Response(text=json.dumps(body, ensure_ascii=False), content_type="application/manifest+json",
                        headers={"Cache-Control": DAY})
