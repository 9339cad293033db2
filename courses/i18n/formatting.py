"""Dates, times, time zones, numbers, money, distances and place names as a learner in a locale reads them.

Both faces format through these functions (Babel/CLDR), so the portal and the bot write the same
fact the same way. Every function takes a BCP 47 tag (``zh-Hans``) and returns plain text: markup
(HTML escaping, Telegram's tags) is the face's business.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import (
    format_date,
    format_skeleton,
    format_time,
    get_timezone_gmt,
    get_timezone_location,
    get_timezone_name,
)
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit

from courses.i18n.locales import babel_id
from courses.vocabulary import place_name

__all__ = [
    "babel_locale",
    "clipped",
    "country_name",
    "place_line",
    "format_day",
    "format_distance",
    "format_items",
    "format_moment",
    "format_money",
    "format_number",
    "format_short_moment",
    "time_zone",
    "zone_name",
]

UTC_ZONE = ZoneInfo("UTC")


@lru_cache(maxsize=64)
def babel_locale(locale: str) -> Locale:
    """Babel's Locale for a BCP 47 tag, parsed once (parsing costs more than formatting).

    :raises babel.UnknownLocaleError: for a tag CLDR does not know (configured locales are known).
    """
    return Locale.parse(babel_id(locale))


def time_zone(name: str | None) -> ZoneInfo | None:
    """The IANA zone of that name, or None for an empty or unknown name (never an exception)."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def format_number(value: Decimal | float | int, locale: str) -> str:
    """A number with the locale's digits grouping and decimal sign (``1,234.5``; ``1 234,5`` in French)."""
    if (isinstance(value, int) and not isinstance(value, bool) or isinstance(value, Decimal) and value.is_finite()) \
            and -100_000 < value < 100_000:
        return _count(value, locale)  # the counts, hours and credits on every list page: each formatted once
    return format_decimal(value, locale=babel_locale(locale))


@lru_cache(maxsize=65_536)
def _count(value: int | Decimal, locale: str) -> str:
    return format_decimal(value, locale=babel_locale(locale))


def format_items(items: list[str], locale: str, style: Literal["standard", "or"] = "standard") -> str:
    """A list as the locale writes one (``Thai, English and Chinese``; ``泰语、英语和中文``; Arabic و);
    ``style="or"`` for alternatives (``a, b или c``; ``a أو b``).

    An empty list gives an empty string.
    """
    return format_list(list(items), style=style, locale=babel_locale(locale)) if items else ""


@lru_cache(maxsize=16_384)  # pure, and asked for every card of a list page
def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """An amount in an ISO 4217 currency as the locale writes prices (``CN¥1,200.00``)."""
    return format_currency(amount, currency, locale=babel_locale(locale))


def format_moment(value: datetime, zone: str | None, locale: str) -> str:
    """A date and time on the clock of ``zone`` (UTC when it is empty or unknown), with the zone named.

    ``Dec 5, 2026, 9:00 AM (China Time)``: a learner abroad sees whose clock the time is on.
    ``value`` must be aware.
    """
    tz = time_zone(zone) or UTC_ZONE
    babel = babel_locale(locale)
    local = value.astimezone(tz)
    # The locale's own way of joining a medium date and a short time ("{1}, {0}" in English).
    joined = str(babel.datetime_formats["medium"]).replace("{1}", format_date(local, "medium", locale=babel)) \
        .replace("{0}", format_time(local, "short", locale=babel))
    # CLDR has no city for UTC: its generic name reads "Unknown Region (UTC) Time"; the long name of
    # the moment is the one a reader knows ("Coordinated Universal Time", "协调世界时").
    named = (get_timezone_name(local, "long", locale=babel) if str(tz) in {"UTC", "Etc/UTC"}
             else get_timezone_name(tz, locale=babel))
    return f"{joined} ({named})"


def format_short_moment(value: datetime, zone: str | None, locale: str) -> str:
    """A moment in a button's worth of text on the clock of ``zone``: ``Dec 5 9:00 AM GMT+8``.

    Day and month (no year), the short time and the zone's short GMT offset, in the locale's own
    forms; UTC when the zone is empty or unknown. ``value`` must be aware.
    """
    tz = time_zone(zone) or UTC_ZONE
    babel = babel_locale(locale)
    local = value.astimezone(tz)
    return (f"{format_skeleton('MMMd', local, locale=babel)} {format_time(local, 'short', locale=babel)} "
            f"{get_timezone_gmt(local, width='short', locale=babel)}")


def format_day(value: datetime, zone: str | None, locale: str) -> str:
    """The calendar day of an aware moment on the clock of ``zone`` (UTC when empty or unknown)."""
    tz = time_zone(zone) or UTC_ZONE
    return _day(value.astimezone(tz).date(), locale)


@lru_cache(maxsize=16_384)  # every card shows the day of its next start
def _day(day: date, locale: str) -> str:
    return format_date(day, "medium", locale=babel_locale(locale))


def format_distance(km: float, locale: str) -> str:
    """A distance in short units: whole metres under a kilometre, else kilometres to one decimal."""
    if km < 1:
        return format_unit(round(km * 1000), "length-meter", length="short", locale=babel_locale(locale))
    return format_unit(round(km, 1), "length-kilometer", length="short", locale=babel_locale(locale))


def country_name(code: str, locale: str) -> str:
    """An ISO 3166 country named in the locale (``TH`` in ``ru`` → Таиланд); an unknown code as given."""
    return str(babel_locale(locale).territories.get(code.upper(), code))


# How the parts of a place are joined, smallest first; Chinese writes them largest first, unseparated.
_PLACE_SEPARATORS = {"ar": "، ", "th": " "}


def place_line(city: str | None, province: str | None, country: str | None, locale: str) -> str:
    """Where something is, in the reader's language: "Nanjing, Jiangsu, China", "中国江苏省南京".

    Parts stored in English are named through the places table and the country through CLDR; a
    municipality that is its own province (Tianjin) is named once; missing parts are left out.
    """
    parts = [place_name(city, locale), place_name(province, locale, province=True),
             country_name(country, locale) if country else ""]
    if city and province and city == province:
        parts[1] = ""
    named = [p for p in parts if p]
    if locale.startswith("zh"):
        return "".join(reversed(named))
    return _PLACE_SEPARATORS.get(locale.split("-")[0], ", ").join(named)


def zone_name(zone: str, locale: str) -> str:
    """A time zone as a learner picks it from a list: its city and offset now (``Бангкок (GMT+07:00)``).

    An unknown zone is returned as given.
    """
    tz = time_zone(zone)
    if tz is None:
        return zone
    babel = babel_locale(locale)
    city = get_timezone_location(tz, locale=babel, return_city=True)
    return f"{city} ({get_timezone_gmt(datetime.now(UTC).astimezone(tz), locale=babel)})"


@lru_cache(maxsize=1)
def _characters():  # noqa: ANN202 - an icu.BreakIterator
    import icu  # loaded where a text is clipped, like the Thai word breaker of search

    return icu.BreakIterator.createCharacterInstance(icu.Locale.getRoot())


def clipped(text: str, limit: int) -> str:
    """``text`` if it has at most ``limit`` characters, else its start and "…" within ``limit``.

    The cut falls between user-perceived characters (ICU's grapheme clusters): a Thai vowel mark stays
    with its consonant, a family emoji stays whole; trailing spaces before "…" are dropped.
    """
    if len(text) <= limit:
        return text
    import icu

    utf16 = icu.UnicodeString(text)
    breaker = _characters()
    breaker.setText(utf16)
    # ICU counts UTF-16 units; the last boundary at or before the limit's unit, less one for "…".
    boundary = breaker.preceding(len(text[:limit - 1].encode("utf-16-le")) // 2 + 1)
    return str(utf16[:max(boundary, 0)]).rstrip() + "…"
