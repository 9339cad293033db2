"""Telegram unreachable, then answering 502, then back: polling backs off, the Outbox waits and sends each once.

The bot's own tests cover single failures (a 429, a few 5xx, a refused connection, a 403 that
makes a message undeliverable at once); here the outage is long and the loops run through it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiogram.fsm.storage.memory import MemoryStorage

from bot.dispatcher import create_bot, create_dispatcher
from bot.polling import poll
from courses.enrollment import enroll
from courses.models import Outbox
from courses.notifications import Portal, SendPace, TelegramSender, Worker, run_worker
from courses.settings import Settings
from courses.vocabulary import OutboxStatus, Source
from tests.courses.intakes import NOW, make_intake, make_learners
from tests.fake_telegram import TOKEN, FakeTelegram
from tests.tcp_proxy import TcpProxy

LEARNERS = 5


@pytest.fixture
async def telegram_link(telegram: FakeTelegram, settings: Settings) -> AsyncIterator[tuple[TcpProxy, Settings]]:
    """The fake Bot API server behind a proxy the test can cut."""
    async with TcpProxy("127.0.0.1", telegram.port) as proxy:
        yield proxy, settings.model_copy(update={"telegram_api_url": f"http://127.0.0.1:{proxy.port}"})


async def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not await condition():
        assert time.monotonic() < deadline, "the condition did not hold in time"
        await asyncio.sleep(0.05)


async def test_an_outage_then_502s_delay_notifications_which_are_then_sent_once_each(
        db: str, telegram: FakeTelegram, telegram_link: tuple[TcpProxy, Settings]) -> None:
    proxy, settings = telegram_link
    learners = await make_learners(LEARNERS)
    for learner in learners:
        await enroll(learner.id, (await make_intake()).id, source=Source.BOT, now=NOW)
    assert await Outbox.filter(status=OutboxStatus.PENDING).count() == LEARNERS

    now = [NOW]
    stop = asyncio.Event()
    sender = TelegramSender(TOKEN, settings.telegram_api_url or "", server_retries=1, server_backoff=0.05,
                            pace=SendPace(per_second=200, per_chat=0.0))
    worker = Worker(Portal("https://portal.example.org", settings.locales, settings.default_locale),
                    telegram=sender, clock=lambda: now[0])
    loop = asyncio.create_task(run_worker(worker, stop, idle=0.05))
    try:
        proxy.cut()
        await wait_until(_all_tried)
        await asyncio.sleep(0.5)  # the loop keeps running through the outage
        assert not telegram.of("sendMessage")
        assert await Outbox.filter(status=OutboxStatus.PENDING).count() == LEARNERS
        assert await Outbox.filter(attempts__gt=1).count() == 0, "retried before the backoff ended"

        proxy.restore()
        telegram.fail("sendMessage", 502, "Bad Gateway", times=LEARNERS * 2 + 1)
        for hour in range(1, 8):  # time passes: each hour is past any backoff
            now[0] = NOW + timedelta(hours=hour)
            await asyncio.sleep(0.5)
            if await _none_pending():
                break
        assert await _none_pending()
        assert len(telegram.of("sendMessage")) == LEARNERS * 3 + 1  # 11 answered 502, then one each
        now[0] += timedelta(hours=3)
        await asyncio.sleep(0.5)  # a further round must find nothing to send
    finally:
        stop.set()
        await asyncio.wait_for(loop, 10)
        await worker.close()

    delivered = [call for call in telegram.of("sendMessage") if "_failed" not in call.params]
    assert sorted(int(call.params["chat_id"]) for call in delivered) == sorted(
        learner.telegram_id for learner in learners)
    assert await Outbox.filter(status=OutboxStatus.SENT).count() == LEARNERS


async def _all_tried() -> bool:
    return await Outbox.filter(attempts=0).count() == 0


async def _none_pending() -> bool:
    return await Outbox.filter(status=OutboxStatus.PENDING).count() == 0


async def test_polling_backs_off_while_telegram_is_unreachable_and_resumes(
        db: str, telegram: FakeTelegram, telegram_link: tuple[TcpProxy, Settings]) -> None:
    proxy, settings = telegram_link
    bot = create_bot(settings)
    dp = create_dispatcher(settings, storage=MemoryStorage())
    task = asyncio.create_task(poll(bot, dp, settings, polling_timeout=1, deliver=False))
    try:
        await telegram.wait_for("getMe", timeout=10)  # polling starts right after
        await asyncio.sleep(0.5)
        proxy.cut()
        before = proxy.attempts
        await asyncio.sleep(4.0)
        tried = proxy.attempts - before
        # aiogram waits 1 s, then 1.3 s, 1.7 s … between failed polls: a handful, not a tight loop.
        assert 1 <= tried <= 8, f"{tried} connection attempts in 4 s"
        proxy.restore()
        mark = len(telegram.calls)
        telegram.message(4711, "/start")
        await telegram.wait_for("sendMessage", lambda call: str(call.params.get("chat_id")) == "4711",
                                after=mark, timeout=15)
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(task, 10)
        await bot.session.close()
