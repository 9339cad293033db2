"""The partner JSON API: keys, rate limits, locales, cursor paging, ETags, and no personal data."""

from __future__ import annotations

import os

import pytest
from aiohttp.test_utils import TestClient, TestServer

from courses.i18n import place_line
from courses.models import Intake, Learner, Partner
from courses.partners import RedisRateLimiter, authenticate_api_key, issue_api_key, revoke_api_key
from courses.vocabulary import Status
from portal.api.v1 import RATE_LIMITER
from portal.app import create_app
from tests.portal.conftest import make_settings


async def key_for(slug: str | None = None, rate: int = 10_000) -> tuple[str, Partner]:
    partner = await (Partner.get(slug=slug) if slug else Partner.first())
    issued = await issue_api_key(partner.id, rate_per_minute=rate)
    return issued.secret, partner


async def test_openapi_document_is_public_and_3_1(client: TestClient) -> None:
    response = await client.get("/api/v1/openapi.json")
    assert response.status == 200
    document = await response.json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/courses",
        "/courses/{id}",
        "/courses/{id}/intakes",
        "/chinese-plus",
        "/bases",
        "/bases/{id}",
        "/partner",
        "/credentials/{code}",
    }
    assert document["components"]["securitySchemes"]["apiKey"]["name"] == "X-API-Key"


async def test_keys_are_required_and_revocable(client: TestClient) -> None:
    assert (await client.get("/api/v1/courses")).status == 401
    bad = await client.get("/api/v1/courses", headers={"X-API-Key": "llp_not-a-key"})
    assert bad.status == 401 and (await bad.json())["status"] == 401
    secret, _ = await key_for()
    assert (await client.get("/api/v1/courses", headers={"X-API-Key": secret})).status == 200
    await revoke_api_key((await authenticate_api_key(secret)).key_id)
    assert (await client.get("/api/v1/courses", headers={"X-API-Key": secret})).status == 401


async def test_rate_limit_per_key_answers_429_with_retry_after(client: TestClient) -> None:
    slow, _ = await key_for(rate=3)
    fast, _ = await key_for(rate=100)
    statuses = [(await client.get("/api/v1/bases", headers={"X-API-Key": slow})).status for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = await client.get("/api/v1/bases", headers={"X-API-Key": slow})
    assert refused.status == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert (await client.get("/api/v1/bases", headers={"X-API-Key": fast})).status == 200


async def test_cursor_paging_walks_the_whole_list_once(client: TestClient) -> None:
    secret, _ = await key_for()
    headers = {"X-API-Key": secret}
    seen: list[int] = []
    cursor = None
    total = None
    while True:
        params = {"limit": "25", "track": "online", **({"cursor": cursor} if cursor else {})}
        body = await (await client.get("/api/v1/courses", params=params, headers=headers)).json()
        total = body["total"]
        seen += [item["id"] for item in body["items"]]
        assert all(item["track"] == "online" for item in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == total > 25
    for bad in (
        {"limit": "0"},
        {"limit": "101"},
        {"limit": "x"},
        {"cursor": "zzz"},
        {"track": "moon"},
        {"locale": "xx"},
    ):
        response = await client.get("/api/v1/courses", params=bad, headers=headers)
        assert response.status == 400, bad
        assert (await response.json())["field"] in bad


async def test_locale_and_etag(client: TestClient) -> None:
    secret, partner = (
        await key_for("luban-thailand")
        if await Partner.filter(slug="luban-thailand").exists()
        else await key_for()
    )
    headers = {"X-API-Key": secret}
    default = await (await client.get("/api/v1/courses", headers=headers)).json()
    assert default["locale"] == partner.locales.split(",")[0]
    russian = await client.get("/api/v1/courses", params={"locale": "ru", "limit": "5"}, headers=headers)
    body = await russian.json()
    assert body["locale"] == "ru" and all(
        item["title"]["locale"] in ("ru", "en", "zh-Hans") for item in body["items"]
    )
    etag = russian.headers["ETag"]
    again = await client.get(
        "/api/v1/courses", params={"locale": "ru", "limit": "5"}, headers={**headers, "If-None-Match": etag}
    )
    assert again.status == 304 and again.headers["ETag"] == etag
    other = await client.get(
        "/api/v1/courses", params={"locale": "fr", "limit": "5"}, headers={**headers, "If-None-Match": etag}
    )
    assert other.status == 200


async def test_details_intakes_bases_programmes_and_partner(client: TestClient) -> None:
    secret, partner = await key_for()
    headers = {"X-API-Key": secret, "Accept": "application/json"}
    first = (await (await client.get("/api/v1/courses", params={"limit": "1"}, headers=headers)).json())[
        "items"
    ][0]
    detail = await (await client.get(f"/api/v1/courses/{first['id']}", headers=headers)).json()
    assert detail["id"] == first["id"] and "intakes" in detail
    intakes = await (await client.get(f"/api/v1/courses/{first['id']}/intakes", headers=headers)).json()
    assert intakes["items"] == detail["intakes"]
    assert (await client.get("/api/v1/courses/999999999", headers=headers)).status == 404
    assert (await client.get("/api/v1/courses/abc", headers=headers)).status == 404
    programmes = await (await client.get("/api/v1/chinese-plus", params={"hsk": "3"}, headers=headers)).json()
    assert all(item["track"] == "chinese_plus" and item["hsk_level"] == 3 for item in programmes["items"])
    bases = await (
        await client.get("/api/v1/bases", params={"lat": "39.1", "lon": "117.2"}, headers=headers)
    ).json()
    distances = [item["distance_km"] for item in bases["items"]]
    assert distances == sorted(distances)
    base = await (await client.get(f"/api/v1/bases/{bases['items'][0]['id']}", headers=headers)).json()
    assert base["id"] == bases["items"][0]["id"]
    mine = await (await client.get("/api/v1/partner", headers=headers)).json()
    assert mine["slug"] == partner.slug and mine["courses"]


async def test_intakes_say_where_they_meet_in_the_asked_language_and_cards_the_next_seats(client: TestClient) -> None:
    secret, _ = await key_for()
    headers = {"X-API-Key": secret}
    held = await Intake.filter(base__city__not_isnull=True, base__country="CN", course__status=Status.PUBLISHED,
                               base__status=Status.PUBLISHED).select_related("base").order_by("id").first()
    assert held is not None
    thai = await (await client.get(f"/api/v1/courses/{held.course_id}/intakes", params={"locale": "th"},
                                   headers=headers)).json()
    found = next(item for item in thai["items"] if item["id"] == held.id)
    assert found["country"] == "CN" and found["city"] == held.base.city
    assert found["place"] == place_line(held.base.city, held.base.province, "CN", "th") and "จีน" in found["place"]
    courses = (await (await client.get("/api/v1/courses", params={"limit": "50"}, headers=headers)).json())["items"]
    assert any(card["next_start"] and card["next_seats_left"] is not None for card in courses)
    for card in courses:
        if card["next_start"] is None:
            assert card["next_seats_left"] is None
            continue
        runs = (await (await client.get(f"/api/v1/courses/{card['id']}/intakes", headers=headers)).json())["items"]
        at_next = [run["seats_left"] for run in runs if run["starts_at"] == card["next_start"]]
        assert card["next_seats_left"] in at_next, card["id"]


async def test_no_endpoint_returns_learners_personal_data(client: TestClient) -> None:
    secret, _ = await key_for()
    headers = {"X-API-Key": secret}
    learners = await Learner.all().values_list("email", "display_name")
    assert learners
    paths = [
        "/api/v1/courses?limit=100",
        "/api/v1/chinese-plus?limit=100",
        "/api/v1/bases?limit=100",
        "/api/v1/partner",
    ]
    body = await (await client.get("/api/v1/courses?limit=100", headers=headers)).json()
    paths += [f"/api/v1/courses/{item['id']}" for item in body["items"][:20]]
    for path in paths:
        text = await (await client.get(path, headers=headers)).text()
        for email, name in learners:
            assert (email or "@@") not in text and (name or "@@") not in text, path


async def test_rate_limits_are_shared_through_redis_when_configured(demo_url: str) -> None:
    """Another web process (here a second limiter on the same Redis) counts against the same key."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set")
    from redis.asyncio import Redis

    redis = Redis.from_url(url)
    await redis.flushdb()
    try:
        app = create_app(make_settings(demo_url, redis_url=url))
        assert isinstance(app[RATE_LIMITER], RedisRateLimiter)
        async with TestClient(TestServer(app)) as client:
            secret, _ = await key_for(rate=2)
            key_id = (await authenticate_api_key(secret)).key_id
            other_process = RedisRateLimiter(redis, prefix="portal:api:")
            assert (await other_process.hit(f"api:{key_id}", 2)).allowed
            headers = {"X-API-Key": secret}
            assert (await client.get("/api/v1/bases", headers=headers)).status == 200
            refused = await client.get("/api/v1/bases", headers=headers)
            assert refused.status == 429 and "Retry-After" in refused.headers
    finally:
        await redis.flushdb()
        await redis.aclose()
