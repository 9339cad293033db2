"""The in-memory index and the database agree on every count, whatever was edited before."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise.transactions import in_transaction

from courses import demo
from courses.catalogue import course_facets, list_courses
from courses.filtering import CourseFilters
from courses.models import Course
from courses.search import reindex_courses
from courses.storage.sql import connection, fetch
from courses.vocabulary import Level, Status, Track
from tests.courses.catalogue.sql_oracle import course_conditions
from tests.courses.demo_database import NOW

FILTERS = [
    CourseFilters(),
    CourseFilters(tracks=(Track.ONLINE,)),
    CourseFilters(tracks=(Track.CONTINUING, Track.CHINESE_PLUS)),
    CourseFilters(levels=(Level.NATIONAL,), categories=(46, 52)),
    CourseFilters(q="焊接"),
    CourseFilters(q="nursing welding", tracks=(Track.ONLINE,)),
    CourseFilters(open_seats=True),
    CourseFilters(starts_from=datetime(2026, 12, 1, tzinfo=UTC)),
]
FACETS = {"track": "tracks", "level": "levels", "category": "categories", "delivery": "deliveries",
          "lang": "languages", "audience": "audiences", "hsk": "hsk_levels", "partner_country": "partner_countries",
          "kind": "kinds", "country": "countries", "province": "provinces"}
EDIT = st.tuples(
    st.sampled_from(["status", "track", "category", "level"]),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=10_000),
)


async def _edit(kind: str, which: int, value: int) -> None:
    ids = [c.id for c in await Course.all().order_by("id")]
    course_id = ids[which % len(ids)]
    if kind == "status":
        status = [Status.PUBLISHED, Status.ARCHIVED, Status.DRAFT][value % 3]
        await Course.filter(id=course_id).update(status=status)
    elif kind == "track":
        await Course.filter(id=course_id).update(track=[Track.ONLINE, Track.CONTINUING][value % 2])
    elif kind == "category":
        await Course.filter(id=course_id).update(major_category=41 + value % 19)
    else:
        await Course.filter(id=course_id).update(level=[Level.NATIONAL, Level.PROVINCIAL, Level.SCHOOL][value % 3])
    await reindex_courses([course_id])


async def _sql_count(filters: CourseFilters) -> int:
    conn = connection()
    where = course_conditions(replace(filters, q=None), conn, NOW)
    rows = await fetch(conn, f"SELECT count(*) FROM course c WHERE {where.sql}", where.params)
    return int(rows[0][0])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDIT, max_size=5))
async def test_counts_agree_after_edits(db: str, edits: list[tuple[str, int, int]]) -> None:
    if not await Course.exists():
        async with in_transaction() as conn:
            await demo.load(conn, demo.generate(60, now=NOW))
    for edit in edits:
        await _edit(*edit)
    for filters in FILTERS:
        page = await list_courses(filters, "en", per_page=100, now=NOW)
        facets = await course_facets(filters, now=NOW)
        assert facets.total == page.total
        if not filters.q:
            assert page.total == await _sql_count(filters)
            ids = [row[0] for row in await fetch(
                connection(),
                "SELECT c.id FROM course c WHERE "
                + course_conditions(filters, connection(), NOW).sql + " ORDER BY c.id DESC LIMIT 100",
                course_conditions(filters, connection(), NOW).params)]
            assert [card.id for card in page.items] == ids
        for name, attribute in FACETS.items():
            if getattr(filters, attribute):
                continue
            for value in facets[name]:
                parsed = CourseFilters.parse({**filters.to_params(), FACET_PARAM.get(name, name): value.value})
                clicked = await list_courses(parsed, "en", per_page=1, now=NOW)
                assert clicked.total == value.count, (filters, name, value)
        seats = facets["open"][0].count
        assert seats == (await list_courses(replace(filters, open_seats=True), "en", per_page=1, now=NOW)).total


FACET_PARAM: dict[str, str] = {}


async def test_a_page_past_the_end_and_a_cursor_stay_right(db: str) -> None:
    async with in_transaction() as conn:
        await demo.load(conn, demo.generate(60, now=NOW))
    first = await list_courses(CourseFilters(), "en", per_page=7, now=NOW)
    second = await list_courses(CourseFilters(), "en", per_page=7, cursor=first.next_cursor, now=NOW)
    by_page = await list_courses(CourseFilters(), "en", per_page=7, page=2, now=NOW)
    assert [c.id for c in second.items] == [c.id for c in by_page.items]
    assert (await list_courses(CourseFilters(), "en", per_page=7, page=500, now=NOW)).items == ()
