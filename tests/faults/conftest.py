"""The real portal on PostgreSQL reached through a TCP proxy that the tests cut, slow down or reset."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from courses.storage import upgrade
from portal.app import create_app
from tests.bot.conftest import settings  # noqa: F401  (fixtures)
from tests.conftest import TEST_DATABASE_URL
from tests.databases import create_postgres_database, drop_postgres_database, is_postgres
from tests.portal.conftest import demo_template, demo_url, load_demo, make_settings  # noqa: F401  (fixtures)
from tests.tcp_proxy import TcpProxy

TIMEOUT = 2.0  # the application's database timeout in these tests


@pytest.fixture
def postgres_url() -> Iterator[str]:
    if not (TEST_DATABASE_URL and is_postgres(TEST_DATABASE_URL)):
        pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL=postgresql://…")
    url = create_postgres_database(TEST_DATABASE_URL, prefix="lifelong_faults")
    upgrade(url)
    yield url
    drop_postgres_database(url)


@pytest.fixture
async def proxy(postgres_url: str) -> AsyncIterator[TcpProxy]:
    await load_demo(postgres_url)
    host_port = postgres_url.split("@", 1)[1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    async with TcpProxy(host, int(port or 5432)) as tcp:
        yield tcp


@pytest.fixture
async def proxied_client(proxy: TcpProxy, postgres_url: str) -> AsyncIterator[TestClient]:
    # Behind a trusted proxy, so that each learner can come from an address of their own (X-Forwarded-For):
    # sign-ups are throttled per address.
    app = create_app(make_settings(proxy.url(postgres_url), database_timeout=TIMEOUT,
                                   trusted_proxies=("127.0.0.1",)))
    async with TestClient(TestServer(app)) as client:
        yield client
