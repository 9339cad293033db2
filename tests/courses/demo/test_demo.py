"""The demo catalogue is complete, realistic and deterministic."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tortoise.transactions import in_transaction

from courses import demo
from courses.catalogue import catalogue_stats
from courses.models import Base, Course, CourseCountry, CourseText, Intake, Partner, PartnerText
from courses.partners import check_logo
from courses.reach_models import PartnerLogo
from courses.vocabulary import BaseKind, Level, Track

NOW = datetime(2026, 11, 29, 8, tzinfo=UTC)


async def load_demo(scale: int = demo.DEFAULT_SCALE) -> None:
    async with in_transaction() as conn:
        await demo.load(conn, demo.generate(scale, now=NOW))


async def test_demo_covers_every_track_level_and_base_kind(db: str) -> None:
    await load_demo()
    stats = await catalogue_stats()
    assert stats.courses == demo.DEFAULT_SCALE
    assert set(stats.published_by_track) == {t.value for t in Track}
    assert all(stats.published_by_track[t.value] > 0 for t in Track)
    assert set(stats.by_level) == {level.value for level in Level}
    assert set(stats.bases_by_kind) == {kind.value for kind in BaseKind}
    assert 70 <= await Base.all().count() <= 100
    # zh-Hans and en for everything, and a good share in at least four more languages
    assert stats.course_texts_by_locale["zh-Hans"] == stats.course_texts_by_locale["en"] == demo.DEFAULT_SCALE
    assert {locale for locale, n in stats.course_texts_by_locale.items() if n >= 20} >= {
        "zh-Hans", "en", "ru", "fr", "ar", "th"}
    assert await Partner.all().count() >= 5


async def test_demo_has_full_intakes_with_waitlists_and_self_paced_ones(db: str) -> None:
    await load_demo()
    assert (await catalogue_stats()).enrollments_by_status.get("waitlisted", 0) > 0
    assert await Intake.filter(capacity=None).count() > 0
    full = [i for i in await Intake.exclude(capacity=None) if i.seats_taken == i.capacity]
    assert full, "some intakes are full"
    for intake in full:
        enrolled = await intake.enrollments.filter(status="enrolled").count()
        assert enrolled == intake.capacity


async def test_chinese_plus_programmes_speak_the_partner_language(db: str) -> None:
    await load_demo()
    thai = await CourseCountry.filter(country="TH").values_list("course_id", flat=True)
    assert thai
    thai_texts = await CourseText.filter(course_id__in=thai, locale="th").count()
    assert thai_texts > 0
    luban = await Base.filter(kind=BaseKind.LUBAN_WORKSHOP).values_list("country", flat=True)
    assert {"TH", "KZ", "EG", "KE", "DJ"} <= set(luban)
    welding = await CourseText.filter(locale="zh-Hans", title__contains="焊接技术与自动化").count()
    assert welding > 0


def test_demo_is_deterministic() -> None:
    first = demo.generate(500, seed=7, now=NOW)
    second = demo.generate(500, seed=7, now=NOW)
    other = demo.generate(500, seed=8, now=NOW)
    assert first.tables == second.tables
    assert first.tables != other.tables


async def test_demo_refuses_a_catalogue_that_is_not_empty(db: str) -> None:
    await load_demo(50)
    with pytest.raises(demo.CatalogueNotEmpty):
        async with in_transaction() as conn:
            await demo.load(conn, demo.generate(50, now=NOW))
    assert await Course.all().count() == 50


async def test_every_programme_and_course_offered_in_a_partner_country_speaks_its_language(db: str) -> None:
    await load_demo()
    partner_locale = {p["country"]: p["locales"].split(",")[0] for p in demo.content.PARTNERS}
    texts: dict[int, set[str]] = {}
    for course_id, locale in await CourseText.all().values_list("course_id", "locale"):
        texts.setdefault(course_id, set()).add(locale)
    served: dict[int, set[str]] = {}
    for course_id, country in await CourseCountry.all().values_list("course_id", "country"):
        served.setdefault(course_id, set()).add(country)
    for course_id, country in await Intake.exclude(base_id=None).values_list("course_id", "base__country"):
        if country != "CN":
            served.setdefault(course_id, set()).add(country)
    chinese_plus = set(await Course.filter(track=Track.CHINESE_PLUS).values_list("id", flat=True))
    assert chinese_plus and chinese_plus <= set(served)
    missing = [(course_id, country) for course_id, countries in served.items() for country in countries
               if partner_locale[country] not in texts[course_id]]
    assert missing == []


async def test_a_third_of_the_other_courses_is_written_in_each_partner_language(db: str) -> None:
    await load_demo()
    others = set(await Course.exclude(track=Track.CHINESE_PLUS).values_list("id", flat=True))
    for locale in ("ru", "fr", "ar", "th"):
        written = await CourseText.filter(course_id__in=others, locale=locale).count()
        assert 0.28 <= written / len(others) <= 0.42, (locale, written, len(others))


async def test_demo_partners_have_an_introduction_in_each_of_their_languages_contact_and_a_logo(db: str) -> None:
    await load_demo(50)
    for partner in await Partner.all():
        intros = {t.locale: t.intro for t in await PartnerText.filter(partner=partner)}
        assert set(intros) == set(partner.locales.split(",")) and all(intros.values())
        assert partner.email and partner.phone and partner.address and partner.website
        logo = await PartnerLogo.get(partner=partner)
        assert check_logo(bytes(logo.data), logo.content_type, "logo.svg").digest == logo.digest
