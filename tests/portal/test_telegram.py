"""The portal learns the bot's @username over plain HTTP, and hides Telegram links when it cannot."""

from __future__ import annotations

from courses.settings import Settings
from portal.telegram import bot_username
from tests.fake_telegram import BOT_USERNAME, TOKEN, FakeTelegram


async def test_the_username_comes_from_get_me() -> None:
    async with FakeTelegram() as telegram:
        settings = Settings(bot_token=TOKEN, telegram_api_url=telegram.url)
        assert await bot_username(settings) == BOT_USERNAME
        assert telegram.of("getMe")


async def test_a_refused_token_or_a_dead_server_hides_the_links() -> None:
    async with FakeTelegram() as telegram:
        assert await bot_username(Settings(bot_token="1:wrong", telegram_api_url=telegram.url)) is None
        url = telegram.url
    assert await bot_username(Settings(bot_token=TOKEN, telegram_api_url=url), timeout=2) is None
