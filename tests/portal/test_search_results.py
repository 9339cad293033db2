"""The results page: learning centres in their own short section, and something to do when nothing matched."""

from __future__ import annotations

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
    html = await (await client.get("/en/courses", params={"q": "zzqqxx", "track": "online"})).text()
    assert "suggested-fields" in html
