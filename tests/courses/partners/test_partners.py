"""Partner API keys (hashed, revocable), rate limits, short links and QR codes."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
import segno

from courses.errors import InvalidInput, NotFound
from courses.models import Course, Partner, PartnerApiKey, Provider
from courses.partners import (
    MemoryRateLimiter,
    RedisRateLimiter,
    api_keys,
    authenticate_api_key,
    bot_start_link,
    hash_key,
    issue_api_key,
    qr_svg,
    resolve_short_link,
    revoke_api_key,
    share_path,
    short_code,
    short_path,
)
from courses.vocabulary import CourseKind, Delivery, ProviderKind, Status, Track


async def make_partner(slug: str = "luban-th", locales: str = "th,en,zh-Hans") -> Partner:
    return await Partner.create(slug=slug, country="TH", locales=locales)


async def make_course(status: Status = Status.PUBLISHED) -> Course:
    provider = await Provider.create(key="p1", kind=ProviderKind.HIGHER_VOCATIONAL_COLLEGE, country="CN")
    return await Course.create(
        key="c1",
        provider=provider,
        track=Track.ONLINE,
        major_category=46,
        kind=CourseKind.PROFESSIONAL,
        hours=32,
        credits=2,
        delivery=Delivery.ONLINE,
        status=status,
    )


async def test_keys_are_stored_hashed_and_shown_once(db: str) -> None:
    partner = await make_partner()
    issued = await issue_api_key(partner.id, rate_per_minute=120)
    stored = await PartnerApiKey.get(id=issued.id)
    assert issued.secret.startswith("llp_") and len(issued.secret) > 40
    assert stored.key_hash == hash_key(issued.secret) and issued.secret not in stored.key_hash
    assert stored.prefix == issued.secret[:12]
    client = await authenticate_api_key(issued.secret)
    assert (client.key_id, client.partner_id, client.rate_per_minute) == (issued.id, partner.id, 120)
    assert [k.id for k in await api_keys(partner.id)] == [issued.id]


async def test_wrong_and_revoked_keys_are_refused(db: str) -> None:
    partner = await make_partner()
    first = await issue_api_key(partner.id)
    second = await issue_api_key(partner.id)
    assert await authenticate_api_key(None) is None
    assert await authenticate_api_key("") is None
    assert await authenticate_api_key(first.secret + "x") is None
    assert await authenticate_api_key("llp_" + "a" * 200) is None
    await revoke_api_key(first.id, now=datetime(2026, 11, 29, tzinfo=UTC))
    await revoke_api_key(first.id)  # again: no change
    assert (await PartnerApiKey.get(id=first.id)).revoked_at == datetime(2026, 11, 29, tzinfo=UTC)
    assert await authenticate_api_key(first.secret) is None
    assert await authenticate_api_key(second.secret) is not None
    with pytest.raises(NotFound):
        await revoke_api_key(9999)
    with pytest.raises(NotFound):
        await issue_api_key(9999)
    with pytest.raises(InvalidInput):
        await issue_api_key(partner.id, rate_per_minute=0)


async def test_memory_rate_limit_counts_per_key_per_minute() -> None:
    now = [1_000_040.0]
    limiter = MemoryRateLimiter(clock=lambda: now[0])
    decisions = [await limiter.hit("k1", 3) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[2].remaining == 0 and decisions[3].retry_after == 40
    assert (await limiter.hit("k2", 3)).allowed  # another key has its own count
    now[0] += 40
    assert (await limiter.hit("k1", 3)).allowed  # a new minute


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL is not set")
async def test_redis_rate_limit_is_shared() -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(os.environ["TEST_REDIS_URL"])
    await redis.flushdb()
    try:
        now = 2_000_010.0
        one = RedisRateLimiter(redis, clock=lambda: now)
        two = RedisRateLimiter(redis, clock=lambda: now)
        assert (await one.hit("k", 2)).allowed and (await two.hit("k", 2)).allowed
        refused = await one.hit("k", 2)
        assert not refused.allowed and refused.retry_after == 30
    finally:
        await redis.flushdb()
        await redis.aclose()


async def test_short_links_open_the_partner_locale_and_scope(db: str) -> None:
    partner = await make_partner()
    course = await make_course()
    assert short_code(partner_id=partner.id) == f"p{partner.id}"
    assert short_code(partner_id=40, course_id=1000) == "p14-crs"
    assert await resolve_short_link(short_code(partner_id=partner.id), "en") == "/th/partners/luban-th"
    assert await resolve_short_link(short_code(course_id=course.id), "en") == f"/en/courses/{course.id}"
    assert (
        await resolve_short_link(short_path(partner_id=partner.id, course_id=course.id)[3:], "en")
        == f"/th/courses/{course.id}?partner=luban-th"
    )
    for bad in (
        "",
        "x",
        "p",
        "p1c1",
        "c1-p1",
        "p1-p1",
        "p1-c1-c1",
        "pzzzzzzzzz",
        "p999",
        f"c{course.id + 50}",
        "p1-c1;drop",
    ):
        with pytest.raises(NotFound):
            await resolve_short_link(bad, "en")
    with pytest.raises(InvalidInput):
        short_code()
    for status in (Status.DRAFT, Status.ARCHIVED):  # a printed code of a withdrawn course opens nothing
        await Course.filter(id=course.id).update(status=status)
        for code in (short_code(course_id=course.id), short_code(partner_id=partner.id, course_id=course.id)):
            with pytest.raises(NotFound):
                await resolve_short_link(code, "en")
        with pytest.raises(NotFound):
            await share_path(course_id=course.id)
    assert bot_start_link("lifelong_bot", 42) == "https://t.me/lifelong_bot?start=c42"


def test_qr_code_is_standalone_svg_of_the_url() -> None:
    url = "https://portal.example/s/p1c2"
    svg = qr_svg(url, title="Luban <Workshop>")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Luban <Workshop>"
    assert segno.make(url, error="m", micro=False).designator[-1] in "MQH"  # at least M


async def test_share_paths(db: str) -> None:
    partner = await make_partner()
    course = await make_course()
    assert await share_path(partner_slug="luban-th") == f"/s/p{partner.id}"
    assert await share_path(partner_slug="luban-th", course_id=course.id) == f"/s/p{partner.id}-c{course.id}"
    for bad in ({"partner_slug": "nope"}, {"course_id": course.id + 1}):
        with pytest.raises(NotFound):
            await share_path(**bad)
