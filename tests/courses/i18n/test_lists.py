"""Lists in the locale's own form (Babel's format_list), not Latin commas everywhere."""

from __future__ import annotations

from courses.i18n import format_items


def test_lists_use_the_locale_s_separators() -> None:
    assert format_items(["A", "B", "C"], "en") == "A, B, and C"
    assert format_items(["甲", "乙", "丙"], "zh-Hans") == "甲、乙和丙"
    assert format_items(["أ", "ب", "ج"], "ar") == "أ وب وج"
    assert format_items([], "fr") == ""
