"""The sign-in and sign-up forms store nothing: their CSRF token is signed, bound to a cookie, and expires."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from courses.learners.tables import WebSession
from portal import csrf
from portal.app import create_app
from portal.sessions import COOKIE_NAME
from tests.portal.conftest import TEST_REDIS_URL, csrf_from, make_settings
from tests.portal.test_accounts import PASSWORD, sign_up

SECRET = "test-secret"  # make_settings' key
FORMS = ("/en/account/signin", "/en/account/signup", "/en/admin/signin")


@pytest.fixture(params=["database", "redis"])
async def backend_client(request: pytest.FixtureRequest, demo_url: str) -> AsyncIterator[tuple[TestClient, object]]:
    """A client of the portal with sessions in the database, or in Redis when TEST_REDIS_URL is set."""
    redis = None
    if request.param == "redis":
        if not TEST_REDIS_URL:
            pytest.skip("TEST_REDIS_URL is not set")
        from redis.asyncio import Redis

        redis = Redis.from_url(TEST_REDIS_URL)
        await redis.flushdb()
    settings = make_settings(demo_url, redis_url=TEST_REDIS_URL if redis is not None else None)
    async with TestClient(TestServer(create_app(settings))) as client:
        yield client, redis
    if redis is not None:
        await redis.flushdb()
        await redis.aclose()


async def stored_sessions(redis: object) -> int:
    if redis is None:
        return await WebSession.all().count()
    return len(await redis.keys("portal:session:*"))  # type: ignore[attr-defined]


async def test_three_hundred_anonymous_form_views_store_no_session(
        backend_client: tuple[TestClient, object]) -> None:
    client, redis = backend_client
    for n in range(300):
        client.session.cookie_jar.clear()  # each a new visitor
        response = await client.get(FORMS[n % len(FORMS)])
        assert response.status == 200
        assert COOKIE_NAME not in response.cookies
        assert csrf.ANONYMOUS_COOKIE in response.cookies
        assert response.headers["Cache-Control"] == "no-store"
    assert await stored_sessions(redis) == 0
    # The anonymous token still signs up and in; only then is a session stored.
    await sign_up(client, "anon@example.org")
    assert await stored_sessions(redis) == 1
    client.session.cookie_jar.clear()
    token = csrf_from(await (await client.get("/en/account/signin")).text())
    response = await client.post("/en/account/signin", allow_redirects=False, data={
        "csrf_token": token, "email": "anon@example.org", "password": PASSWORD})
    assert response.status == 303
    assert await stored_sessions(redis) == 2


async def test_a_returning_visitor_keeps_its_cookie(client: TestClient) -> None:
    first = await client.get("/en/account/signin")
    cookie = first.cookies[csrf.ANONYMOUS_COOKIE].value
    second = await client.get("/fr/account/signup")
    assert csrf.ANONYMOUS_COOKIE not in second.cookies  # the same value goes on being used
    assert second.headers["Cache-Control"] == "no-store"
    assert csrf.anonymous_token_valid(SECRET, cookie, csrf_from(await second.text()), time.time())


async def refused(client: TestClient, token: str, locale: str = "fr") -> str:
    response = await client.post(f"/{locale}/account/signin", allow_redirects=False, data={
        "csrf_token": token, "email": "a@example.org", "password": PASSWORD})
    assert response.status == 403
    return await response.text()


async def test_forged_expired_and_foreign_tokens_are_refused_in_the_page_language(client: TestClient) -> None:
    page = await client.get("/fr/account/signin")
    cookie = page.cookies[csrf.ANONYMOUS_COOKIE].value
    french = "Ce formulaire a expiré"
    expired = csrf.anonymous_token(SECRET, cookie, time.time() - csrf.ANONYMOUS_TTL - 1)
    assert french in await refused(client, expired)
    other_key = csrf.anonymous_token("another-secret", cookie, time.time())
    assert french in await refused(client, other_key)
    other_cookie = csrf.anonymous_token(SECRET, "A" * 22, time.time())
    assert french in await refused(client, other_cookie)
    stretched = f"{int(time.time()) + 10 * csrf.ANONYMOUS_TTL}.{csrf_from(await page.text()).split('.')[1]}"
    assert french in await refused(client, stretched)
    for forged in ("forged", "1.2", csrf_from(await page.text()) + "x"):
        assert french in await refused(client, forged)
    # The page's own token, from the same cookie, is accepted (a wrong password is a 401, not a 403).
    response = await client.post("/fr/account/signin", allow_redirects=False, data={
        "csrf_token": csrf_from(await page.text()), "email": "a@example.org", "password": PASSWORD})
    assert response.status == 401
    # Without its cookie the same token is worthless.
    client.session.cookie_jar.clear()
    await refused(client, csrf_from(await page.text()))


async def test_a_signed_in_session_accepts_only_its_own_token(client: TestClient) -> None:
    await sign_up(client, "own@example.org")
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))[csrf.ANONYMOUS_COOKIE].value
    anonymous = csrf.anonymous_token(SECRET, cookie, time.time())
    response = await client.post("/en/account/signout", data={"csrf_token": anonymous}, allow_redirects=False)
    assert response.status == 403
    assert "My enrollments" in await (await client.get("/en/account/")).text()
