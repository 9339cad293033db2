"""The parts URLs are made of, and the one way a table of routes is registered.

Both :mod:`portal.routes` and :mod:`portal.staff_routes` describe their URLs as rows of
``(method, path, handler, name)``; :func:`add_routes` registers them in order.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from aiohttp import web

# A BCP 47 tag such as en, zh-Hans or zh-Hant-TW (near misses are redirected, unknown ones are 404).
L = "/{locale:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}}"
# Nine digits at most: every id fits a 32-bit integer column, so a longer one is a 404, never a database error.
ID = "{id:[0-9]{1,9}}"
INTAKE = "{intake:[0-9]{1,9}}"
SLUG = "{slug:[A-Za-z0-9_-]{1,64}}"
TEXT_LOCALE = "{text_locale:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}}"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Route = tuple[str, str, Handler, str | None]


def add_routes(router: web.UrlDispatcher, prefix: str, routes: Iterable[Route]) -> None:
    """Register ``(method, path, handler, name)`` rows under ``prefix``; a GET answers HEAD too."""
    for method, path, handler, name in routes:
        if method == "GET":
            router.add_get(prefix + path, handler, name=name)
        else:
            router.add_route(method, prefix + path, handler, name=name)


def form(path: str, page: Handler, submit: Handler, name: str | None) -> list[Route]:
    """A page with a form and the POST of that form at the same path, named once (the page's name)."""
    return [("GET", path, page, name), ("POST", path, submit, None)]


def record_routes(path: str, name: str, edit: Handler, update: Handler, texts: Handler, status: Handler) -> list[Route]:
    """A record's staff page (``name``): its fields form, its texts in one locale, its status."""
    return [
        *form(path, edit, update, name),
        ("POST", path + "/texts/" + TEXT_LOCALE, texts, name + "_text"),
        ("POST", path + "/status", status, name + "_status"),
    ]
