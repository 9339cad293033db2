"""/metrics answers METRICS_ALLOW's addresses and METRICS_TOKEN's bearer only."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from courses.settings import Settings
from portal.app import create_app
from tests.portal.conftest import make_settings


async def metrics_status(demo_url: str, headers: dict[str, str] | None = None, **settings: object) -> int:
    async with TestClient(TestServer(create_app(make_settings(demo_url, **settings)))) as client:
        response = await client.get("/metrics", headers=headers or {})
        if response.status == 200:
            assert "portal_requests_total" in await response.text()
        return response.status


async def test_loopback_reads_metrics_by_default(demo_url: str) -> None:
    assert await metrics_status(demo_url) == 200


async def test_other_addresses_do_not_even_see_the_route(demo_url: str) -> None:
    assert await metrics_status(demo_url, metrics_allow=("192.0.2.0/24",)) == 404
    # A forged X-Forwarded-For from a peer that is no trusted proxy changes nothing ...
    assert await metrics_status(demo_url, {"X-Forwarded-For": "192.0.2.7"}, metrics_allow=("192.0.2.0/24",)) == 404
    # ... while a trusted proxy's is believed.
    assert await metrics_status(demo_url, {"X-Forwarded-For": "192.0.2.7"}, metrics_allow=("192.0.2.0/24",),
                                trusted_proxies=("127.0.0.1",)) == 200


async def test_a_bearer_token_opens_metrics_from_anywhere(demo_url: str) -> None:
    closed = {"metrics_allow": ("192.0.2.1",), "metrics_token": "s3cret-token"}
    assert await metrics_status(demo_url, {"Authorization": "Bearer s3cret-token"}, **closed) == 200
    for wrong in ("Bearer s3cret", "Basic s3cret-token", "Bearer ", "s3cret-token"):
        assert await metrics_status(demo_url, {"Authorization": wrong}, **closed) == 404, wrong


def test_metrics_allow_is_a_list_of_addresses_and_networks() -> None:
    assert Settings(_env_file=None, metrics_allow="10.0.0.0/8, ::1").metrics_allow == ("10.0.0.0/8", "::1")
    with pytest.raises(ValueError, match="METRICS_ALLOW"):
        Settings(_env_file=None, metrics_allow="10.0.0.0/8,localhost")
