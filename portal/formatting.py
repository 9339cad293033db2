"""Dates, numbers, money, language and country names as a learner in a locale reads them (Babel/CLDR)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_date, get_timezone_gmt, get_timezone_location
from babel.numbers import format_currency, format_decimal

from courses.i18n import babel_id, display_name
from courses.i18n import moment as domain_moment


@lru_cache(maxsize=16)
def _locale(tag: str) -> Locale:
    return Locale.parse(babel_id(tag))


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def number(value: int | Decimal | float, locale: str) -> str:
    return format_decimal(value, locale=_locale(locale))


def money(amount: Decimal, currency: str, locale: str) -> str:
    return format_currency(amount, currency, locale=_locale(locale))


def moment(value: datetime, zone: str | None, locale: str) -> str:
    """A date and time in a time zone, with the zone's name: ``5 Dec 2026, 09:00 China Standard Time``."""
    return domain_moment(value, zone, locale)


def day(value: datetime, zone: str | None, locale: str) -> str:
    tz = _zone(zone) or ZoneInfo("UTC")
    return format_date(value.astimezone(tz), "medium", locale=_locale(locale))


def language_name(tag: str, locale: str) -> str:
    return display_name(tag, locale)


def country_name(code: str, locale: str) -> str:
    return _locale(locale).territories.get(code.upper(), code)


def zone_name(zone: str, locale: str) -> str:
    """A time zone as a learner picks it from a list: its city and offset now (``Бангкок (GMT+07:00)``)."""
    tz = _zone(zone)
    if tz is None:
        return zone
    loc = _locale(locale)
    city = get_timezone_location(tz, locale=loc, return_city=True)
    return f"{city} ({get_timezone_gmt(datetime.now(UTC).astimezone(tz), locale=loc)})"
