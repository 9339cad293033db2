"""The content fallback chain, Traditional Chinese by conversion, and bases near a known point."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courses import catalogue
from courses.errors import InvalidInput
from courses.filtering import BaseFilters, CourseFilters
from courses.i18n import LocalizedText, localize
from courses.models import Base, BaseText, Course, CourseText, Provider, ProviderText
from courses.search import reindex_bases, reindex_courses, search
from courses.vocabulary import BaseKind, CourseKind, Delivery, ProviderKind, Status, Track

FALLBACK_CASES = [
    # (stored texts, requested locale, expected text, its locale, converted)
    ({"zh-Hans": "软件技术", "en": "Software"}, "zh-Hant", "軟體技術", "zh-Hant", True),  # Taiwan usage
    ({"zh-Hant": "軟體技術", "zh-Hans": "软件技术"}, "zh-Hant", "軟體技術", "zh-Hant", False),
    ({"zh-Hans": "护理", "en": "Nursing"}, "ar", "Nursing", "en", False),
    ({"zh-Hans": "护理"}, "ru", "护理", "zh-Hans", False),
    ({"zh-Hans": "护理", "ru": "Сестринское дело"}, "ru", "Сестринское дело", "ru", False),
    ({"en": "Nursing"}, "zh-Hant", "Nursing", "en", False),
    ({"en": "", "zh-Hans": "护理"}, "en", "护理", "zh-Hans", False),  # an empty text is no text
    ({"fr": "Soins"}, "en", None, None, False),
]


@pytest.mark.parametrize(("texts", "locale", "text", "text_locale", "converted"), FALLBACK_CASES)
def test_fallback_chain(
    texts: dict, locale: str, text: str | None, text_locale: str | None, converted: bool
) -> None:
    found = localize(texts, locale)
    if text is None:
        assert found is None
    else:
        assert found == LocalizedText(text, text_locale, converted)


async def _course(provider: Provider, texts: dict[str, str]) -> Course:
    course = await Course.create(
        key=f"c{len(texts)}-{next(iter(texts.values()))}",
        provider=provider,
        track=Track.ONLINE,
        major_category=51,
        kind=CourseKind.PROFESSIONAL,
        hours=32,
        credits=2,
        delivery=Delivery.ONLINE,
        status=Status.PUBLISHED,
    )
    for locale, title in texts.items():
        await CourseText.create(course=course, locale=locale, title=title, summary=f"{title} summary")
    return course


async def test_catalogue_marks_converted_and_fallback_texts(db: str) -> None:
    provider = await Provider.create(key="p", kind=ProviderKind.ENTERPRISE, country="CN")
    await ProviderText.create(provider=provider, locale="zh-Hans", name="软件学院")
    only_chinese = await _course(provider, {"zh-Hans": "软件技术"})
    both = await _course(provider, {"zh-Hans": "大数据技术", "en": "Big Data"})
    await reindex_courses()
    cards = {c.id: c for c in (await catalogue.list_courses(None, "zh-Hant")).items}
    assert cards[only_chinese.id].title == LocalizedText("軟體技術", "zh-Hant", converted=True)
    assert cards[only_chinese.id].provider_name == LocalizedText("軟體學院", "zh-Hant", converted=True)
    arabic = {c.id: c for c in (await catalogue.list_courses(None, "ar")).items}
    assert arabic[both.id].title == LocalizedText("Big Data", "en")
    assert arabic[only_chinese.id].title == LocalizedText("软件技术", "zh-Hans")
    # a Taiwan reader searches with the words the page showed them
    found = await search("軟體", "zh-Hant")
    assert [hit.id for hit in found.items] == [only_chinese.id]
    assert found.items[0].title.text == "軟體技術"


async def _base(
    key: str, lat: float | None, lon: float | None, name: str, status: Status = Status.PUBLISHED
) -> Base:
    base = await Base.create(
        key=key, kind=BaseKind.COMMUNITY_EDUCATION, country="CN", latitude=lat, longitude=lon, status=status
    )
    await BaseText.create(base=base, locale="en", name=name)
    return base


async def test_bases_near_a_point_are_ordered_by_distance(db: str) -> None:
    # Along the meridian through Tianjin: 0.01° of latitude is 1.112 km.
    origin = (39.0, 117.2)
    far = await _base("far", 40.0, 117.2, "Far")  # 111.195 km
    near = await _base("near", 39.01, 117.2, "Near")  # 1.112 km
    middle = await _base("middle", 39.1, 117.2, "Middle")  # 11.119 km
    tie = await _base("tie", 38.9, 117.2, "Tie")  # 11.119 km, south: ties go by id
    await _base("nowhere", None, None, "Unknown place")
    await _base("closed", 39.0, 117.2, "Closed", status=Status.ARCHIVED)
    await reindex_bases()
    nearest = await catalogue.nearest_bases(*origin, "en", limit=10)
    assert [b.id for b in nearest] == [near.id, middle.id, tie.id, far.id]
    assert [b.distance_km for b in nearest] == pytest.approx([1.112, 11.119, 11.119, 111.195], abs=0.002)
    within = await catalogue.list_bases(BaseFilters(near=origin, within_km=20), "en")
    assert [b.id for b in within.items] == [near.id, middle.id, tie.id] and within.total == 3
    page = await catalogue.list_bases(BaseFilters(near=origin), "en", per_page=2)
    rest = await catalogue.list_bases(BaseFilters(near=origin), "en", per_page=2, cursor=page.next_cursor)
    assert [b.id for b in page.items + rest.items] == [near.id, middle.id, tie.id, far.id]
    # across the antimeridian the great circle is short
    east = await _base("east", 0.0, 179.9, "East")
    west = await catalogue.nearest_bases(0.0, -179.9, "en", limit=1)
    assert west[0].id == east.id and west[0].distance_km == pytest.approx(22.239, abs=0.01)


@pytest.mark.parametrize(("latitude", "longitude"), [(91, 0), (0, 181), (float("nan"), 0), (0, float("inf"))])
async def test_a_point_off_the_earth_is_refused(db: str, latitude: float, longitude: float) -> None:
    with pytest.raises(InvalidInput):
        await catalogue.nearest_bases(latitude, longitude)


@pytest.mark.parametrize(
    "params",
    [
        {"track": "online,nope"},
        {"level": "best"},
        {"category": "40"},
        {"category": "x"},
        {"hsk": "0"},
        {"lang": "not a tag"},
        {"country": "CHN"},
        {"open": "maybe"},
        {"from": "2026-13-01"},
        {"from": "2026-12-01", "until": "2026-11-01"},
        {"audience": ["veterans", 3]},
        {"track": ["a"] * 50},
    ],
)
def test_bad_course_filters_are_invalid_input(params: dict) -> None:
    with pytest.raises(InvalidInput) as raised:
        CourseFilters.parse(params)
    assert raised.value.details.get("field")


@pytest.mark.parametrize(
    "params",
    [
        {"lat": "39"},
        {"lon": "117"},
        {"lat": "x", "lon": "1"},
        {"lat": "91", "lon": "0"},
        {"lat": "nan", "lon": "0"},
        {"lat": "1", "lon": "1", "within": "-5"},
        {"within": "far"},
        {"kind": "castle"},
        {"domain": "x"},
    ],
)
def test_bad_base_filters_are_invalid_input(params: dict) -> None:
    with pytest.raises(InvalidInput):
        BaseFilters.parse(params)


def test_filters_round_trip_through_query_strings() -> None:
    params = {
        "q": " 焊接 ",
        "track": ["online", "continuing"],
        "category": "46",
        "lang": "en",
        "hsk": "2,3",
        "partner_country": "th",
        "open": "yes",
        "from": "2026-12-01",
        "until": "2027-01-31",
    }
    filters = CourseFilters.parse(params)
    assert filters.q == "焊接" and filters.tracks == (Track.ONLINE, Track.CONTINUING)
    assert filters.partner_countries == ("TH",) and filters.hsk_levels == (2, 3)
    assert CourseFilters.parse(filters.to_params()) == filters
    assert CourseFilters.parse({"track": "", "q": "  "}).is_empty()


NAMES = [
    "q",
    "track",
    "level",
    "category",
    "kind",
    "delivery",
    "lang",
    "audience",
    "country",
    "province",
    "partner_country",
    "hsk",
    "open",
    "from",
    "until",
    "lat",
    "lon",
    "within",
    "city",
    "domain",
]


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(NAMES), st.one_of(st.text(max_size=40), st.lists(st.text(max_size=12))))
)
def test_any_query_string_parses_or_is_invalid_input(params: dict) -> None:
    for parse in (CourseFilters.parse, BaseFilters.parse):
        try:
            parse(params)
        except InvalidInput:
            pass
