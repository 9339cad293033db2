"""Where to send a learner next, without ever sending them off the site."""

from __future__ import annotations

from aiohttp import web

from courses.learners import site_path
from portal import keys


def home_url(request: web.Request) -> str:
    locale = request.get(keys.LOCALE) or request.app[keys.SETTINGS].default_locale
    return str(request.app.router["home"].url_for(locale=locale))


def safe_next(request: web.Request, target: str | None) -> str:
    """``target`` when it is a path on this site, else the home page (no open redirects)."""
    return site_path(target) or home_url(request)
