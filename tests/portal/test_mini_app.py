"""The portal as a Telegram Mini App: init data signs the Telegram learner in once; bad data changes nothing."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from urllib.parse import parse_qsl, urlencode

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from courses.learners import INIT_DATA_MAX_AGE, learner_for_telegram
from portal import keys
from portal.app import create_app
from portal.security import TELEGRAM_SCRIPT
from tests.mini_app_data import signed_init_data
from tests.portal.conftest import make_settings
from tests.portal.test_accounts import sign_up

TOKEN = "4242:TEST-token-for-the-fake-server"


def mini_app_portal(url: str, **overrides: object) -> web.Application:
    app = create_app(make_settings(url, bot_token=TOKEN, **overrides))
    app[keys.BOT_USERNAME] = "lifelong_test_bot"  # known already: no getMe call to Telegram
    return app


@pytest.fixture
async def client(demo_url: str) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(mini_app_portal(demo_url))) as test_client:
        yield test_client


async def entry(client: TestClient, path: str = "/en/app") -> tuple[str, str]:
    """The entry page's session URL and CSRF token."""
    html = await (await client.get(path)).text()
    session_url = re.search(r'data-session-url="([^"]+)"', html)
    csrf = re.search(r'data-csrf="([^"]+)"', html)
    assert session_url and csrf, html
    return session_url.group(1), csrf.group(1)


async def post_init_data(client: TestClient, init_data: str, start: str = ""):
    session_url, csrf = await entry(client)
    return await client.post(session_url, json={"init_data": init_data, "start": start},
                             headers={"X-CSRF-Token": csrf})


async def signed_in_name(client: TestClient) -> str | None:
    """The display name of the signed-in learner (from their data export), None when anonymous."""
    response = await client.get("/en/account/export", allow_redirects=False)
    if response.status != 200:
        return None
    return str((await response.json(content_type=None))["learner"]["display_name"])


async def test_genuine_init_data_signs_in_the_learner_the_bot_knows(client: TestClient) -> None:
    bot_learner = await learner_for_telegram(5550001, display_name="Li Wei")
    response = await post_init_data(client, signed_init_data(TOKEN, 5550001, start_param="c3"))
    assert response.status == 200
    assert (await response.json())["next"] == "/en/courses/3"
    page = await client.get("/en/account/")
    assert page.status == 200
    html = await page.text()
    assert 'class="telegram"' in html and TELEGRAM_SCRIPT in html and "mini-app.js" in html
    assert "Connect Telegram" not in html  # this learner is the Telegram learner
    from courses.learners import get_learner
    assert (await get_learner(bot_learner.id)).telegram_id == 5550001


async def test_the_learner_language_chooses_the_page(client: TestClient) -> None:
    response = await post_init_data(client, signed_init_data(TOKEN, 5550002, language_code="ru"), start="b7")
    assert (await response.json())["next"] == "/ru/bases/7"


async def test_mini_app_pages_may_be_framed_by_telegram_only(client: TestClient) -> None:
    entry_page = await client.get("/en/app")
    csp = entry_page.headers["Content-Security-Policy"]
    assert "frame-ancestors https://web.telegram.org" in csp and "'none'" not in csp.split("frame-ancestors")[1]
    assert f"script-src 'self' {TELEGRAM_SCRIPT};" in csp
    assert "X-Frame-Options" not in entry_page.headers
    other = await client.get("/en/courses")
    assert "frame-ancestors 'none'" in other.headers["Content-Security-Policy"]
    assert "telegram.org" not in other.headers["Content-Security-Policy"]
    assert other.headers["X-Frame-Options"] == "DENY"
    assert TELEGRAM_SCRIPT not in await other.text()


async def test_the_localeless_address_opens_in_the_visitor_language(client: TestClient) -> None:
    response = await client.get("/app?startapp=c5", headers={"Accept-Language": "fr-FR"},
                                allow_redirects=False)
    assert response.status == 302 and response.headers["Location"] == "/fr/app?startapp=c5"


def forged(init_data: str) -> str:
    fields = dict(parse_qsl(init_data))
    fields["user"] = fields["user"].replace("5550010", "5550011")
    return urlencode(fields)


BAD = {
    "forged": lambda: forged(signed_init_data(TOKEN, 5550010)),
    "truncated": lambda: signed_init_data(TOKEN, 5550010)[:-12],
    "stale": lambda: signed_init_data(TOKEN, 5550010,
                                      auth_date=time.time() - INIT_DATA_MAX_AGE.total_seconds() - 5),
    "other bot": lambda: signed_init_data("999:another-bot", 5550010),
    "empty": lambda: "",
}


@pytest.mark.parametrize("case", list(BAD))
async def test_bad_init_data_is_refused_and_the_session_is_untouched(client: TestClient, case: str) -> None:
    await sign_up(client, "ana.mini@example.org", name="Ana")
    before = client.session.cookie_jar.filter_cookies(client.make_url("/"))
    response = await post_init_data(client, BAD[case]())
    assert response.status == 401
    assert "Set-Cookie" not in response.headers
    assert client.session.cookie_jar.filter_cookies(client.make_url("/")) == before
    assert await signed_in_name(client) == "Ana"


async def test_bad_init_data_leaves_an_anonymous_visitor_anonymous(client: TestClient) -> None:
    response = await post_init_data(client, BAD["forged"]())
    assert response.status == 401
    assert await signed_in_name(client) is None


async def test_replayed_init_data_is_refused(client: TestClient) -> None:
    init_data = signed_init_data(TOKEN, 5550020)
    assert (await post_init_data(client, init_data)).status == 200
    assert (await post_init_data(client, init_data)).status == 401
    # Someone who copied the string, with a browser of their own, gets nothing either.
    client.session.cookie_jar.clear()
    assert (await post_init_data(client, init_data)).status == 401
    assert await signed_in_name(client) is None


async def test_another_telegram_user_in_the_same_session_is_refused(client: TestClient) -> None:
    assert (await post_init_data(client, signed_init_data(TOKEN, 5550030, first_name="First"))).status == 200
    response = await post_init_data(client, signed_init_data(TOKEN, 5550031, first_name="Second"))
    assert response.status == 401 and "Set-Cookie" not in response.headers
    assert await signed_in_name(client) == "First Wei"


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"start": "c1"}', b'{"init_data": 5}'])
async def test_malformed_bodies_are_refused(client: TestClient, body: bytes) -> None:
    session_url, csrf = await entry(client)
    response = await client.post(session_url, data=body,
                                 headers={"X-CSRF-Token": csrf, "Content-Type": "application/json"})
    assert response.status == 401


async def test_without_a_csrf_token_nothing_happens(client: TestClient) -> None:
    session_url, _ = await entry(client)
    response = await client.post(session_url, json={"init_data": signed_init_data(TOKEN, 5550040)})
    assert response.status == 403


async def test_without_a_bot_there_is_no_mini_app_sign_in(demo_url: str) -> None:
    app = create_app(make_settings(demo_url))
    async with TestClient(TestServer(app)) as plain:
        response = await post_init_data(plain, signed_init_data(TOKEN, 5550050))
        assert response.status == 404


@pytest.mark.parametrize("backend", ["process", "redis"])
async def test_a_signature_is_spent_once_until_it_expires(backend: str) -> None:
    from portal.replay import SpentInitData
    from tests.portal.conftest import TEST_REDIS_URL

    clock = [1000.0]
    redis = None
    if backend == "redis":
        if not TEST_REDIS_URL:
            pytest.skip("TEST_REDIS_URL is not set")
        from redis.asyncio import Redis

        redis = Redis.from_url(TEST_REDIS_URL)
    spent = SpentInitData(redis, clock=lambda: clock[0])
    signature = f"sig-{time.time_ns()}"
    try:
        assert await spent.spend(signature, 60)
        assert not await spent.spend(signature, 60)
        assert await spent.spend(signature + "-other", 60)
        if redis is None:
            clock[0] += 62
            assert await spent.spend(signature, 60)  # forgotten once it could not be used anyway
    finally:
        if redis is not None:
            await redis.delete(SpentInitData.PREFIX + signature, SpentInitData.PREFIX + signature + "-other")
            await redis.aclose()
