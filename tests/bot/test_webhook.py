"""Webhook mode: the route on an aiohttp application, the secret token, the bot's lifetime."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.webhook import SECRET_HEADER, WEBHOOK_PATH, mount_webhook
from courses.settings import BotMode, Settings
from courses.storage import database
from tests.fake_telegram import FakeTelegram

SECRET = "s3cret-token_for-tests"


@pytest.fixture
def webhook_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"bot_mode": BotMode.WEBHOOK, "webhook_secret": SECRET,
                                       "webhook_base_url": "https://portal.example.org/"})


@pytest.fixture
async def client(webhook_settings: Settings) -> AsyncIterator[TestClient]:
    app = web.Application()

    async def open_database(app: web.Application) -> AsyncIterator[None]:
        async with database(webhook_settings.database_url):
            yield

    app.cleanup_ctx.append(open_database)
    mount_webhook(app, webhook_settings)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


def start_update(telegram: FakeTelegram, update_id: int = 9001) -> dict:
    return {"update_id": update_id, "message": telegram._message(808, "en", text="/start", entities=[
        {"type": "bot_command", "offset": 0, "length": 6}])}


async def test_startup_sets_the_webhook_with_the_secret(client: TestClient, telegram: FakeTelegram) -> None:
    (call,) = telegram.of("setWebhook")
    assert call.params["url"] == "https://portal.example.org" + WEBHOOK_PATH
    assert call.params["secret_token"] == SECRET
    assert "message" in call.params["allowed_updates"] and "callback_query" in call.params["allowed_updates"]


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + "x"},
                                     {SECRET_HEADER: ""}])
async def test_a_wrong_secret_is_rejected_and_nothing_is_processed(client: TestClient, telegram: FakeTelegram,
                                                                   headers: dict[str, str]) -> None:
    response = await client.post(WEBHOOK_PATH, json=start_update(telegram), headers=headers)
    assert response.status == 401
    assert not telegram.of("sendMessage")


async def test_the_right_secret_handles_the_update_once(client: TestClient, telegram: FakeTelegram) -> None:
    update = start_update(telegram)
    for _ in range(2):  # Telegram redelivers when it did not hear back in time
        response = await client.post(WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET})
        assert response.status == 200
    sends = telegram.of("sendMessage", chat_id=808)
    assert len(sends) == 1 and sends[0].buttons()


async def test_garbage_with_the_right_secret_is_a_bad_request(client: TestClient,
                                                               telegram: FakeTelegram) -> None:
    response = await client.post(WEBHOOK_PATH, data=b"not json", headers={SECRET_HEADER: SECRET})
    assert response.status == 400


def test_mounting_without_a_secret_is_refused(settings: Settings) -> None:
    unsafe = settings.model_copy(update={"bot_mode": BotMode.WEBHOOK, "webhook_secret": None,
                                         "webhook_base_url": "https://portal.example.org"})
    with pytest.raises(ValueError, match="WEBHOOK_SECRET"):
        mount_webhook(web.Application(), unsafe)
