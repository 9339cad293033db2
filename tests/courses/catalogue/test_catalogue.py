"""Catalogue lists over the demo data: filters, facets, paging, details and partner selections."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import pytest

from courses import catalogue
from courses.errors import InvalidInput, NotFound
from courses.filtering import CourseFilters
from courses.models import (
    Course,
    CourseAudience,
    CourseCountry,
    CourseLanguage,
    Intake,
    Partner,
    PartnerCourse,
)
from courses.storage import database
from courses.vocabulary import Audience, Level, Status, Track
from tests.courses.demo_database import NOW, drop_demo_database, make_demo_database


@pytest.fixture(scope="module")
def demo_url(migrated_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = make_demo_database(migrated_url, tmp_path_factory.mktemp("catalogue"))
    yield url
    drop_demo_database(url)


@pytest.fixture
async def demo(demo_url: str) -> AsyncIterator[str]:
    async with database(demo_url):
        yield demo_url


async def _all_ids(filters: CourseFilters | None = None) -> list[int]:
    ids: list[int] = []
    page = await catalogue.list_courses(filters, "en", per_page=37, now=NOW)
    ids += [card.id for card in page.items]
    while page.next_cursor:
        page = await catalogue.list_courses(filters, "en", cursor=page.next_cursor, per_page=37, now=NOW)
        ids += [card.id for card in page.items]
    return ids


async def test_lists_published_courses_newest_first_across_cursor_pages(demo: str) -> None:
    published = await Course.filter(status=Status.PUBLISHED).order_by("-id").values_list("id", flat=True)
    assert await _all_ids() == list(published)
    first = await catalogue.list_courses(None, "en", now=NOW)
    assert first.total == len(published)
    assert (first.page, first.pages) == (1, -(-len(published) // 20))


async def test_page_numbers_and_cursors_agree(demo: str) -> None:
    second = await catalogue.list_courses(None, "en", page=2, now=NOW)
    first = await catalogue.list_courses(None, "en", now=NOW)
    by_cursor = await catalogue.list_courses(None, "en", cursor=first.next_cursor, now=NOW)
    assert [c.id for c in by_cursor.items] == [c.id for c in second.items]
    assert by_cursor.page == 2
    past_the_end = await catalogue.list_courses(None, "en", page=first.pages + 1, now=NOW)
    assert past_the_end.items == () and past_the_end.total == first.total and not past_the_end.has_next


@pytest.mark.parametrize(
    "cursor", ["", "k", "kabc", "k12", "k12p0", "o12", "x5", "k" + "9" * 30 + "p2", "k-1p2", "k5p2x"]
)
async def test_malformed_cursors_are_refused(demo: str, cursor: str) -> None:
    with pytest.raises(InvalidInput):
        await catalogue.list_courses(None, "en", cursor=cursor, now=NOW)


@pytest.mark.parametrize(("page", "per_page"), [(0, 20), (1, 0), (1, 101), (10**9, 20)])
async def test_bad_paging_is_refused(demo: str, page: int, per_page: int) -> None:
    with pytest.raises(InvalidInput):
        await catalogue.list_courses(None, "en", page=page, per_page=per_page, now=NOW)


FILTER_CASES = [
    (
        {"track": "online", "level": "national"},
        lambda c: c.track is Track.ONLINE and c.level is Level.NATIONAL,
    ),
    ({"category": "46,52"}, lambda c: c.major_category in (46, 52)),
    ({"kind": "foundation"}, lambda c: c.kind == "foundation"),
    ({"delivery": "blended"}, lambda c: c.delivery == "blended"),
    ({"lang": "en"}, lambda c: "en" in c.languages),
    ({"audience": "older_adults"}, lambda c: Audience.OLDER_ADULTS in c.audiences),
    ({"partner_country": "th", "hsk": "3"}, lambda c: "TH" in c.countries and c.hsk_level == 3),
    ({"open": "yes"}, lambda c: c.has_open_seats),
]


@pytest.mark.parametrize(("params", "holds"), FILTER_CASES, ids=[str(p) for p, _ in FILTER_CASES])
async def test_filters_narrow_the_list(demo: str, params: dict, holds) -> None:  # noqa: ANN001
    filters = CourseFilters.parse(params)
    page = await catalogue.list_courses(filters, "en", per_page=100, now=NOW)
    everything = await catalogue.list_courses(None, "en", now=NOW)
    assert 0 < page.total < everything.total
    assert all(holds(card) for card in page.items)
    assert len(await _all_ids(filters)) == page.total


async def test_filters_by_tag_tables_match_the_rows(demo: str) -> None:
    english = set(
        await CourseLanguage.filter(language="en", course__status=Status.PUBLISHED).values_list(
            "course_id", flat=True
        )
    )
    assert set(await _all_ids(CourseFilters.parse({"lang": "en"}))) == english
    thai = set(
        await CourseCountry.filter(country="TH", course__status=Status.PUBLISHED).values_list(
            "course_id", flat=True
        )
    )
    assert set(await _all_ids(CourseFilters.parse({"partner_country": "TH"}))) == thai
    elders = set(
        await CourseAudience.filter(audience="older_adults", course__status=Status.PUBLISHED).values_list(
            "course_id", flat=True
        )
    )
    assert set(await _all_ids(CourseFilters.parse({"audience": "older_adults"}))) == elders


async def test_intake_window_and_provider_place(demo: str) -> None:
    start, end = NOW + timedelta(days=30), NOW + timedelta(days=60)
    window = CourseFilters(starts_from=start, starts_until=end)
    expected = set(
        await Intake.filter(
            starts_at__gte=start, starts_at__lte=end, course__status=Status.PUBLISHED
        ).values_list("course_id", flat=True)
    )
    assert set(await _all_ids(window)) == expected
    jiangsu = set(
        await Course.filter(provider__province="Jiangsu", status=Status.PUBLISHED).values_list(
            "id", flat=True
        )
    )
    assert jiangsu and set(await _all_ids(CourseFilters.parse({"province": "Jiangsu"}))) == jiangsu
    abroad = await _all_ids(CourseFilters.parse({"country": "TH"}))
    assert abroad and all(c.track is Track.CHINESE_PLUS for c in await catalogue.get_courses(abroad, now=NOW))


async def test_open_seats_means_an_open_intake_with_a_free_seat(demo: str) -> None:
    full = await Intake.filter(capacity__not_isnull=True).order_by("id")
    full = [i for i in full if i.seats_taken >= i.capacity]
    assert full
    ids = set(await _all_ids(CourseFilters(open_seats=True)))
    for intake in full:
        others = await Intake.filter(course_id=intake.course_id).exclude(id=intake.id)
        if not others:
            assert intake.course_id not in ids


async def test_facets_count_what_each_choice_would_show(demo: str) -> None:
    filters = CourseFilters.parse({"track": "online", "category": "46"})
    facets = await catalogue.course_facets(filters, now=NOW)
    assert facets.total == (await catalogue.list_courses(filters, "en", now=NOW)).total
    tracks = {v.value: v for v in facets["track"]}
    assert tracks["online"].selected and tracks["online"].count == facets.total
    # the track counts ignore the chosen track, so they show what another track would give
    continuing = await catalogue.list_courses(
        CourseFilters.parse({"track": "continuing", "category": "46"}), "en", now=NOW
    )
    assert tracks["continuing"].count == continuing.total
    categories = {v.value: v.count for v in facets["category"]}
    assert (
        sum(categories.values())
        == (await catalogue.list_courses(CourseFilters.parse({"track": "online"}), "en", now=NOW)).total
    )
    assert facets["open"][0].count <= facets.total


async def test_facets_asked_for_some_filters_count_those_as_all_filters_would(demo: str) -> None:
    filters = CourseFilters.parse({"track": "online", "lang": "en"})
    every = await catalogue.course_facets(filters, now=NOW)
    some = await catalogue.course_facets(filters, now=NOW, only={"track", "lang"})
    assert some.total == every.total
    assert some["track"] == every["track"] and some["lang"] == every["lang"] and every["lang"]
    assert every["category"] and every["open"]
    assert some["category"] == () and some["open"] == ()


async def test_facets_follow_a_search(demo: str) -> None:
    filters = CourseFilters(q="焊接")
    facets = await catalogue.course_facets(filters, now=NOW)
    listed = await catalogue.list_courses(filters, "en", per_page=100, now=NOW)
    assert facets.total == listed.total > 0
    assert {v.value for v in facets["track"]} <= {"online", "continuing", "chinese_plus"}


async def test_a_searched_list_pages_by_relevance(demo: str) -> None:
    filters = CourseFilters(q="welding")
    first = await catalogue.list_courses(filters, "en", per_page=3, now=NOW)
    assert first.total > 3 and first.next_cursor
    second = await catalogue.list_courses(filters, "en", cursor=first.next_cursor, per_page=3, now=NOW)
    assert second.page == 2
    assert not {c.id for c in first.items} & {c.id for c in second.items}


async def test_course_detail_has_intakes_with_seats_and_waitlists(demo: str) -> None:
    full = next(
        i
        for i in await Intake.filter(capacity__not_isnull=True).order_by("id")
        if i.seats_taken >= i.capacity
    )
    detail = await catalogue.get_course(full.course_id, "ru", now=NOW)
    view = next(i for i in detail.intakes if i.id == full.id)
    assert view.seats_left == 0 and view.full and view.waitlist_length > 0
    assert [i.starts_at for i in detail.intakes] == sorted(i.starts_at for i in detail.intakes)
    assert "zh-Hans" in detail.locales and "en" in detail.locales
    unlimited = await Intake.filter(capacity__isnull=True).first()
    assert (
        next(
            i
            for i in (await catalogue.get_course(unlimited.course_id, now=NOW)).intakes
            if i.id == unlimited.id
        ).seats_left
        is None
    )


async def test_unpublished_and_missing_courses_are_not_found(demo: str) -> None:
    draft = await Course.exclude(status=Status.PUBLISHED).first()
    with pytest.raises(NotFound):
        await catalogue.get_course(draft.id, now=NOW)
    preview = await catalogue.get_course(draft.id, now=NOW, include_unpublished=True)
    assert preview.id == draft.id and not any(i.open for i in preview.intakes)
    for missing in (0, -1, 10**12, 999_999):
        with pytest.raises(NotFound):
            await catalogue.get_course(missing, now=NOW)
    assert await catalogue.get_courses([draft.id, 999_999], now=NOW) == []


async def test_chinese_plus_by_partner_country_and_hsk(demo: str) -> None:
    page = await catalogue.list_chinese_plus(
        "th", partner_countries=("th",), hsk_levels=(1, 2), per_page=100, now=NOW
    )
    assert page.total > 0
    assert all(
        c.track is Track.CHINESE_PLUS and "TH" in c.countries and c.hsk_level in (1, 2) for c in page.items
    )
    thai = await catalogue.list_chinese_plus("th", partner_countries=("TH",), per_page=100, now=NOW)
    assert thai.total > page.total
    assert any(c.title.locale == "th" for c in thai.items)


async def test_partner_catalogue_keeps_the_partner_order_and_locale(demo: str) -> None:
    partner = await Partner.get(slug="luban-thailand")
    chosen = (
        await PartnerCourse.filter(partner=partner).order_by("position").values_list("course_id", flat=True)
    )
    selection = await catalogue.partner_catalogue("luban-thailand", now=NOW)
    assert selection.locale == "th" and selection.name.text == "ลู่ปันเวิร์กช็อปประเทศไทย"
    # The selection serves Thailand, so it leads in the partner's order; the country's other programmes follow.
    assert [c.id for c in selection.courses][:len(chosen)] == list(chosen)
    assert selection.elsewhere == ()
    more = selection.courses[len(chosen):]
    assert more and all("TH" in c.countries for c in more)
    in_russian = await catalogue.partner_catalogue("luban-thailand", "ru", now=NOW)
    assert in_russian.name.locale == "en"  # no Russian name: the chain falls back to English
    with pytest.raises(NotFound):
        await catalogue.partner_catalogue("no-such-partner")


async def test_bases_are_listed_filtered_and_detailed(demo: str) -> None:
    luban = await catalogue.list_bases(
        catalogue.BaseFilters.parse({"kind": "luban_workshop", "country": "TH"}), "th"
    )
    assert luban.total == 2 and all(b.country == "TH" for b in luban.items)
    assert all(b.name.locale == "th" for b in luban.items)
    facets = await catalogue.base_facets()
    assert sum(v.count for v in facets["kind"]) == facets.total
    detail = await catalogue.get_base(luban.items[0].id, "en", now=NOW)
    assert detail.card.id == luban.items[0].id
    with pytest.raises(NotFound):
        await catalogue.get_base(999_999)
    searched = await catalogue.list_bases(catalogue.BaseFilters(q="鲁班"), "en")
    assert searched.total > 0 and all(b.kind == "luban_workshop" for b in searched.items)
