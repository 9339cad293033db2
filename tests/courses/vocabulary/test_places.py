"""Place names in every locale: the table covers every place of the demo and every province of China."""

from __future__ import annotations

from courses.demo import content
from courses.i18n import place_line
from courses.vocabulary import place_name, place_names

LOCALES = ("zh-Hans", "zh-Hant", "en", "ru", "fr", "ar", "th")
PROVINCIAL_DIVISIONS = 34  # 23 provinces, 5 autonomous regions, 4 municipalities, 2 special regions


def test_every_place_of_the_demo_is_named_in_every_locale() -> None:
    stored = {province["en"] for province, _, _, _ in content.CHINA_PLACES}
    stored |= {city["en"] for _, city, _, _ in content.CHINA_PLACES}
    stored |= {city["en"] for _, city, _, _ in content.OVERSEAS_PLACES}
    missing = [(place, locale) for place in sorted(stored) for locale in LOCALES
               if place not in place_names() or not place_names()[place].get(locale)]
    assert missing == []


def test_every_province_of_china_is_in_the_table() -> None:
    provinces = {place_name(p, "zh-Hans", province=True) for p in place_names()}
    assert len([p for p in provinces if p.endswith(("省", "市", "自治区", "特别行政区"))]) >= PROVINCIAL_DIVISIONS


def test_names_follow_the_reader() -> None:
    assert place_name("Bangkok", "th") == "กรุงเทพมหานคร"
    assert place_name("Nanjing", "ru") == "Нанкин"
    assert place_name("Jiangsu", "zh-Hant", province=True) == "江蘇省"
    assert place_name("Tianjin", "zh-Hans") == "天津"
    assert place_name("Tianjin", "zh-Hans", province=True) == "天津市"
    assert place_name("Somewhere Imported", "ar") == "Somewhere Imported"
    assert place_name(None, "en") == ""


def test_a_place_line_is_written_the_locale_s_way() -> None:
    assert place_line("Nanjing", "Jiangsu", "CN", "en") == "Nanjing, Jiangsu, China"
    assert place_line("Nanjing", "Jiangsu", "CN", "zh-Hans") == "中国江苏省南京"
    assert place_line("Tianjin", "Tianjin", "CN", "zh-Hans") == "中国天津"
    assert place_line("Cairo", None, "EG", "ar") == "القاهرة، مصر"
    assert place_line("Bangkok", None, "TH", "th") == "กรุงเทพมหานคร ไทย"
