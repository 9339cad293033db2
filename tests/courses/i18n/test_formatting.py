"""The Babel formatting both faces render from."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from courses.i18n import (
    clipped,
    country_name,
    format_day,
    format_distance,
    format_moment,
    format_money,
    format_number,
    time_zone,
    zone_name,
)

MOMENT = datetime(2026, 12, 5, 1, 0, tzinfo=UTC)


def test_a_moment_is_on_the_named_clock_of_its_zone() -> None:
    assert format_moment(MOMENT, "Asia/Shanghai", "en") == "Dec 5, 2026, 9:00\u202fAM (China Time)"


@pytest.mark.parametrize("zone", [None, "", "Not/AZone", "../etc"])
def test_a_missing_or_unknown_zone_reads_as_utc(zone: str | None) -> None:
    assert time_zone(zone) is None
    assert format_moment(MOMENT, zone, "en") == format_moment(MOMENT, "UTC", "en")
    assert format_day(MOMENT, zone, "en") == "Dec 5, 2026"


@pytest.mark.parametrize(("locale", "name"), [("en", "Coordinated Universal Time"), ("zh-Hans", "协调世界时")])
def test_utc_is_named_as_readers_know_it(locale: str, name: str) -> None:
    # CLDR's generic name for UTC is "Unknown Region (UTC) Time"; nobody calls it that.
    assert format_moment(MOMENT, None, locale).endswith(f"({name})")


def test_the_day_is_the_day_on_the_zone_s_clock() -> None:
    late = datetime(2026, 12, 5, 20, 0, tzinfo=UTC)
    assert format_day(late, "Asia/Shanghai", "en") == "Dec 6, 2026"


def test_numbers_and_money_follow_the_locale() -> None:
    assert format_number(Decimal("1234.5"), "en") == "1,234.5"
    assert format_number(Decimal("1234.5"), "fr") == "1\u202f234,5"
    assert format_money(Decimal("1200"), "CNY", "en") == "CN¥1,200.00"


def test_prices_are_written_in_each_locale_s_own_form() -> None:
    # Arabic keeps the Latin digits its dates and hours on the same page use (Babel's default for ``ar``),
    # with the amount first and a right-to-left mark, as Arabic price tags read.
    assert format_money(Decimal("120"), "CNY", "ar") == "\u200f120.00\xa0CN¥"
    assert format_money(Decimal("120"), "CNY", "zh-Hans") == "¥120.00"
    assert format_money(Decimal("120"), "CNY", "fr") == "120,00\xa0CNY"
    assert format_money(Decimal("120"), "CNY", "th") == "CN¥120.00"


def test_distances_under_a_kilometre_are_in_metres() -> None:
    assert format_distance(0.4321, "en") == "432 m"
    assert format_distance(12.345, "en") == "12.3 km"


def test_countries_and_zones_are_named_in_the_locale() -> None:
    assert country_name("th", "ru") == "Таиланд"
    assert country_name("XX", "en") == "XX"
    assert zone_name("Asia/Bangkok", "ru").startswith("Бангкок (")
    assert zone_name("Not/AZone", "en") == "Not/AZone"


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("焊接技术与自动化", 20, "焊接技术与自动化"),  # short enough: as it is
    ("焊接技术与自动化", 5, "焊接技术…"),
    ("ช่างไฟฟ้าช่างไฟฟ้า", 5, "ช่าง…"),  # ช่ is one character on screen: its marks stay with it
    ("👨‍👩‍👧‍👦👨‍👩‍👧‍👦 family", 9, "👨‍👩‍👧‍👦…"),  # a family of four code points joined is one
    ("a👍b👍c👍d", 4, "a👍…"),  # outside the BMP: ICU's UTF-16 offsets are not Python's
    ("Welding and automation", 9, "Welding…"),  # no space before the ellipsis
])
def test_a_clipped_text_is_cut_between_the_characters_a_reader_sees(text: str, limit: int, expected: str) -> None:
    assert clipped(text, limit) == expected
    assert len(clipped(text, limit)) <= limit
