"""Dates and times as a learner reads them: in a named time zone, in their language (Babel)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_name

from courses.i18n.locales import babel_id

__all__ = ["moment", "zone_or_utc"]


@lru_cache(maxsize=64)
def _babel(locale: str) -> Locale:
    return Locale.parse(babel_id(locale))


def zone_or_utc(zone: str | None) -> ZoneInfo:
    """The IANA zone named ``zone``; UTC for nothing or a name the system does not know."""
    try:
        return ZoneInfo(zone) if zone else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def moment(value: datetime, zone: str | None, locale: str) -> str:
    """A date and time in ``zone``, with the zone's name: ``5 Dec 2026, 09:00 (China Standard Time)``.

    A learner abroad sees whose clock the time is on.
    """
    tz = zone_or_utc(zone)
    loc = _babel(locale)
    local = value.astimezone(tz)
    # The locale's own way of joining a medium date and a short time ("{1}, {0}" in English).
    joined = str(loc.datetime_formats["medium"]).replace("{1}", format_date(local, "medium", locale=loc)) \
        .replace("{0}", format_time(local, "short", locale=loc))
    return f"{joined} ({get_timezone_name(tz, locale=loc)})"
