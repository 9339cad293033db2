"""What every page shows around its content: language versions, links for search engines, the learner."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from yarl import URL

from portal import keys
from portal.locales import Language, autonym, direction, in_locale, language_versions, request_locale
from portal.mini_app import in_mini_app
from portal.sessions import signed_in_name

ELDER_COOKIE = "elder"


@dataclass(frozen=True)
class Layout:
    locale: str
    dir: str
    canonical: str
    x_default: str
    languages: list[Language]
    elder: bool
    learner_name: str | None
    next_path: str  # where a display toggle or a sign-in returns to
    mini_app: bool = False  # inside Telegram: its script, theme colours and Back button

    @property
    def language_name(self) -> str:
        """The name of the page's language, in itself (the label of the compact switch)."""
        return next((lang.name for lang in self.languages if lang.current), self.locale)

    @property
    def alternates(self) -> list[Language]:
        return self.languages


def absolute(request: web.Request, path: str | URL) -> str:
    """``path`` (absolute, with its query) under ``PUBLIC_URL``: never the request's ``Host``, which a
    client chooses, so no forged header can plant its own address in a canonical link, a sitemap,
    a QR code or a calendar file."""
    return request.app[keys.SETTINGS].public_base + str(path)


def is_elder(request: web.Request) -> bool:
    """Whether the learner switched the elder-friendly mode on (a remembered cookie)."""
    return request.cookies.get(ELDER_COOKIE) == "1"


async def page_layout(request: web.Request) -> Layout:
    """The frame of a localized page: canonical URL, hreflang alternates, switcher, display mode."""
    locale = request[keys.LOCALE]
    settings = request.app[keys.SETTINGS]
    languages = [Language(lang.tag, lang.name, absolute(request, lang.url), lang.current, str(lang.url))
                 for lang in language_versions(request)]
    canonical = next(lang.url for lang in languages if lang.current)
    if request.match_info.route.name == "home":
        x_default = absolute(request, "/")
    else:
        x_default = absolute(request, in_locale(request, settings.default_locale))
    return Layout(
        locale=locale,
        dir=direction(locale),
        canonical=canonical,
        x_default=x_default,
        languages=languages,
        elder=is_elder(request),
        learner_name=await signed_in_name(request),
        next_path=request.rel_url.path_qs,
        mini_app=await in_mini_app(request),
    )


def error_layout(request: web.Request) -> Layout:
    """A plain frame for error pages, in the locale of the URL or the visitor's language."""
    locale = request_locale(request)
    home = request.app.router["home"]
    # The missing page has no other language versions: the switch leads to each language's home.
    languages = [Language(tag, autonym(tag), absolute(request, str(home.url_for(locale=tag))), tag == locale,
                          str(home.url_for(locale=tag)))
                 for tag in request.app[keys.SETTINGS].locales]
    canonical = next(lang.url for lang in languages if lang.current)
    return Layout(locale=locale, dir=direction(locale), canonical=canonical, x_default=absolute(request, "/"),
                  languages=languages, elder=is_elder(request), learner_name=None, next_path="/")
