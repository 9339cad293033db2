"""Locale negotiation shared by the portal and the bot, and the content fallback chain."""

from __future__ import annotations

import pytest

from courses.i18n import (
    babel_id,
    bcp47,
    content_chain,
    display_name,
    parse_accept_language,
    pick_locale,
    text_direction,
)

LOCALES = ("zh-Hans", "zh-Hant", "en", "ru", "fr", "ar", "th")


@pytest.mark.parametrize(("tag", "expected"), [
    ("zh-CN", "zh-Hans"), ("zh-cn", "zh-Hans"), ("zh", "zh-Hans"), ("zh-SG", "zh-Hans"),
    ("zh-Hans-CN", "zh-Hans"), ("zh-TW", "zh-Hant"), ("zh-hk", "zh-Hant"), ("zh-Hant", "zh-Hant"),
    ("zh_TW", "zh-Hant"), ("ru-RU", "ru"), ("ru", "ru"), ("fr-CA", "fr"), ("ar-EG", "ar"), ("th-TH", "th"),
    ("en-GB", "en"), ("EN-us", "en"), ("de-DE", "en"), ("xx-!!", "en"), ("", "en"), ("-", "en"),
    ("a" * 200, "en"), ("kk-KZ", "en"), ("ru-XX", "ru"),
])
def test_pick_locale_maps_tags_to_configured_locales(tag: str, expected: str) -> None:
    assert pick_locale([tag], LOCALES, "en") == expected


def test_pick_locale_takes_the_first_usable_candidate() -> None:
    assert pick_locale([None, "xx", "th-TH", "ru"], LOCALES, "en") == "th"
    assert pick_locale([], LOCALES, "ru") == "ru"


def test_accept_language_is_ordered_by_quality() -> None:
    header = "de-DE;q=0.9, ru;q=0.8, zh-TW, *;q=0.1, en;q=0"
    assert parse_accept_language(header) == ["zh-TW", "de-DE", "ru"]
    assert pick_locale(parse_accept_language(header), LOCALES, "en") == "zh-Hant"


@pytest.mark.parametrize("header", [None, "", ";;;", "q=abc", "en;q=x.y.z", ",,,", "\x00\xff"])
def test_malformed_accept_language_never_raises(header: str | None) -> None:
    assert pick_locale(parse_accept_language(header), LOCALES, "en") in LOCALES


def test_content_falls_back_through_english_to_simplified_chinese() -> None:
    assert content_chain("ru") == ("ru", "en", "zh-Hans")
    assert content_chain("zh-Hant") == ("zh-Hant", "zh-Hans", "en")
    assert content_chain("en") == ("en", "zh-Hans")
    assert content_chain("zh-Hans") == ("zh-Hans", "en")


def test_directions_and_identifiers() -> None:
    assert text_direction("ar") == "rtl"
    assert text_direction("zh-Hant") == "ltr"
    assert babel_id("zh-Hans") == "zh_Hans" and bcp47("zh_Hant") == "zh-Hant"


def test_language_names_come_from_babel() -> None:
    assert display_name("ru", "zh-Hans") == "俄语"
    assert display_name("th", "th") == "ไทย"
    assert display_name("not a tag", "en") == "not a tag"
