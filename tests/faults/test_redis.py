"""Redis going away under the portal: the catalogue keeps serving, sign-in says it is unavailable, all recovers."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis

from portal.app import create_app
from tests.portal.conftest import csrf_from, make_settings
from tests.portal.test_accounts import PASSWORD
from tests.tcp_proxy import TcpProxy


def redis_target() -> tuple[str, int, str]:
    url = os.environ.get("TEST_REDIS_URL", "")
    if not url:
        pytest.skip("needs Redis: set TEST_REDIS_URL=redis://…")
    host_port, _, database = url.split("://", 1)[1].partition("/")
    host, _, port = host_port.rsplit("@", 1)[-1].partition(":")
    # The database the run was given (other runs on the shared server have their own).
    return host, int(port or 6379), f"redis://{host}:{port or 6379}/{database or 0}"


@pytest.fixture
async def redis_proxy() -> AsyncIterator[tuple[TcpProxy, str]]:
    host, port, url = redis_target()
    direct = Redis.from_url(url)
    await direct.flushdb()
    async with TcpProxy(host, port) as proxy:
        yield proxy, proxy.url(url)
    await direct.flushdb()
    await direct.aclose()


@pytest.fixture
async def client(demo_url: str, redis_proxy: tuple[TcpProxy, str]) -> AsyncIterator[TestClient]:
    settings = make_settings(demo_url, redis_url=redis_proxy[1])
    async with TestClient(TestServer(create_app(settings))) as test_client:
        yield test_client


async def test_without_redis_the_catalogue_serves_and_sign_in_says_why(
        client: TestClient, redis_proxy: tuple[TcpProxy, str]) -> None:
    proxy, _ = redis_proxy
    token = csrf_from(await (await client.get("/en/account/signup")).text())
    response = await client.post("/en/account/signup", allow_redirects=False, data={
        "csrf_token": token, "email": "redis@example.org", "password": PASSWORD, "name": "R"})
    assert response.status == 303
    client.session.cookie_jar.clear()

    proxy.cut()
    for path in ("/en/", "/en/courses", "/en/courses?q=welding", "/en/bases", "/en/chinese-plus"):
        response = await client.get(path)
        assert response.status == 200, path
    signin = await client.get("/en/account/signin")
    html = await signin.text()
    assert signin.status in (200, 503)
    if signin.status == 200:  # the form renders; posting it needs the session store
        response = await client.post("/en/account/signin", data={
            "csrf_token": csrf_from(html), "email": "redis@example.org", "password": PASSWORD})
        html = await response.text()
        assert response.status == 503
    assert "Signing in and your account are briefly unavailable" in html
    health = await client.get("/healthz")
    assert health.status == 200 and "redis unavailable" in await health.text()

    proxy.restore()
    assert await (await client.get("/healthz")).text() == "ok\n"
    token = csrf_from(await (await client.get("/en/account/signin")).text())
    response = await client.post("/en/account/signin", allow_redirects=False, data={
        "csrf_token": token, "email": "redis@example.org", "password": PASSWORD})
    assert response.status == 303
    assert (await client.get("/en/account/")).status == 200
