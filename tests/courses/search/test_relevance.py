"""What a learner types, in their own words, and what must come first: on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from courses.catalogue import list_courses
from courses.filtering import CourseFilters
from courses.search import HitKind, MatchKind, search
from courses.storage import database
from tests.courses.demo_database import NOW, drop_demo_database, make_demo_database


@pytest.fixture(scope="module")
def demo_url(migrated_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = make_demo_database(migrated_url, tmp_path_factory.mktemp("relevance"))
    yield url
    drop_demo_database(url)


@pytest.fixture
async def catalogue(demo_url: str) -> AsyncIterator[str]:
    async with database(demo_url):
        yield demo_url


# (query, locale of the page, what the first hit's zh-Hans title contains, its kind)
RELEVANCE = [
    # job titles and trades → the subject (the synonym table)
    ("电工", "zh-Hans", "电气", HitKind.COURSE),
    ("护士", "zh-Hans", "护理", HitKind.COURSE),
    ("汽修", "zh-Hans", "汽车检测与维修", HitKind.COURSE),
    ("electrician", "en", "电气", HitKind.COURSE),
    ("электрик", "ru", "电气", HitKind.COURSE),
    ("électricien", "fr", "电气", HitKind.COURSE),
    ("كهربائي", "ar", "电气", HitKind.COURSE),
    ("nurse", "en", "护理", HitKind.COURSE),
    ("infirmière", "fr", "护理", HitKind.COURSE),
    ("soudeur", "fr", "焊接", HitKind.CHINESE_PLUS),
    ("電工", "zh-Hant", "电气", HitKind.COURSE),  # the table applies in Traditional too
    # Arabic without the article, with glued particles, letter variants, diacritics, tatweel
    ("كهرباء", "ar", "电气", HitKind.COURSE),
    ("بالكهرباء", "ar", "电气", HitKind.COURSE),
    ("تمريض", "ar", "护理", HitKind.COURSE),
    ("التَّمْرِيض", "ar", "护理", HitKind.COURSE),
    ("التمـريض", "ar", "护理", HitKind.COURSE),
    # Russian, French and English word forms (Snowball stems)
    ("сварку", "ru", "焊接", HitKind.CHINESE_PLUS),
    ("сварки", "ru", "焊接", HitKind.CHINESE_PLUS),
    ("сестринского", "ru", "护理", HitKind.COURSE),
    ("infirmier", "fr", "护理", HitKind.COURSE),
    ("soin", "fr", "护理", HitKind.COURSE),
    ("nursed", "en", "护理", HitKind.COURSE),
    # Thai without spaces (ICU's word breaks)
    ("การพยาบาล", "th", "护理", HitKind.COURSE),
    ("พยาบาล", "th", "护理", HitKind.COURSE),
    ("ช่างไฟฟ้ากรุงเทพ", "th", "电气", HitKind.COURSE),  # "electrician Bangkok", no space, as Thai is written
    ("ไฟฟ้ากรุงเทพมหานคร", "th", "电气", HitKind.COURSE),
    # Chinese, Traditional, pinyin and typos keep working
    ("焊接", "zh-Hans", "焊接", HitKind.COURSE),
    ("護理", "zh-Hant", "护理", HitKind.COURSE),
    ("hanjie", "zh-Hans", "焊接", HitKind.COURSE),
    ("weldng", "en", "焊接", HitKind.COURSE),
    ("nursnig", "en", "护理", HitKind.COURSE),  # two letters swapped: one slip, not two
    # all words > one word
    ("welding automation", "en", "焊接技术与自动化", HitKind.COURSE),
    ("焊接 自动化", "zh-Hans", "焊接技术与自动化", HitKind.COURSE),
    # learning centres by name and kind
    ("Luban Workshop", "en", "鲁班工坊", HitKind.BASE),
    ("老年大学", "zh-Hans", "老年大学", HitKind.BASE),
]


@pytest.mark.parametrize(("query", "locale", "title", "kind"), RELEVANCE, ids=[c[0] for c in RELEVANCE])
async def test_first_result(catalogue: str, query: str, locale: str, title: str, kind: HitKind) -> None:
    results = await search(query, locale, per_page=5)
    assert results.total >= 1, query
    best = (await search(query, "zh-Hans", per_page=1)).items[0]
    assert best.kind is kind
    assert title in best.title.text


async def test_words_are_ored_and_ranked_by_how_many_match(catalogue: str) -> None:
    welding = await search("welding", "en", per_page=1)
    nursing = await search("nursing", "en", per_page=1)
    both = await search("welding nursing", "en", per_page=100)
    assert both.total >= max(welding.total, nursing.total)
    assert both.total <= welding.total + nursing.total
    automation = await search("welding automation", "zh-Hans", per_page=100)
    assert "焊接技术与自动化" in automation.items[0].title.text  # both words
    assert automation.total >= welding.total  # either word


async def test_a_thai_run_found_whole_stays_one_phrase(catalogue: str) -> None:
    # Found as a phrase (nursing, ICU's การ | พยาบาล): not widened to every course with การ in it.
    together = await search("การพยาบาล", "th", per_page=1)
    apart = await search("การ พยาบาล", "th", per_page=1)
    assert 0 < together.total < apart.total
    # Found nowhere whole: word by word, as if spaced.
    unspaced = await search("ช่างไฟฟ้ากรุงเทพ", "th", per_page=1)
    spaced = await search("ช่างไฟฟ้า กรุงเทพ", "th", per_page=1)
    assert unspaced.total == spaced.total > 0


async def test_title_before_summary_before_typo(catalogue: str) -> None:
    results = await search("天津", "zh-Hans", per_page=100)
    order = [MatchKind.TITLE, MatchKind.SUMMARY, MatchKind.FUZZY]
    ranks = [order.index(hit.match) for hit in results.items]
    assert ranks == sorted(ranks)


async def test_the_course_list_searches_the_same_way(catalogue: str) -> None:
    page = await list_courses(CourseFilters(q="电工"), "zh-Hans", now=NOW)
    assert page.total > 0
    assert "电气" in page.items[0].title.text


async def test_nothing_found_is_empty_not_an_error(catalogue: str) -> None:
    assert (await search("zzzqqqxxv", "en")).total == 0
