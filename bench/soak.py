"""Soak: a mixed load on real ``python -m portal`` processes over PostgreSQL, for minutes, bounded, loopback only.

    python bench/soak.py                   # five minutes, one web process
    python bench/soak.py --seconds 60 --web 2 --redis-url redis://127.0.0.1:6379/6

Makes a fresh UTF-8 database on the PostgreSQL server named by ``--database-url`` (dropped
afterwards), loads the demo catalogue, starts the web process(es) with the bot in webhook mode
against the fake Bot API server, and one delivery worker. ``--concurrency`` virtual users then
browse, search, enroll (and cancel) and send bot updates through the webhook, without pause.
Prints requests served, errors (5xx, dropped connections), latency percentiles per kind, and the
resident memory of each web process at the end of warm-up and at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from functools import partial
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.webhook import SECRET_HEADER, WEBHOOK_PATH  # noqa: E402
from courses import demo  # noqa: E402
from courses.storage import database, upgrade  # noqa: E402
from tests.cluster.processes import Process, free_port  # noqa: E402
from tests.databases import create_postgres_database, drop_postgres_database  # noqa: E402
from tests.fake_telegram import TOKEN, FakeTelegram  # noqa: E402

SECRET = "soak-webhook-secret"
WORDS = ("welding", "nursing", "电工", "护理", "Chinese", "logistics", "cooking", "计算机", "сварка", "tourism")
MIX = (("browse", 45), ("search", 20), ("enroll", 15), ("bot", 20))
LEARNERS = 24
PASSWORD = "correct horse battery"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


class Load:
    def __init__(self, bases: list[str], catalogue: dict[str, list], seed: int) -> None:
        self.bases = bases
        self.catalogue = catalogue
        self.random = random.Random(seed)
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.statuses: dict[tuple[str, int], int] = defaultdict(int)
        self.learners: list[tuple[aiohttp.ClientSession, str, str]] = []
        self.update_id = 1
        self.recording = False

    def base(self) -> str:
        return self.random.choice(self.bases)

    async def timed(self, kind: str, call) -> None:
        started = time.monotonic()
        try:
            status = await call()
        except (aiohttp.ClientError, TimeoutError):
            status = 599
        if self.recording:
            self.latency[kind].append(time.monotonic() - started)
            self.statuses[kind, status] += 1
            if status >= 500:
                self.errors[kind] += 1

    async def get(self, session: aiohttp.ClientSession, url: str) -> int:
        async with session.get(url, allow_redirects=False) as response:
            await response.read()
            return response.status

    async def browse(self, session: aiohttp.ClientSession) -> int:
        locale = self.random.choice(("en", "zh-Hans", "ru", "ar"))
        path = self.random.choice((
            f"/{locale}/", f"/{locale}/courses", f"/{locale}/courses?page={self.random.randint(1, 8)}",
            f"/{locale}/courses/{self.random.choice(self.catalogue['courses'])}", f"/{locale}/bases",
            f"/{locale}/bases/{self.random.choice(self.catalogue['bases'])}", f"/{locale}/chinese-plus",
            f"/{locale}/courses?track=online&level=national"))
        return await self.get(session, self.base() + path)

    async def search(self, session: aiohttp.ClientSession) -> int:
        query = self.random.choice(WORDS) + ("" if self.random.random() < 0.7 else " " + self.random.choice(WORDS))
        return await self.get(session, f"{self.base()}/en/courses?q={query}")

    async def enroll(self, _: aiohttp.ClientSession) -> int:
        session, token, _email = self.random.choice(self.learners)
        intake_id, course_id = self.random.choice(self.catalogue["intakes"])
        base = self.base()
        if self.random.random() < 0.4:  # cancel what may be there, so seats keep turning over
            url = f"{base}/en/account/enrollments/{intake_id}/cancel"
        else:
            url = f"{base}/en/courses/{course_id}/enroll"
        async with session.post(url, data={"csrf_token": token, "intake": str(intake_id)},
                                allow_redirects=False) as response:
            await response.read()
            return response.status

    async def bot(self, session: aiohttp.ClientSession) -> int:
        self.update_id += 1
        user = 900_000 + self.random.randint(0, 499)
        text = self.random.choice(("/start", "/courses", "/help", self.random.choice(WORDS)))
        message = {"message_id": self.update_id, "date": int(time.time()),
                   "chat": {"id": user, "type": "private", "first_name": "Soak"},
                   "from": {"id": user, "is_bot": False, "first_name": "Soak", "language_code": "en"},
                   "text": text}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
        async with session.post(self.base() + WEBHOOK_PATH, json={"update_id": self.update_id, "message": message},
                                headers={SECRET_HEADER: SECRET}) as response:
            await response.read()
            return response.status

    async def user(self, deadline: float) -> None:
        kinds = [kind for kind, weight in MIX for _ in range(weight)]
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            while time.monotonic() < deadline:
                kind = self.random.choice(kinds)
                await self.timed(kind, partial(getattr(self, kind), session))


async def sign_up(base: str, index: int) -> tuple[aiohttp.ClientSession, str, str]:
    import re

    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with session.get(f"{base}/en/account/signup") as response:
        token = re.search(r'name="csrf_token" value="([^"]+)"', await response.text()).group(1)  # type: ignore[union-attr]
    email = f"soak{index}@example.org"
    async with session.post(f"{base}/en/account/signup", data={
            "csrf_token": token, "email": email, "password": PASSWORD, "name": f"Soak {index}"},
            allow_redirects=False) as response:
        assert response.status == 303, response.status
    async with session.get(f"{base}/en/account/") as response:
        token = re.search(r'name="csrf_token" value="([^"]+)"', await response.text()).group(1)  # type: ignore[union-attr]
    return session, token, email


async def catalogue_ids(url: str) -> dict[str, list]:
    import psycopg

    with psycopg.connect(url) as conn:
        return {
            "courses": [row[0] for row in conn.execute(
                "SELECT id FROM course WHERE status = 'published' ORDER BY id LIMIT 300")],
            "bases": [row[0] for row in conn.execute(
                "SELECT id FROM base WHERE status = 'published' ORDER BY id LIMIT 100")],
            "intakes": [(row[0], row[1]) for row in conn.execute(
                "SELECT i.id, i.course_id FROM intake i JOIN course c ON c.id = i.course_id "
                "WHERE c.status = 'published' AND i.starts_at > now() + interval '1 day' "
                "AND (i.enroll_deadline IS NULL OR i.enroll_deadline > now()) ORDER BY i.id LIMIT 40")],
        }


async def flush(redis_url: str | None) -> None:
    if redis_url:
        from redis.asyncio import Redis

        redis = Redis.from_url(redis_url)
        await redis.flushdb()
        await redis.aclose()


async def soak(args: argparse.Namespace) -> int:
    await flush(args.redis_url)
    url = create_postgres_database(args.database_url, prefix="lifelong_soak")
    processes: list[Process] = []
    workdir = Path(tempfile.mkdtemp(prefix="soak-"))
    try:
        upgrade(url)
        async with database(url):
            from tortoise.transactions import in_transaction

            async with in_transaction() as conn:
                await demo.load(conn, demo.generate(args.scale))
        async with FakeTelegram() as telegram:
            env = {"DATABASE_URL": url, "SECRET_KEY": "soak-secret-key-" + "x" * 32, "BOT_TOKEN": TOKEN,
                   "TELEGRAM_API_URL": telegram.url, "BOT_MODE": "webhook", "WEBHOOK_SECRET": SECRET,
                   "WEBHOOK_BASE_URL": "https://portal.example.org", "DATA_DIR": str(workdir),
                   "REDIS_URL": args.redis_url or ""}
            web = [Process("portal", env, workdir / f"web{n}.log", port=free_port()) for n in range(args.web)]
            processes = [*web, Process("bot", env, workdir / "worker.log")]
            for process in processes:
                await process.start()
            for process in processes:
                await process.ready()
            load = Load([process.url for process in web], await catalogue_ids(url), args.seed)
            load.learners = [await sign_up(web[n % len(web)].url, n) for n in range(LEARNERS)]
            print(f"{args.web} web process(es), {args.concurrency} concurrent users, demo scale {args.scale}, "
                  f"warm-up {args.warmup}s, measured {args.seconds}s", flush=True)
            start = time.monotonic()
            deadline = start + args.warmup + args.seconds
            users = [asyncio.create_task(load.user(deadline)) for _ in range(args.concurrency)]
            await asyncio.sleep(args.warmup)
            load.recording = True
            rss_start = [process.rss_kib() for process in web]
            samples: list[list[int]] = []
            measured_from = time.monotonic()
            while time.monotonic() < deadline:
                await asyncio.sleep(min(10.0, max(0.1, deadline - time.monotonic())))
                samples.append([process.rss_kib() for process in web])
            await asyncio.gather(*users)
            elapsed = time.monotonic() - measured_from
            rss_end = [process.rss_kib() for process in web]
            for session, _, _ in load.learners:
                await session.close()
            report(load, elapsed, rss_start, rss_end, samples)
            crashed = [p.module for p in processes if p.proc is not None and p.proc.returncode is not None]
            if crashed:
                print("processes that exited:", crashed)
            return 1 if sum(load.errors.values()) or crashed else 0
    finally:
        for process in processes:
            await process.stop()
        drop_postgres_database(url)
        await flush(args.redis_url)


def report(load: Load, elapsed: float, rss_start: list[int], rss_end: list[int], samples: list[list[int]]) -> None:
    every = [value for values in load.latency.values() for value in values]
    served = len(every)
    print(f"requests served: {served} in {elapsed:.0f} s ({served / elapsed:.1f}/s)")
    print(f"errors (5xx or dropped): {sum(load.errors.values())} {dict(load.errors)}")
    print("statuses:", ", ".join(f"{kind} {status}: {n}" for (kind, status), n in sorted(load.statuses.items())))
    print(f"latency all: p50 {statistics.median(every) * 1000:.0f} ms, p99 {percentile(every, 0.99) * 1000:.0f} ms")
    for kind, values in sorted(load.latency.items()):
        print(f"  {kind:7} n={len(values):6} p50 {statistics.median(values) * 1000:6.0f} ms"
              f"  p99 {percentile(values, 0.99) * 1000:6.0f} ms")
    for n, (first, last) in enumerate(zip(rss_start, rss_end, strict=True)):
        peak = max(values[n] for values in samples) if samples else last
        print(f"web{n} RSS after warm-up {first / 1024:.1f} MiB, at the end {last / 1024:.1f} MiB "
              f"(peak {peak / 1024:.1f}), growth {100 * (last - first) / first:+.1f}%")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=300.0, help="measured duration (default 300)")
    parser.add_argument("--warmup", type=float, default=30.0, help="unmeasured warm-up (default 30)")
    parser.add_argument("--concurrency", type=int, default=8, help="virtual users (default 8, at most 64)")
    parser.add_argument("--web", type=int, default=1, choices=(1, 2, 3, 4), help="web processes")
    parser.add_argument("--scale", type=int, default=400, help="demo catalogue size (courses)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/test",
                        help="a PostgreSQL server; a database of its own is made on it and dropped")
    parser.add_argument("--redis-url", default=None, help="a Redis database of its own for sessions and caches, "
                        "FLUSHED before and after the run (needed with --web > 1 for bot conversations)")
    args = parser.parse_args()
    args.concurrency = max(1, min(64, args.concurrency))
    return asyncio.run(soak(args))


if __name__ == "__main__":
    sys.exit(main())
