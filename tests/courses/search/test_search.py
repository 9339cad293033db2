"""Search over the demo catalogue: one table of cases, on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from tortoise.transactions import in_transaction

from courses import demo
from courses.errors import InvalidInput
from courses.filtering import CourseFilters
from courses.models import Course, CourseText
from courses.search import HitKind, MatchKind, reindex_courses, search
from courses.storage import database
from courses.vocabulary import Status
from tests.courses.demo_database import NOW, drop_demo_database, make_demo_database


@pytest.fixture(scope="module")
def demo_url(migrated_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = make_demo_database(migrated_url, tmp_path_factory.mktemp("search"))
    yield url
    drop_demo_database(url)


@pytest.fixture
async def catalogue(demo_url: str) -> AsyncIterator[str]:
    async with database(demo_url):
        yield demo_url


# (query, what the best hit's zh-Hans title contains, its kind, how it matched)
CASES = [
    ("焊接", "焊接", HitKind.COURSE, MatchKind.TITLE),  # two characters: the bigram fast path
    ("焊接技术与自动化", "焊接技术与自动化", HitKind.COURSE, MatchKind.TITLE),
    ("技术与自动", "焊接技术与自动化", HitKind.COURSE, MatchKind.TITLE),  # a substring in the middle
    ("焊", "焊接", HitKind.COURSE, MatchKind.TITLE),  # one character
    ("銲接", "焊接", HitKind.COURSE, MatchKind.TITLE),  # Taiwan variant
    ("焊接技術與自動化", "焊接技术与自动化", HitKind.COURSE, MatchKind.TITLE),  # Traditional
    ("护理", "护理", HitKind.COURSE, MatchKind.TITLE),
    ("護理", "护理", HitKind.COURSE, MatchKind.TITLE),
    ("物流", "物流", HitKind.COURSE, MatchKind.TITLE),
    ("人工智慧", "人工智能", HitKind.COURSE, MatchKind.TITLE),  # Taiwan usage of 人工智能
    ("hanjie", "焊接", HitKind.COURSE, MatchKind.TITLE),
    ("han jie", "焊接", HitKind.COURSE, MatchKind.TITLE),
    ("hànjiē", "焊接", HitKind.COURSE, MatchKind.TITLE),
    ("han4 jie1", "焊接", HitKind.COURSE, MatchKind.TITLE),
    ("wuliu", "物流", HitKind.COURSE, MatchKind.TITLE),
    ("welding", "焊接", HitKind.COURSE, MatchKind.TITLE),
    ("Welding", "焊接", HitKind.COURSE, MatchKind.TITLE),
    ("WELDING automation", "焊接技术与自动化", HitKind.COURSE, MatchKind.TITLE),
    ("weld", "焊接", HitKind.COURSE, MatchKind.TITLE),  # a word being typed
    # "Chinese + welding" programmes are written in Russian and French for Kazakhstan and Djibouti, and their
    # short titles ("Китайский язык + Сварка") come before the longer welding courses.
    ("сварка", "焊接", HitKind.CHINESE_PLUS, MatchKind.TITLE),
    ("СВАРКА", "焊接", HitKind.CHINESE_PLUS, MatchKind.TITLE),
    ("électricité", "电气", HitKind.COURSE, MatchKind.TITLE),
    ("electricite", "电气", HitKind.COURSE, MatchKind.TITLE),
    ("soudage", "焊接", HitKind.CHINESE_PLUS, MatchKind.TITLE),
    ("التمريض", "护理", HitKind.COURSE, MatchKind.TITLE),  # ar
    ("พยาบาล", "护理", HitKind.COURSE, MatchKind.TITLE),  # th, inside การพยาบาล
    ("weldng", "焊接", HitKind.COURSE, MatchKind.FUZZY),  # a typo
    ("nursng", "护理", HitKind.COURSE, MatchKind.FUZZY),
    ("logistcs", "物流", HitKind.COURSE, MatchKind.FUZZY),
    ("сваркка", "焊接", HitKind.CHINESE_PLUS, MatchKind.FUZZY),  # Cyrillic typo
    ("中文+焊接", "中文+焊接", HitKind.CHINESE_PLUS, MatchKind.TITLE),
    ("Chinese welding", "中文+焊接", HitKind.CHINESE_PLUS, MatchKind.TITLE),
    ("鲁班", "鲁班工坊", HitKind.BASE, MatchKind.TITLE),
    ("Luban Workshop", "鲁班工坊", HitKind.BASE, MatchKind.TITLE),
    ("ลู่ปัน", "鲁班工坊", HitKind.BASE, MatchKind.TITLE),
    ("老年大學", "老年大学", HitKind.BASE, MatchKind.TITLE),
    ("天津", "天津", HitKind.BASE, MatchKind.TITLE),
]


@pytest.mark.parametrize(("query", "title", "kind", "match"), CASES, ids=[c[0] for c in CASES])
async def test_search_finds(catalogue: str, query: str, title: str, kind: HitKind, match: MatchKind) -> None:
    results = await search(query, "zh-Hans", per_page=5)
    assert results.total >= 1
    best = results.items[0]
    assert title in best.title.text
    assert best.title.locale == "zh-Hans"
    assert (best.kind, best.match) == (kind, match)


async def test_ranks_title_then_summary_then_fuzzy(catalogue: str) -> None:
    results = await search("天津", "zh-Hans", per_page=100)
    order = [MatchKind.TITLE, MatchKind.SUMMARY, MatchKind.FUZZY]
    ranks = [order.index(hit.match) for hit in results.items]
    assert ranks == sorted(ranks)
    assert {MatchKind.TITLE, MatchKind.SUMMARY} <= {hit.match for hit in results.items}
    # a course offered by a Tianjin college matches through its summary only
    assert any(hit.kind is HitKind.COURSE and hit.match is MatchKind.SUMMARY for hit in results.items)


async def test_pages_of_results_do_not_overlap_and_add_up(catalogue: str) -> None:
    first = await search("welding", "en", per_page=4)
    seen = [(hit.kind, hit.id) for hit in first.items]
    for page in range(2, first.pages + 1):
        seen += [(hit.kind, hit.id) for hit in (await search("welding", "en", per_page=4, page=page)).items]
    assert len(seen) == len(set(seen)) == first.total
    assert (await search("welding", "en", per_page=4, page=first.pages + 1)).items == ()


async def test_search_is_limited_to_kinds_and_filters(catalogue: str) -> None:
    programmes = await search("焊接", "en", kinds=(HitKind.CHINESE_PLUS,), per_page=50)
    assert programmes.total > 0
    assert {hit.kind for hit in programmes.items} == {HitKind.CHINESE_PLUS}
    online = await search("焊接", "en", filters=CourseFilters.parse({"track": "online"}), per_page=50)
    everything = await search("焊接", "en", per_page=50)
    assert 0 < online.total < everything.total
    assert HitKind.BASE not in {hit.kind for hit in online.items}


async def test_hits_are_localized_along_the_fallback_chain(catalogue: str) -> None:
    thai = await search("焊接技术与自动化", "th", per_page=1)
    assert thai.items[0].title.locale == "th"
    taiwan = await search("焊接技术与自动化", "zh-Hant", per_page=1)
    assert taiwan.items[0].title.text.startswith("焊接技術與自動化")
    assert taiwan.items[0].title.converted


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "AND OR NEAR(",
        "*",
        'NEAR("a" "b")',
        "title:x",
        "a' OR 1=1 --",
        "%_\\",
        "   ",
        "",
        "{title}: 焊接",
        "^焊接",
        "😀",
        "x" * 500,
    ],
)
async def test_any_text_is_a_query(catalogue: str, query: str) -> None:
    results = await search(query, "en")
    assert results.total >= 0
    assert len(results.items) <= results.per_page


@pytest.mark.parametrize(("page", "per_page"), [(0, 20), (1, 0), (1, 101), (-3, 20)])
async def test_bad_paging_is_refused(catalogue: str, page: int, per_page: int) -> None:
    with pytest.raises(InvalidInput):
        await search("焊接", "en", page=page, per_page=per_page)


async def test_reindex_follows_edits_and_unpublishing(db: str) -> None:
    async with in_transaction() as conn:
        await demo.load(conn, demo.generate(40, now=NOW))
    course = await Course.filter(status=Status.PUBLISHED).order_by("id").first()
    await CourseText.filter(course_id=course.id, locale="en").update(title="Underwater Basket Weaving")
    assert (await search("basket weaving", "en")).total == 0  # not yet reindexed
    assert await reindex_courses([course.id]) == 1
    found = await search("basket weaving", "en")
    assert [(hit.kind, hit.id) for hit in found.items] == [(HitKind.COURSE, course.id)]
    await Course.filter(id=course.id).update(status=Status.ARCHIVED)
    assert await reindex_courses([course.id]) == 0
    assert (await search("basket weaving", "en")).total == 0
    assert await reindex_courses([999_999]) == 0  # a course that does not exist leaves no trace
