"""Where to send a learner next, without ever sending them off the site."""

from __future__ import annotations

from aiohttp import web

from portal import keys


def home_url(request: web.Request) -> str:
    locale = request.get(keys.LOCALE) or request.app[keys.SETTINGS].default_locale
    return str(request.app.router["home"].url_for(locale=locale))


def safe_next(request: web.Request, target: str | None) -> str:
    """``target`` when it is a path on this site, else the home page (no open redirects)."""
    if (not target or not target.startswith("/") or target.startswith("//") or "\\" in target
            or any(ord(ch) < 32 for ch in target)):
        return home_url(request)
    return target
