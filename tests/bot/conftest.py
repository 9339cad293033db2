"""The bot under test: the real Dispatcher polling a fake Bot API server, over a real database."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from tortoise.transactions import in_transaction

from bot.dispatcher import create_bot, create_dispatcher
from bot.polling import poll
from courses import demo
from courses.search import reindex_bases, reindex_courses
from courses.settings import Settings
from tests.fake_telegram import TOKEN, Call, FakeTelegram

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
DEMO_SCALE = 60
WAIT = 20.0  # seconds a reply may take on a busy shared machine before a test gives up


def redis_url() -> str:
    # The database the run was given: other runs on the same server have their own, and this one
    # flushes it.
    return TEST_REDIS_URL


@pytest.fixture
def settings(database_url: str, telegram: FakeTelegram, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, bot_token=TOKEN, telegram_api_url=telegram.url,
                    secret_key="test-secret", data_dir=tmp_path, redis_url=None, _env_file=None)


@pytest.fixture(params=["memory", "redis"])
async def storage(request: pytest.FixtureRequest) -> AsyncIterator[BaseStorage]:
    """FSM storage: memory always, aiogram's RedisStorage too when TEST_REDIS_URL is set."""
    if request.param == "memory":
        yield MemoryStorage()
        return
    if not TEST_REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set")
    from aiogram.fsm.storage.redis import RedisStorage

    redis_storage = RedisStorage.from_url(redis_url())
    await redis_storage.redis.flushdb()
    yield redis_storage
    await redis_storage.redis.flushdb()
    await redis_storage.close()


@pytest.fixture
async def catalogue(db: str) -> str:
    """The demo catalogue (small), indexed for search."""
    async with in_transaction() as conn:
        await demo.load(conn, demo.generate(DEMO_SCALE))
    await reindex_courses()
    await reindex_bases()
    return db


class Chat:
    """One Telegram user talking to the bot through the fake server."""

    def __init__(self, telegram: FakeTelegram, user_id: int, language_code: str | None = "en") -> None:
        self.telegram = telegram
        self.user_id = user_id
        self.language_code = language_code

    def _mine(self, call: Call) -> bool:
        return str(call.params.get("chat_id", call.params.get("user_id", ""))) == str(self.user_id)

    async def expect(self, mark: int, contains: str | None = None,
                     methods: tuple[str, ...] = ("sendMessage", "editMessageText")) -> Call:
        """The first message (new or edited) to this chat since ``mark`` (containing ``contains``)."""
        return await self.telegram.wait_for(
            methods, lambda call: self._mine(call) and (contains is None or contains in call.text),
            after=mark, timeout=WAIT)

    async def say(self, text: str, contains: str | None = None) -> Call:
        mark = len(self.telegram.calls)
        self.telegram.message(self.user_id, text, language_code=self.language_code)
        return await self.expect(mark, contains)

    async def tap(self, message: Call, label: str, contains: str | None = None) -> Call:
        """Press the button labelled ``label`` under ``message``; the screen it shows."""
        mark = len(self.telegram.calls)
        data = message.button(label)["callback_data"]
        self.telegram.callback(self.user_id, data, message, language_code=self.language_code)
        return await self.expect(mark, contains)

    async def press(self, data: str, message: Call | None = None) -> Call:
        """Send a callback with raw ``data``; the answer the bot gave to it."""
        mark = len(self.telegram.calls)
        self.telegram.callback(self.user_id, data, message, language_code=self.language_code)
        return await self.telegram.wait_for("answerCallbackQuery", after=mark, timeout=WAIT)


class RunningBot:
    def __init__(self, telegram: FakeTelegram, dispatcher: Any) -> None:
        self.telegram = telegram
        self.dispatcher = dispatcher

    def chat(self, user_id: int, language_code: str | None = "en") -> Chat:
        return Chat(self.telegram, user_id, language_code)


@pytest.fixture
async def running_bot(db: str, telegram: FakeTelegram, settings: Settings,
                      storage: BaseStorage) -> AsyncIterator[RunningBot]:
    """The real bot, polling the fake server (notifications are delivered by their own tests)."""
    bot = create_bot(settings)
    dp = create_dispatcher(settings, storage=storage)
    task = asyncio.create_task(poll(bot, dp, settings, polling_timeout=1, deliver=False))
    await telegram.wait_for("getMe")
    yield RunningBot(telegram, dp)
    await dp.stop_polling()
    await asyncio.wait_for(task, 10)
    await bot.session.close()
