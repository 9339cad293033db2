"""Anonymous pages come from the cache of rendered, precompressed pages until the catalogue changes;
the course list stays within its weight budget."""

from __future__ import annotations

import asyncio
import gzip
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from courses.catalogue import catalogue_stamp
from courses.models import Course, CourseText, Intake
from portal import keys
from portal.app import create_app
from portal.page_cache import read_stamp
from tests.portal.conftest import TEST_REDIS_URL, make_settings
from tests.portal.test_accounts import sign_up

BUDGET = 30 * 1024


async def test_second_anonymous_request_is_a_gzipped_hit_with_an_etag(client: TestClient) -> None:
    cache = client.app[keys.PAGE_CACHE]
    first = await client.get("/en/courses", headers={"Accept-Encoding": "gzip"})
    second = await client.get("/en/courses", headers={"Accept-Encoding": "gzip"})
    assert first.status == second.status == 200
    assert cache.misses == 1 and cache.hits == 1
    assert second.headers["Content-Encoding"] == "gzip"
    assert await first.text() == await second.text()
    etag = second.headers["ETag"]
    not_modified = await client.get("/en/courses", headers={"If-None-Match": etag})
    assert not_modified.status == 304


async def test_visitors_asking_at_once_for_a_page_not_yet_cached_wait_for_one_rendering(
        client: TestClient) -> None:
    cache = client.app[keys.PAGE_CACHE]
    answers = await asyncio.gather(*(client.get("/ru/courses?lang=en&page=2") for _ in range(12)))
    texts = {await answer.text() for answer in answers}
    assert [answer.status for answer in answers] == [200] * 12 and len(texts) == 1
    assert (cache.misses, cache.hits) == (1, 11)
    assert cache.filling == {}
    # A page that is not kept (not found) is rendered for each visitor, none waits forever.
    missing = await asyncio.gather(*(client.get("/ru/courses/999999999") for _ in range(3)))
    assert [answer.status for answer in missing] == [404] * 3 and cache.filling == {}


async def test_signed_in_visitors_and_other_display_modes_are_not_served_anonymous_copies(
        client: TestClient) -> None:
    await client.get("/en/")
    elder = await (await client.get("/en/", cookies={"elder": "1"})).text()
    assert 'class="elder"' in elder
    await sign_up(client, "cached@example.org")
    cache = client.app[keys.PAGE_CACHE]
    hits = cache.hits
    await client.get("/en/")
    assert cache.hits == hits


async def test_a_catalogue_change_replaces_cached_pages(client: TestClient) -> None:
    text = await CourseText.filter(locale="en").order_by("course_id").first()
    assert text
    path = f"/en/courses/{text.course_id}"
    assert text.title in await (await client.get(path)).text()
    text.title = "Renamed course for the cache test"
    await text.save()
    course = await Course.get(id=text.course_id)
    await course.save()  # editing a course saves the course row (updated_at)
    cache = client.app[keys.PAGE_CACHE]
    assert "Renamed" not in await (await client.get(path)).text()  # still the cached copy
    cache.set_stamp(await read_stamp())  # what the watcher does in the background
    assert "Renamed course for the cache test" in await (await client.get(path)).text()


async def test_invalidate_drops_pages_for_changes_the_stamp_cannot_see(client: TestClient) -> None:
    text = await CourseText.filter(locale="en").order_by("course_id").first()
    path = f"/en/courses/{text.course_id}"
    await client.get(path)
    await CourseText.filter(id=text.id).update(title="Edited in place")
    await client.app[keys.PAGE_CACHE].invalidate()
    assert "Edited in place" in await (await client.get(path)).text()


async def test_taken_seats_change_the_fingerprint(client: TestClient) -> None:
    before = await read_stamp()
    intake = await Intake.filter(capacity__gt=0).order_by("id").first()
    await Intake.filter(id=intake.id).update(seats_taken=intake.seats_taken + 1)
    assert await read_stamp() != before


async def test_new_rows_change_the_cheap_stamp(client: TestClient) -> None:
    before = await catalogue_stamp()
    text = await CourseText.filter(locale="en").order_by("id").first()
    await CourseText.create(course_id=text.course_id, locale="x-test", title="A new text")
    assert await catalogue_stamp() != before


async def test_course_list_page_is_within_30_kb_compressed_with_its_stylesheet(client: TestClient) -> None:
    response = await client.get("/en/courses", headers={"Accept-Encoding": "gzip"}, auto_decompress=False)
    html_size = len(await response.read())
    page = gzip.decompress(await response.read()).decode()
    css_path = re.search(r'href="(/static/[0-9a-f]{10}/portal\.css)"', page).group(1)
    css = await client.get(css_path, headers={"Accept-Encoding": "gzip"}, auto_decompress=False)
    css_size = len(await css.read())
    assert css.headers["Content-Encoding"] == "gzip"
    assert html_size + css_size <= BUDGET, (html_size, css_size)


async def test_dynamic_pages_are_compressed_too(client: TestClient) -> None:
    response = await client.get("/en/account/signup", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("Content-Encoding") == "gzip"


@pytest.mark.skipif(not TEST_REDIS_URL, reason="TEST_REDIS_URL is not set")
async def test_with_redis_sessions_and_pages_are_shared(demo_url: str) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(TEST_REDIS_URL)
    await redis.flushdb()
    settings = make_settings(demo_url, redis_url=TEST_REDIS_URL)
    async with TestClient(TestServer(create_app(settings))) as first:
        await first.get("/en/bases", headers={"Host": "portal.test"})
        assert await redis.keys("portal:page-gz:*")
        await sign_up(first, "shared@example.org")
        assert await redis.keys("portal:session:*")
    async with TestClient(TestServer(create_app(settings))) as second:
        cache = second.app[keys.PAGE_CACHE]
        await second.get("/en/bases", headers={"Host": "portal.test"})
        assert cache.hits == 1 and cache.misses == 0  # filled by the other process
        await cache.invalidate()
    async with TestClient(TestServer(create_app(settings))) as third:
        assert third.app[keys.PAGE_CACHE].generation == 1  # every process follows the invalidation
    await redis.flushdb()
    await redis.aclose()
