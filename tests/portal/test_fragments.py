"""Uncached list pages are joined from kept fragments (cards, facet blocks): the same HTML the macros
render, never older than the catalogue version, and any query still gives a normal page."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import aiohttp_jinja2
from aiohttp.test_utils import TestClient, make_mocked_request

from courses.catalogue import get_courses
from courses.models import Course, CourseText
from courses.search import reindex_courses
from courses.vocabulary import Status
from portal import keys
from portal.cards import course_card_view
from portal.page_cache import read_stamp
from portal.rendering import gettext_callables

CARD = re.compile(r'<li class="card">.*?</li>', re.S)
COURSE_ID = re.compile(r'href="/[^/]+/courses/(\d+)"')
FACETS = re.compile(r'<section class="facets".*?</section>', re.S)


def cards_of(html: str) -> list[str]:
    return CARD.findall(html)


async def test_kept_cards_are_what_the_card_macro_renders(client: TestClient) -> None:
    fragments = client.app[keys.FRAGMENTS]
    first = await (await client.get("/fr/courses")).text()
    hits = fragments.hits
    again = await (await client.get("/fr/courses?page=1")).text()  # another URL: a page cache miss
    assert fragments.hits >= hits + len(cards_of(first)) > hits
    assert cards_of(first) == cards_of(again) and len(cards_of(first)) == 20

    ids = [int(COURSE_ID.search(card).group(1)) for card in cards_of(first)]  # type: ignore[union-attr]
    request = make_mocked_request("GET", "/fr/courses", app=client.app)
    request[keys.LOCALE] = "fr"
    template = aiohttp_jinja2.get_env(client.app).from_string(
        '{% from "macros.html" import course_card with context %}{{ course_card(card) }}')
    expected = [template.render(card=course_card_view(request, card), **gettext_callables("fr"))
                for card in await get_courses(ids, "fr", now=datetime.now(UTC))]
    assert [cards_of(html)[0] for html in expected] == cards_of(first)


async def test_an_edit_reaches_uncached_pages_when_the_catalogue_version_changes(client: TestClient) -> None:
    first = await (await client.get("/en/courses")).text()
    course_id = int(COURSE_ID.search(cards_of(first)[0]).group(1))  # type: ignore[union-attr]
    text = await CourseText.get(course_id=course_id, locale="en")
    text.title = "Fragment freshness course"
    await text.save()
    course = await Course.get(id=course_id)
    await course.save()  # editing a course saves the course row (updated_at): the stamp sees it
    await reindex_courses([course_id])
    client.app[keys.PAGE_CACHE].set_stamp(await read_stamp())  # what the watcher does within a second
    for path in ("/en/courses?page=1", "/en/courses?delivery=" + course.delivery):
        assert "Fragment freshness course" in await (await client.get(path)).text(), path


async def test_facet_counts_follow_a_status_change(client: TestClient) -> None:
    def track_counts(html: str) -> str:
        return FACETS.search(html).group(0)  # type: ignore[union-attr]

    before = track_counts(await (await client.get("/en/courses")).text())
    assert before == track_counts(await (await client.get("/en/courses?page=2")).text())  # kept
    course = await Course.filter(status=Status.PUBLISHED).order_by("-id").first()
    assert course
    course.status = Status.DRAFT
    await course.save()  # as staff edits do: updated_at changes, which the catalogue stamp sees
    await reindex_courses([course.id])
    client.app[keys.PAGE_CACHE].set_stamp(await read_stamp())
    after = track_counts(await (await client.get("/en/courses?page=2")).text())
    assert after != before
    listed = await (await client.get("/en/courses")).text()
    assert f'href="/en/courses/{course.id}"' not in listed


async def test_bad_queries_give_normal_pages_from_fragments_too(client: TestClient) -> None:
    # The long one is 8,000 characters: redirected to its first 200, which come from fragments too.
    for query in ("\x00焊接", "a\udfffb", "\u202eesruoc\u202c", "\u200f\u202bكهرباء", "weld " * 1600):
        for path in ("/en/courses", "/ar/courses", "/en/courses?page=1"):  # the last one from fragments
            response = await client.get(path, params={"q": query})
            html = await response.text()
            assert response.status == 200, (query[:20], path, response.status)
            assert "<h1>" in html and "Traceback" not in html
