"""The bot's own process: long polling with a bounded number of updates in flight, and the delivery loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiogram import Bot, Dispatcher

from bot.delivery import delivery_loop
from bot.dispatcher import create_bot, create_dispatcher
from bot.profile import set_profile_or_log
from courses.catalogue import watch_catalogue
from courses.settings import BotMode, Settings
from courses.storage import database

log = logging.getLogger(__name__)

# Updates handled at once: unbounded tasks let a burst of 20,000 updates grow the process past
# 500 MB; with a bound it stays near its starting size. SQLite runs one query at a time, so more
# updates in flight only queue there (bench/bot.py measured 16 ahead of 64).
CONCURRENT_UPDATES = 16
POLLING_TIMEOUT = 30

async def finish_in_flight(dp: Dispatcher, timeout: float = 20.0) -> None:
    """Let the updates already taken finish (an enrollment half done, a reply unsent) before closing.

    aiogram stops polling without waiting for the tasks it started; it keeps them in
    ``_handle_update_tasks``.
    """
    tasks = list(getattr(dp, "_handle_update_tasks", ()))
    if tasks:
        await asyncio.wait(tasks, timeout=timeout)


async def poll(bot: Bot, dp: Dispatcher, settings: Settings, *, polling_timeout: int = POLLING_TIMEOUT,
               concurrency: int = CONCURRENT_UPDATES, deliver: bool = True,
               handle_signals: bool = False) -> None:
    """Take updates by long polling until stopped, delivering notifications beside it."""
    await bot.delete_webhook(drop_pending_updates=False)
    await set_profile_or_log(bot, dp["i18n"], settings)
    stop = asyncio.Event()
    delivery = asyncio.create_task(delivery_loop(settings, stop)) if deliver else None
    try:
        await dp.start_polling(bot, allowed_updates=dp.resolve_used_update_types(),
                               polling_timeout=polling_timeout, tasks_concurrency_limit=concurrency,
                               handle_signals=handle_signals, close_bot_session=False)
    finally:
        await finish_in_flight(dp)
        stop.set()
        if delivery is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await delivery


async def run(settings: Settings) -> None:
    """The whole ``python -m bot`` process (polling mode; in webhook mode only the delivery loop)."""
    async with database(settings.database_url):
        bot = create_bot(settings)
        try:
            if settings.bot_mode is BotMode.WEBHOOK:
                log.info("BOT_MODE=webhook: the portal takes updates; this process delivers notifications")
                await delivery_loop(settings, asyncio.Event())
                return
            dp = create_dispatcher(settings)
            try:
                # Searches answer from the in-memory catalogue index: built before polling, kept fresh.
                async with watch_catalogue(settings.search_synonyms):
                    await poll(bot, dp, settings, handle_signals=True)
            finally:
                await dp.storage.close()
        finally:
            await bot.session.close()
