"""Locales: the tags we speak, how a learner's language is chosen, and the content fallback chain.

URLs, HTML and the database use BCP 47 tags (``zh-Hans``); gettext directories use Babel
identifiers (``zh_Hans``). Both faces pick a locale through :func:`pick_locale`, so a
learner gets the same language in the portal and in the bot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations

__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "babel_id",
    "bcp47",
    "content_chain",
    "display_name",
    "match_locale",
    "parse_accept_language",
    "pick_locale",
    "plural_count",
    "text_direction",
    "translations",
]

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
DOMAIN = "messages"

# Regions whose Chinese is written in Traditional characters.
_HANT_REGIONS = frozenset({"TW", "HK", "MO"})
_TAG = re.compile(r"^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*$")
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


def babel_id(tag: str) -> str:
    """``zh-Hans`` → ``zh_Hans`` (the name of the gettext directory)."""
    return tag.replace("-", "_")


def bcp47(identifier: str) -> str:
    """``zh_Hans`` → ``zh-Hans``."""
    return identifier.replace("_", "-")


def _language_and_script(tag: str) -> tuple[str, str | None] | None:
    """Reduce a tag to (language, script-if-it-matters), or None when it is not a usable tag."""
    tag = tag.strip()
    if not tag or len(tag) > 35 or not _TAG.match(tag):
        return None
    try:
        locale = Locale.parse(babel_id(tag))
    except (ValueError, TypeError, UnknownLocaleError):
        # An unknown region or variant still tells us the language.
        language = re.split(r"[-_]", tag)[0].lower()
        try:
            locale = Locale.parse(language)
        except (ValueError, TypeError, UnknownLocaleError):
            return None
    if locale.language == "zh":
        script = locale.script or ("Hant" if locale.territory in _HANT_REGIONS else "Hans")
        return "zh", script
    return locale.language, None


def match_locale(tag: str, available: Sequence[str]) -> str | None:
    """Return the configured locale that serves a requested tag, or None.

    ``zh-CN``, ``zh``, ``zh-SG`` → ``zh-Hans``; ``zh-TW``, ``zh-HK``, ``zh-Hant-TW`` → ``zh-Hant``;
    ``ru-RU`` → ``ru``; malformed tags → None (never an exception).
    """
    wanted = _language_and_script(tag)
    if wanted is None:
        return None
    for candidate in available:
        if _language_and_script(candidate) == wanted:
            return candidate
    language = wanted[0]
    for candidate in available:
        parsed = _language_and_script(candidate)
        if parsed is not None and parsed[0] == language:
            return candidate
    return None


def parse_accept_language(header: str | None) -> list[str]:
    """Tags of an Accept-Language header, most preferred first; garbage is skipped."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                continue
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, position, tag.strip()))
    return [tag for _, _, tag in sorted(weighted)]


def pick_locale(candidates: Iterable[str | None], available: Sequence[str], default: str) -> str:
    """Return the first candidate that a configured locale serves, else ``default``.

    Candidates are tried in order (a stored preference, a cookie, Accept-Language tags,
    Telegram's ``language_code`` …); ``None`` and malformed values are skipped.
    """
    for candidate in candidates:
        if candidate:
            matched = match_locale(candidate, available)
            if matched is not None:
                return matched
    return default


def content_chain(locale: str) -> tuple[str, ...]:
    """The order in which catalogue texts are looked for: requested → en → zh-Hans.

    zh-Hant is served from zh-Hans by conversion before falling back to English; the
    catalogue queries mark such texts as converted.
    """
    chain: list[str] = [locale]
    if locale == "zh-Hant":
        chain.append("zh-Hans")
    for fallback in ("en", "zh-Hans"):
        if fallback not in chain:
            chain.append(fallback)
    return tuple(chain)


def text_direction(locale: str) -> str:
    """``rtl`` for right-to-left scripts (Arabic), else ``ltr``."""
    return "rtl" if locale.split("-")[0] in RTL_LANGUAGES else "ltr"


@lru_cache(maxsize=32)
def translations(locale: str) -> NullTranslations:
    """The compiled gettext catalogue of a locale (``make locale`` builds the ``.mo`` files)."""
    return Translations.load(str(LOCALE_DIR), [babel_id(locale)], DOMAIN)


@lru_cache(maxsize=4096)  # pure, and asked for every card and facet value of a list page
def display_name(tag: str, in_locale: str) -> str:
    """A language's name in another language, through Babel's CLDR data (``ru`` in ``zh-Hans`` → 俄语)."""
    try:
        return Locale.parse(babel_id(tag)).get_display_name(Locale.parse(babel_id(in_locale))) or tag
    except (ValueError, UnknownLocaleError):
        return tag


@lru_cache(maxsize=256)
def plural_count(value: Decimal | int | float, locale: str) -> int:
    """The whole number to hand ``ngettext`` for ``value``, so that fractions get the right plural form.

    gettext chooses forms by an integer, but 1.5 credits is "1.5 credits" in English and
    "1,5 crédit" in French (CLDR). A fraction is therefore counted as the first whole number of
    the same CLDR plural category; a category no whole number has (Russian fractions, whose
    nouns take the genitive singular) counts as 2, which gives that genitive form.
    """
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return int(number)
    try:
        rules = Locale.parse(babel_id(locale)).plural_form
    except (ValueError, UnknownLocaleError):
        return 2
    category = rules(number)
    return next((n for n in range(200) if rules(n) == category), 2)
