"""Locales in URLs: which locale a request is in, where ``/`` sends a visitor, and links to every version.

Every page lives under ``/<locale>/`` with a BCP 47 tag. The tag of the page being
served is remembered in a cookie, so ``/`` leads a returning visitor back to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from aiohttp import web
from babel import Locale
from yarl import URL

from courses.i18n import babel_id, match_locale, parse_accept_language, pick_locale, text_direction
from portal import keys

LOCALE_COOKIE = "locale"
YEAR = 365 * 24 * 3600


def negotiated_locale(request: web.Request) -> str:
    """The locale for a request whose URL names none: cookie, then Accept-Language, then the default."""
    settings = request.app[keys.SETTINGS]
    candidates = [request.cookies.get(LOCALE_COOKIE),
                  *parse_accept_language(request.headers.get("Accept-Language"))]
    return pick_locale(candidates, settings.locales, settings.default_locale)


def request_locale(request: web.Request) -> str:
    """The locale a response to this request is written in."""
    return request.get(keys.LOCALE) or negotiated_locale(request)


async def root(request: web.Request) -> web.Response:
    """Send ``/`` to the home page in the visitor's language."""
    locale = negotiated_locale(request)
    raise web.HTTPFound(request.app.router["home"].url_for(locale=locale),
                        headers={"Vary": "Cookie, Accept-Language", "Cache-Control": "no-store"})


@web.middleware
async def locale_middleware(request: web.Request, handler):
    """Check the locale of localized URLs, redirect near-misses (``/zh-CN/`` → ``/zh-Hans/``), remember it."""
    tag = request.match_info.get("locale")
    if tag is None:
        return await handler(request)
    settings = request.app[keys.SETTINGS]
    if tag not in settings.locales:
        matched = match_locale(tag, settings.locales)
        if matched is None or request.method != "GET":
            raise web.HTTPNotFound()
        raise web.HTTPMovedPermanently(in_locale(request, matched))
    request[keys.LOCALE] = tag
    response = await handler(request)
    if request.cookies.get(LOCALE_COOKIE) != tag:
        response.set_cookie(LOCALE_COOKIE, tag, max_age=YEAR, path="/", samesite="Lax",
                            secure=settings.production or None, httponly=True)
    return response


def in_locale(request: web.Request, locale: str, query: str | None = None) -> str:
    """This request's URL (path and query) in another locale; ``query`` is :func:`page_query`'s, when
    the caller has it already."""
    route = request.match_info.route
    parts = {**request.match_info, "locale": locale}
    url = str(route.url_for(**parts))  # type: ignore[union-attr]
    query = page_query(request) if query is None else query
    return f"{url}?{query}" if query else url


def page_query(request: web.Request) -> str:
    """The request's query string, encoded anew (never the client's raw bytes); "" when it has none."""
    return URL.build(query=request.rel_url.query).raw_query_string if request.rel_url.query_string else ""


@dataclass(frozen=True)
class Language:
    tag: str
    name: str  # in the language itself
    url: str
    current: bool
    path: str = ""  # the same page within this portal, for the switch (``url`` is absolute, for search engines)


@lru_cache(maxsize=64)
def autonym(tag: str) -> str:
    locale = Locale.parse(babel_id(tag))
    name = locale.get_display_name(locale) or tag
    return name[:1].upper() + name[1:]


def language_versions(request: web.Request) -> list[Language]:
    """The page in every configured locale, each language named in itself."""
    current = request[keys.LOCALE]
    query = page_query(request)  # once for all the versions
    return [Language(tag, autonym(tag), in_locale(request, tag, query), tag == current)
            for tag in request.app[keys.SETTINGS].locales]


def direction(locale: str) -> str:
    return text_direction(locale)
