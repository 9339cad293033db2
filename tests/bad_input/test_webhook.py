"""Hostile updates to the portal's webhook route: refused with a 4xx or answered with a message, never a 5xx."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.webhook import SECRET_HEADER, WEBHOOK_PATH
from courses.models import Learner
from courses.settings import BotMode
from portal.app import create_app
from tests.fake_telegram import TOKEN, FakeTelegram
from tests.portal.conftest import make_settings

SECRET = "webhook-secret-for-bad-input"


@pytest.fixture
async def webhook(demo_url: str) -> AsyncIterator[tuple[TestClient, FakeTelegram]]:
    async with FakeTelegram() as telegram:
        settings = make_settings(demo_url, bot_token=TOKEN, telegram_api_url=telegram.url,
                                 bot_mode=BotMode.WEBHOOK, webhook_secret=SECRET,
                                 webhook_base_url="https://portal.example.org")
        async with TestClient(TestServer(create_app(settings))) as client:
            yield client, telegram


async def send(client: TestClient, body: bytes, secret: str = SECRET) -> int:
    response = await client.post(WEBHOOK_PATH, data=body, headers={
        SECRET_HEADER: secret, "Content-Type": "application/json"})
    return response.status


async def test_deeply_nested_json_is_a_bad_request(webhook: tuple[TestClient, FakeTelegram]) -> None:
    client, _ = webhook
    assert await send(client, b"[" * 100_000 + b"]" * 100_000) == 400
    assert await send(client, b'{"update_id": 1, "message": ' + b"{\"a\":" * 20_000 + b"1" + b"}" * 20_001) == 400


@pytest.mark.parametrize("body", [b"", b"\xff\xfe", b"null", b'"text"', b'{"update_id": "x"}', b"\x00"])
async def test_garbage_updates_are_a_bad_request(webhook: tuple[TestClient, FakeTelegram], body: bytes) -> None:
    client, _ = webhook
    assert await send(client, body) == 400


async def test_a_secret_header_that_is_not_utf8_is_refused(webhook: tuple[TestClient, FakeTelegram]) -> None:
    client, _ = webhook
    response = await client.post(WEBHOOK_PATH, data=b"{}", headers={
        SECRET_HEADER: "s\udcff".encode("utf-8", "surrogateescape").decode("latin-1")})
    assert response.status == 401


async def test_forged_callback_data_gets_an_answer(webhook: tuple[TestClient, FakeTelegram]) -> None:
    client, telegram = webhook
    for index, data in enumerate(["enroll:999999999", "x" * 64, "page:-1", "c:\x00", "course:1:2:3:4", ":::"]):
        telegram.callback(777, data)
        update = telegram.updates.pop()
        update["update_id"] = 50_000 + index
        mark = len(telegram.calls)
        response = await client.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET})
        assert response.status == 200, data
        await telegram.wait_for("answerCallbackQuery", after=mark)


async def test_a_name_with_nul_bytes_is_stored_clean(webhook: tuple[TestClient, FakeTelegram]) -> None:
    client, telegram = webhook
    telegram.message(778, "/start")
    update = telegram.updates.pop()
    update["message"]["from"]["first_name"] = "Li\x00\x07"
    mark = len(telegram.calls)
    response = await client.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET})
    assert response.status == 200
    await telegram.wait_for("sendMessage", after=mark)
    learner = await Learner.get(telegram_id=778)
    assert learner.display_name == "Li Wei"
