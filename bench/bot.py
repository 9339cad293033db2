"""Updates per second through the whole bot, next to aiogram's minimal echo bot, on one fake Bot API server.

The whole bot: fake server → polling → middlewares → handler → database (the demo catalogue in a
temporary SQLite file) → sendMessage / editMessageText. The mix is a third /start, a third
browse taps (a field's course list, a course card) and a third free-text searches, from many
learners. Both bots poll the same in-process fake server, so both pay for it alike.

    python bench/bot.py [--updates 3000] [--scale 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from aiogram import Bot, Dispatcher, Router
from aiogram.types import Message
from tortoise.transactions import in_transaction

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.dispatcher import create_bot, create_dispatcher  # noqa: E402
from bot.keyboards import CategoryCb, CourseCb, Origin  # noqa: E402
from bot.polling import CONCURRENT_UPDATES, poll  # noqa: E402
from courses import demo  # noqa: E402
from courses.models import Course, CourseText  # noqa: E402
from courses.search import reindex_bases, reindex_courses  # noqa: E402
from courses.settings import Settings  # noqa: E402
from courses.storage import database, upgrade  # noqa: E402
from tests.fake_telegram import TOKEN, FakeTelegram  # noqa: E402


# Learners in the mix: at least 200, and no more than ten updates each per round, which keeps every
# one of them within the flood limit (bot.middlewares.FloodMiddleware) as a person would be.
def learners(updates: int) -> int:
    return max(200, updates // 10)
ANSWERS = ("sendMessage", "editMessageText")


async def wait_answers(telegram: FakeTelegram, count: int, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while sum(telegram.counts[method] for method in ANSWERS) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {len(telegram.calls)} answers")
        await asyncio.sleep(0.01)


async def measure(telegram: FakeTelegram, push_all: list, count: int) -> float:
    """Push ``count`` updates at once and return updates per second until each was answered."""
    telegram.calls.clear()
    telegram.counts.clear()
    started = time.perf_counter()
    for push in push_all[:count]:
        push()
    await wait_answers(telegram, count)
    return count / (time.perf_counter() - started)


def echo_dispatcher() -> Dispatcher:
    """aiogram's minimal echo bot (examples/echo_bot.py)."""
    router = Router()

    @router.message()
    async def echo_handler(message: Message) -> None:
        await message.send_copy(chat_id=message.chat.id)

    dp = Dispatcher()
    dp.include_router(router)
    return dp


async def workload(telegram: FakeTelegram, count: int) -> list:
    courses = await (Course.filter(status="published").order_by("id")
                     .values_list("id", "track", "major_category"))
    words = [max(t.split(), key=len) for t in await CourseText.filter(locale="en").limit(50)
             .values_list("title", flat=True)]
    pushes = []
    for n in range(count):
        user = 10_000 + n % learners(count)
        course_id, track, category = courses[n % len(courses)]
        kind = n % 4
        if kind == 0:
            pushes.append(lambda user=user: telegram.message(user, "/start"))
        elif kind == 1:
            data = CategoryCb(track=track, category=category).pack()
            pushes.append(lambda user=user, data=data: telegram.callback(user, data))
        elif kind == 2:
            data = CourseCb(id=course_id, origin=Origin.NONE).pack()
            pushes.append(lambda user=user, data=data: telegram.callback(user, data))
        else:
            word = words[n % len(words)]
            pushes.append(lambda user=user, word=word: telegram.message(user, word))
    return pushes


async def run_bot(bot: Bot, dp: Dispatcher, settings: Settings, **options: object) -> asyncio.Task:
    return asyncio.create_task(poll(bot, dp, settings, polling_timeout=1, deliver=False, **options))


async def main(updates: int, scale: int, rounds: int, concurrency: int = CONCURRENT_UPDATES) -> None:
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        upgrade(url)
        async with database(url):
            async with in_transaction() as conn:
                await demo.load(conn, demo.generate(scale))
            await reindex_courses()
            await reindex_bases()
            async with FakeTelegram(poll_wait=0.05) as telegram:
                settings = Settings(database_url=url, bot_token=TOKEN, telegram_api_url=telegram.url,
                                    secret_key="bench", data_dir=Path(folder), _env_file=None)
                echo_rates, bot_rates = [], []
                bot = create_bot(settings)
                for _ in range(rounds):
                    # aiogram's echo bot, as its example runs it
                    dp = echo_dispatcher()
                    task = asyncio.create_task(dp.start_polling(bot, polling_timeout=1, handle_signals=False,
                                                                close_bot_session=False))
                    echo = [lambda n=n: telegram.message(10_000 + n % learners(updates), f"hello {n}")
                            for n in range(updates)]
                    await measure(telegram, echo, min(300, updates))  # warm up
                    echo_rates.append(await measure(telegram, echo, updates))
                    await dp.stop_polling()
                    await task
                    # the whole bot
                    dp = create_dispatcher(settings)
                    task = await run_bot(bot, dp, settings, concurrency=concurrency)
                    pushes = await workload(telegram, updates)
                    await measure(telegram, pushes, min(300, updates))  # warm up: learners exist after it
                    bot_rates.append(await measure(telegram, pushes, updates))
                    await dp.stop_polling()
                    await task
                await bot.session.close()
    echo_rate, bot_rate = statistics.median(echo_rates), statistics.median(bot_rates)
    print(f"updates per round: {updates}, rounds: {rounds}, demo scale: {scale}, "
          f"concurrency limit: {concurrency}")
    print(f"echo bot:  {echo_rate:8.0f} updates/s  (rounds: {', '.join(f'{r:.0f}' for r in echo_rates)})")
    print(f"whole bot: {bot_rate:8.0f} updates/s  (rounds: {', '.join(f'{r:.0f}' for r in bot_rates)})")
    print(f"ratio:     {bot_rate / echo_rate:8.2f}  (target >= 0.30)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--scale", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=CONCURRENT_UPDATES,
                        help="updates the whole bot handles at once")
    args = parser.parse_args()
    asyncio.run(main(args.updates, args.scale, args.rounds, args.concurrency))
