"""Jinja2 through aiohttp-jinja2, with the translations of each request's locale.

Templates are autoescaped and use the ``jinja2.ext.i18n`` extension with new-style
gettext: ``{{ _("{n} seats left", n=seats) }}``, ``{{ ngettext("{num} course", "{num} courses", n) }}``.
The environment is shared; the gettext callables of the page's locale are handed to each
render in its context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import aiohttp_jinja2
import jinja2
from aiohttp import web
from markupsafe import Markup
from yarl import URL

from courses.i18n import format_items, translations
from portal import keys

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
PLAIN_KEPT = 4096


def setup_templates(app: web.Application) -> jinja2.Environment:
    """Create the template environment of the application."""
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=-1,
    )
    # Compiles {% trans %} for new-style callables; the real ones come with each render.
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.globals["asset"] = app[keys.ASSETS].url
    env.globals["url"] = route_urls(app.router)
    env.globals["list_of"] = format_items
    env.globals["link_list"] = link_list
    return env


def route_urls(router: web.UrlDispatcher) -> Callable[..., URL]:
    """``url('name', part=…, query_={…})`` for templates, as aiohttp-jinja2's, but each URL built once:
    a page asks for the same dozen (home, courses, centres, sign-in …) on every render."""

    @lru_cache(maxsize=4096)
    def built(name: str, parts: tuple[tuple[str, str | int], ...], query: tuple[tuple[str, str], ...]) -> URL:
        for part, value in parts:
            if type(value) is not str and type(value) is not int:  # as aiohttp-jinja2: bool and others refused
                raise TypeError(f"argument value should be str or int, got {part} -> [{type(value)}] {value!r}")
        url = router[name].url_for(**{part: str(value) for part, value in parts})
        return url.with_query(dict(query)) if query else url

    def url(__route_name: str, query_: Mapping[str, str] | None = None, **parts: str | int) -> URL:
        return built(__route_name, tuple(parts.items()), tuple(query_.items()) if query_ else ())

    return url


def link_list(links: Iterable[Any], locale: str, style: Literal["standard", "or"] = "standard") -> Markup:
    """Links (each with ``url`` and ``label``) joined as the locale writes a list (``style="or"``: "a, b
    или c", "a أو b"): CLDR's patterns hold no markup, and each link is escaped before it is joined."""
    pieces = [str(Markup('<a href="{}">{}</a>').format(link.url, link.label)) for link in links]
    return Markup(format_items(pieces, locale, style))  # noqa: S704 - escaped pieces in CLDR's patterns


def _format(value: str, autoescape: bool, variables: Mapping[str, Any]) -> str:
    if autoescape:
        value = Markup(value)
    # Placeholders are str.format style ("{n} seats left"); templates call _() rather than
    # {% trans %}, whose placeholders would be %-style.
    return value.format(**variables) if variables else value


@lru_cache(maxsize=32)
def gettext_callables(locale: str) -> dict[str, Callable[..., str]]:
    """The ``_``, ``gettext``, ``ngettext`` and ``pgettext`` of a locale, shaped for new-style templates."""
    catalogue = translations(locale)

    plain: dict[str, Markup] = {}  # message → its translation as markup, for the calls without variables

    @jinja2.pass_context
    def gettext(context: jinja2.runtime.Context, message: str, **variables: Any) -> str:
        if variables or not context.eval_ctx.autoescape:
            return _format(catalogue.gettext(message), context.eval_ctx.autoescape, variables)
        found = plain.get(message)
        if found is None:
            found = Markup(catalogue.gettext(message))
            if len(plain) < PLAIN_KEPT:  # message ids are the templates' own: a few hundred
                plain[message] = found
        return found

    @jinja2.pass_context
    def ngettext(context: jinja2.runtime.Context, singular: str, plural: str, n: int,
                 **variables: Any) -> str:
        variables.setdefault("num", n)
        return _format(catalogue.ngettext(singular, plural, n), context.eval_ctx.autoescape, variables)

    @jinja2.pass_context
    def pgettext(context: jinja2.runtime.Context, message_context: str, message: str, **variables: Any) -> str:
        # One English word, two things: "Kind" of a course (课程类型) and of an outcome (成果类型).
        return _format(catalogue.pgettext(message_context, message), context.eval_ctx.autoescape, variables)

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext}


def render(request: web.Request, template: str, context: Mapping[str, Any], *,
           status: int = 200, locale: str | None = None) -> web.Response:
    """Render a template in the request's locale (or ``locale``) into an HTML response."""
    locale = locale or request.get(keys.LOCALE) or request.app[keys.SETTINGS].default_locale
    full = {**context, **gettext_callables(locale)}
    return aiohttp_jinja2.render_template(template, request, full, status=status)
