"""The results page: learning centres in their own short section, and something to do when nothing matched."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient


async def test_bases_named_in_the_query_have_their_own_section(client: TestClient) -> None:
    response = await client.get("/en/courses", params={"q": "Luban Workshop"})
    assert response.status == 200
    html = await response.text()
    assert 'id="found-bases"' in html
    assert "/en/bases/" in html.split('id="found-bases"')[1].split("</section>")[0]


async def test_a_job_title_finds_the_subject(client: TestClient) -> None:
    html = await (await client.get("/zh-Hans/courses", params={"q": "电工"})).text()
    assert "电气" in html


async def test_nothing_found_offers_a_spelling_and_fields(client: TestClient) -> None:
    html = await (await client.get("/en/courses", params={"q": "zzqqxx"})).text()
    assert "class=\"suggested-fields\"" in html
    assert "/en/courses?category=" in html


async def test_a_misspelling_with_no_result_is_offered_a_near_spelling(client: TestClient) -> None:
    # Chinese + vocational skills programmes teach no nursing: nothing found, but "nursing" is near.
    html = await (await client.get("/en/courses", params={"q": "nursnig", "track": "chinese_plus"})).text()
    assert "Did you mean:" in html
    assert '<a href="/en/courses?q=nursing">nursing</a>' in html


async def test_a_search_that_finds_nothing_offers_the_biggest_fields(client: TestClient) -> None:
    html = await (await client.get("/en/courses", params={"q": "zzqqxx", "track": "online"})).text()
    fields = re.findall(r'<li><a href="/en/courses\?category=(\d+)">', html.split('class="suggested-fields"')[1])
    # The four biggest fields of the catalogue, biggest first: counted here from the list itself.
    sizes = {}
    for code in range(41, 60):
        page = await (await client.get("/en/courses", params={"category": str(code)})).text()
        found = re.search(r'<h2 class="count">([\d,]+) course', page)
        sizes[code] = int(found.group(1).replace(",", "")) if found else 0
    biggest = sorted(sizes, key=lambda code: (-sizes[code], -code))[:4]
    assert [int(code) for code in fields] == biggest


async def test_a_pasted_paragraph_is_searched_by_its_first_words(client: TestClient) -> None:
    paragraph = "焊接技术" + "焊" * 7000  # 63 KB in the address: past the 8 KB aiohttp reads by default
    response = await client.get("/zh-Hans/courses", params={"q": paragraph, "track": "online"})
    assert response.status == 200
    assert len(response.url.query["q"]) == 200 and response.url.query["track"] == "online"
    html = await response.text()
    assert "<h1>" in html and len(html) < 200_000  # links hold the cut search, not the paragraph
    assert f'value="{paragraph[:200]}"' in html
    # The heading repeats the search's start only: 200 characters would fill a phone's screen.
    assert f"<h1>与“{paragraph[:39]}…”相关的课程</h1>" in html


async def test_an_address_with_too_much_in_it_is_refused_in_the_learners_language(client: TestClient) -> None:
    response = await client.get("/ru/courses?" + "&".join(f"utm{n}=" + "x" * 100 for n in range(100)))
    assert response.status == 400
    html = await response.text()
    assert '<html lang="ru"' in html and "Traceback" not in html
    assert "Адрес слишком длинный" in html


BAD_QUERIES = [
    "\x00", "焊接\x00nursing", "\ud800", "a\udfffb", "\u202eesruoc\u202c", "\u200f\u202bكهرباء",
    "x" * 5000, "焊" * 1000, 'NEAR("a" "b") AND title:* OR -x', "a' OR 1=1 --", "%_\\", "{title}: ^焊接~2",
]


async def test_any_query_is_a_normal_page_and_never_slow(client: TestClient) -> None:
    import time

    started = time.perf_counter()
    await (await client.get("/en/courses", params={"q": "welding nursing"})).read()
    normal = time.perf_counter() - started
    for query in BAD_QUERIES:
        started = time.perf_counter()
        response = await client.get("/en/courses", params={"q": query})
        await response.read()
        assert response.status in (200, 400), query
        # generous: the bound is there to catch a query that scans or explodes, not to time pages
        assert time.perf_counter() - started < max(2.0, 20 * normal), query


def test_near_spellings_are_links_joined_as_the_page_language_writes_alternatives() -> None:
    from portal.rendering import link_list
    from portal.views.courses import Found

    spellings = [Found("сварка", "/ru/courses?q=%D1%81"), Found("<свар>", "/ru/courses?q=x&y=1")]
    russian = str(link_list(spellings, "ru", "or"))
    assert russian == ('<a href="/ru/courses?q=%D1%81">сварка</a> или '
                       '<a href="/ru/courses?q=x&amp;y=1">&lt;свар&gt;</a>')
    arabic = str(link_list([Found("كهرباء", "/ar/a"), Found("الكهرباء", "/ar/b"), Found("كهربائي", "/ar/c")],
                           "ar", "or"))
    assert arabic.count(" أو ") == 2 and ", " not in arabic
