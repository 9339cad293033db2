"""A partner's catalogue puts what serves its country first; one rule says when an intake is held abroad."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from courses.catalogue import get_course, held_outside, partner_catalogue, reader_country
from courses.models import (
    Base,
    Course,
    CourseCountry,
    CourseText,
    Intake,
    Partner,
    PartnerCourse,
    PartnerText,
    Provider,
)
from courses.vocabulary import BaseKind, CourseKind, Delivery, ProviderKind, Status, Track

NOW = datetime(2026, 12, 1, 8, tzinfo=UTC)
_serial = itertools.count(1)


async def _base(country: str, city: str, status: Status = Status.PUBLISHED) -> Base:
    return await Base.create(key=f"b{next(_serial)}", kind=BaseKind.LUBAN_WORKSHOP, country=country, city=city,
                             status=status)


async def _course(provider: Provider, *, delivery: Delivery = Delivery.ON_SITE, countries: tuple[str, ...] = (),
                  place: Base | None = None, texts: tuple[str, ...] = ("en", "th")) -> Course:
    n = next(_serial)
    course = await Course.create(key=f"c{n}", provider=provider, track=Track.CHINESE_PLUS if countries
                                 else Track.CONTINUING, major_category=46, kind=CourseKind.PROFESSIONAL,
                                 hours=64, credits=Decimal("4.0"), delivery=delivery, status=Status.PUBLISHED)
    for locale in texts:
        await CourseText.create(course=course, locale=locale, title=f"{locale} course {n}")
    for country in countries:
        await CourseCountry.create(course=course, country=country)
    await Intake.create(course=course, base=place, starts_at=NOW + timedelta(days=20), capacity=20)
    return course


@pytest.fixture
async def catalogue(db: str) -> dict[str, Course]:
    """A Thai partner whose selection holds a course for Thailand held in Cairo, one held in Bangkok,
    an online one and one held in Nanjing; two more programmes for Thailand are outside its selection."""
    provider = await Provider.create(key="p", kind=ProviderKind.HIGHER_VOCATIONAL_COLLEGE, country="CN")
    cairo, bangkok, nanjing = await _base("EG", "Cairo"), await _base("TH", "Bangkok"), await _base("CN", "Nanjing")
    courses = {
        "nanjing": await _course(provider, place=nanjing),
        "for_th_in_cairo": await _course(provider, countries=("TH", "EG"), place=cairo),
        "bangkok": await _course(provider, place=bangkok),
        "online": await _course(provider, delivery=Delivery.ONLINE),
        "more_in_english": await _course(provider, countries=("TH",), place=bangkok, texts=("en",)),
        "more_in_thai": await _course(provider, countries=("TH",), place=bangkok),
    }
    partner = await Partner.create(slug="luban-th", country="TH", locales="th,en")
    await PartnerText.create(partner=partner, locale="th", name="ลู่ปัน", intro="ยินดีต้อนรับ")
    for position, key in enumerate(("nanjing", "for_th_in_cairo", "bangkok", "online")):
        await PartnerCourse.create(partner=partner, course=courses[key], position=position)
    return courses


async def test_what_serves_the_country_comes_first_and_the_rest_under_its_own_heading(
        catalogue: dict[str, Course]) -> None:
    page = await partner_catalogue("luban-th", now=NOW)
    ids = {course.id: key for key, course in catalogue.items()}
    assert [ids[c.id] for c in page.courses] == [
        "for_th_in_cairo", "bangkok", "online",  # the selection, in the partner's order
        "more_in_thai", "more_in_english",  # then the country's programmes, in the partner's language first
    ]
    assert [ids[c.id] for c in page.elsewhere] == ["nanjing"]
    assert page.intro is not None and page.intro.text == "ยินดีต้อนรับ"
    assert page.contact.empty and page.logo is None


async def test_a_partner_with_no_selection_still_lists_its_country_programmes(catalogue: dict[str, Course]) -> None:
    await PartnerCourse.all().delete()
    page = await partner_catalogue("luban-th", "en", now=NOW)
    assert {c.id for c in page.courses} == {catalogue["more_in_thai"].id, catalogue["more_in_english"].id,
                                            catalogue["for_th_in_cairo"].id}
    assert page.elsewhere == ()


async def test_held_outside_is_decided_by_the_place_country(catalogue: dict[str, Course]) -> None:
    cairo = (await get_course(catalogue["for_th_in_cairo"].id, "th", now=NOW)).intakes[0]
    assert (cairo.base_country, cairo.base_city) == ("EG", "Cairo")
    assert held_outside(cairo, "TH") and held_outside(cairo, "th")
    assert not held_outside(cairo, "EG")
    online = (await get_course(catalogue["online"].id, "th", now=NOW)).intakes[0]
    assert online.base_id is None and not held_outside(online, "TH")
    bangkok = (await get_course(catalogue["bangkok"].id, "th", now=NOW)).intakes[0]
    assert not held_outside(bangkok, "TH") and held_outside(bangkok, "CN")


async def test_an_unpublished_place_is_not_claimed_to_be_abroad(catalogue: dict[str, Course]) -> None:
    await Base.filter(city="Cairo").update(status=Status.DRAFT)
    cairo = (await get_course(catalogue["for_th_in_cairo"].id, "th", now=NOW)).intakes[0]
    assert cairo.base_id is None and cairo.base_country is None and not held_outside(cairo, "TH")


@pytest.mark.parametrize(("locale", "partner", "country"), [
    ("th", None, "TH"), ("ar", None, "EG"), ("ru", None, "RU"), ("fr", None, "FR"),
    ("en", None, "CN"), ("zh-Hans", None, "CN"), ("zh-Hant", None, "CN"),
    ("ru", "KZ", "KZ"), ("en", "th", "TH"),
])
def test_the_reader_country_is_the_partner_s_else_the_language_s(locale: str, partner: str | None,
                                                                country: str) -> None:
    assert reader_country(locale, partner) == country
