"""Two web processes and delivery workers on PostgreSQL and Redis, the bot in webhook mode.

Started as in production (``python -m portal`` twice, ``python -m bot`` twice in webhook mode,
where it only delivers notifications) on loopback ports, against a fresh database, Redis database 7 and
the fake Bot API server. Enrollments and webhook updates go to both web processes; what must
hold: no overbooking, a session started on one process is valid on the other, a bot
conversation that moves between processes keeps its state, each notification is sent once.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import psycopg
import pytest
from redis.asyncio import Redis

from bot.webhook import SECRET_HEADER, WEBHOOK_PATH
from courses.storage import upgrade
from tests.cluster.processes import Process, free_port
from tests.conftest import TEST_DATABASE_URL
from tests.databases import create_postgres_database, drop_postgres_database, is_postgres, mailed_token
from tests.fake_telegram import TOKEN, FakeTelegram
from tests.portal.conftest import csrf_from, load_demo
from tests.portal.test_accounts import PASSWORD

SECRET = "cluster-webhook-secret"
CAPACITY = 3
WEB_LEARNERS = 6
BOT_LEARNERS = 4

pytestmark = pytest.mark.slow


def redis_url() -> str:
    # The database the run was given: other runs on the same server have their own.
    return os.environ.get("TEST_REDIS_URL", "")


class Cluster:
    def __init__(self, web: list[Process], workers: list[Process], telegram: FakeTelegram, url: str) -> None:
        self.web = web
        self.workers = workers
        self.telegram = telegram
        self.database_url = url


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[Cluster]:
    if not (TEST_DATABASE_URL and is_postgres(TEST_DATABASE_URL)):
        pytest.skip("the cluster test needs PostgreSQL: set TEST_DATABASE_URL=postgresql://…")
    if not os.environ.get("TEST_REDIS_URL"):
        pytest.skip("the cluster test needs Redis: set TEST_REDIS_URL=redis://…")
    url = create_postgres_database(TEST_DATABASE_URL, prefix="lifelong_cluster")
    redis = Redis.from_url(redis_url())
    processes: list[Process] = []
    try:
        upgrade(url)
        await load_demo(url)
        await redis.flushdb()
        async with FakeTelegram() as telegram:
            env = {"DATABASE_URL": url, "REDIS_URL": redis_url(), "SECRET_KEY": "cluster-secret-key",
                   "BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": telegram.url, "BOT_MODE": "webhook",
                   "WEBHOOK_SECRET": SECRET, "WEBHOOK_BASE_URL": "https://portal.example.org",
                   "DATA_DIR": str(tmp_path), "ENVIRONMENT": "development",
                   # Learners come from addresses of their own (sign-ups are throttled per address).
                   "TRUSTED_PROXIES": "127.0.0.1"}
            web = [Process("portal", env, tmp_path / f"web{n}.log", port=free_port()) for n in range(2)]
            # Two delivery workers side by side: SKIP LOCKED claims keep them from sending anything twice.
            workers = [Process("bot", env, tmp_path / f"worker{n}.log") for n in range(2)]
            processes = [*web, *workers]
            for process in processes:
                await process.start()
            for process in processes:
                await process.ready()
            yield Cluster(web, workers, telegram, url)
    finally:
        for process in processes:
            await process.stop()
        await redis.flushdb()
        await redis.aclose()
        drop_postgres_database(url)


def small_intake(url: str) -> tuple[int, int]:
    """An open intake with no enrollments, its capacity lowered to CAPACITY: (intake id, course id)."""
    with psycopg.connect(url) as conn:
        intake_id, course_id = conn.execute(
            "SELECT i.id, i.course_id FROM intake i JOIN course c ON c.id = i.course_id "
            "WHERE c.status = 'published' AND i.starts_at > now() + interval '3 days' "
            "AND (i.enroll_deadline IS NULL OR i.enroll_deadline > now()) "
            "AND NOT EXISTS (SELECT 1 FROM enrollment e WHERE e.intake_id = i.id) ORDER BY i.id LIMIT 1").fetchone()
        conn.execute("UPDATE intake SET capacity = %s, seats_taken = 0 WHERE id = %s", [CAPACITY, intake_id])
    return intake_id, course_id


async def web_learner(base: str, index: int, url: str) -> tuple[aiohttp.ClientSession, str]:
    """A learner signed up (and confirmed through the mailed link) on the web process at ``base``."""
    session = aiohttp.ClientSession(base_url=base, cookie_jar=aiohttp.CookieJar(unsafe=True),
                                    headers={"X-Forwarded-For": f"192.0.2.{index + 1}"})
    async with session.get("/en/account/signup") as response:
        token = csrf_from(await response.text())
    async with session.post("/en/account/signup", allow_redirects=False, data={
            "csrf_token": token, "email": f"c{index}@example.org", "password": PASSWORD,
            "name": f"C{index}"}) as response:
        assert response.status == 303, await response.text()
    confirm = f"/en/account/confirm/{mailed_token(url, f'c{index}@example.org')}"
    async with session.get(confirm) as response:
        token = csrf_from(await response.text())
    async with session.post(confirm, data={"csrf_token": token}, allow_redirects=False) as response:
        assert response.status == 303, await response.text()
    async with session.get("/en/account/") as response:
        return session, csrf_from(await response.text())


async def post_update(session: aiohttp.ClientSession, base: str, update: dict) -> None:
    async with session.post(base + WEBHOOK_PATH, json=update, headers={SECRET_HEADER: SECRET}) as response:
        assert response.status == 200, await response.text()


async def bot_enrollment(cluster: Cluster, session: aiohttp.ClientSession, user_id: int, intake_id: int) -> str:
    """Enroll through the bot, every step to the other web process than the one before; the last answer."""
    telegram = cluster.telegram
    bases = [cluster.web[0].url, cluster.web[1].url]

    async def step(n: int, make_update) -> None:
        make_update()
        update = telegram.updates.pop()
        await post_update(session, bases[n % 2], update)

    def mine(text: str):
        return lambda call: str(call.params.get("chat_id")) == str(user_id) and text in call.text

    mark = len(telegram.calls)
    await step(user_id, lambda: telegram.callback(user_id, f"e:{intake_id}"))
    await telegram.wait_for("sendMessage", mine("Which name"), after=mark)
    await step(user_id + 1, lambda: telegram.message(user_id, f"Learner {user_id}"))
    await telegram.wait_for("sendMessage", mine("phone"), after=mark)
    await step(user_id + 2, lambda: telegram.message(user_id, "Skip"))
    confirm = await telegram.wait_for("sendMessage", mine("confirm"), after=mark)
    assert f"Learner {user_id}" in confirm.text  # the name typed on the other process
    await step(user_id + 3, lambda: telegram.callback(user_id, f"es:yes:{intake_id}", confirm))
    # The answer edits the confirm message: enrolled, or on the waitlist with the number in line.
    done = await telegram.wait_for("editMessageText", lambda call: mine("")(call) and (
        "You are enrolled" in call.text or "on the waitlist" in call.text), after=mark)
    return done.text


async def test_two_web_processes_and_a_worker_keep_every_promise(cluster: Cluster) -> None:
    started = time.monotonic()
    intake_id, course_id = small_intake(cluster.database_url)
    b = cluster.web[1]

    # Sessions: signed up on A, valid on B (Redis sessions).
    learners = [await web_learner(cluster.web[n % 2].url, n, cluster.database_url) for n in range(WEB_LEARNERS)]
    try:
        session, _ = learners[0]
        async with session.get(b.url + "/en/account/", allow_redirects=False) as response:
            assert response.status == 200  # anonymous visitors are sent to sign in
            assert "My enrollments" in await response.text()

        async def web_enroll(n: int) -> int:
            session, token = learners[n]
            other = cluster.web[(n + 1) % 2].url  # enroll on the process it did not sign up on
            async with session.post(f"{other}/en/courses/{course_id}/enroll", allow_redirects=False,
                                    data={"csrf_token": token, "intake": str(intake_id)}) as response:
                return response.status

        async with aiohttp.ClientSession() as bot_session:
            results = await asyncio.gather(
                *(web_enroll(n) for n in range(WEB_LEARNERS)),
                *(bot_enrollment(cluster, bot_session, 7000 + 10 * n, intake_id) for n in range(BOT_LEARNERS)))
    finally:
        for session, _ in learners:
            await session.close()
    assert all(status == 303 for status in results[:WEB_LEARNERS]), results
    assert all("enrolled" in text or "waitlist" in text for text in results[WEB_LEARNERS:]), results

    with psycopg.connect(cluster.database_url) as conn:
        seats, capacity = conn.execute("SELECT seats_taken, capacity FROM intake WHERE id = %s",
                                       [intake_id]).fetchone()
        statuses = dict(conn.execute("SELECT status, count(*) FROM enrollment WHERE intake_id = %s "
                                     "AND active IS TRUE GROUP BY status", [intake_id]).fetchall())
    assert seats == capacity == CAPACITY, "overbooked or seats lost"
    assert statuses == {"enrolled": CAPACITY, "waitlisted": WEB_LEARNERS + BOT_LEARNERS - CAPACITY}

    # The chat that enrolled a bot learner said the outcome once: the workers send them no second
    # "you are enrolled" (the Outbox keeps the row, suppressed), and nothing is left pending.
    telegram = cluster.telegram
    deadline = time.monotonic() + 30
    while True:
        with psycopg.connect(cluster.database_url) as conn:
            pending = conn.execute("SELECT count(*) FROM outbox WHERE status = 'pending' "
                                   "AND channel = 'telegram'").fetchone()[0]
        if pending == 0:
            break
        assert time.monotonic() < deadline, f"{pending} notifications still pending\n{cluster.workers[0].output()}"
        await asyncio.sleep(0.3)
    await asyncio.sleep(1.5)  # a further delivery round must send nothing more
    for n in range(BOT_LEARNERS):
        chat = 7000 + 10 * n
        outcomes = [call for call in telegram.of("editMessageText", chat_id=chat)
                    if "You are enrolled" in call.text or "on the waitlist" in call.text]
        notices = [call for call in telegram.of("sendMessage", chat_id=chat)
                   if call.text.startswith(("You are enrolled in", "You are on the waitlist of"))]
        assert (len(outcomes), len(notices)) == (1, 0), (chat, [call.text for call in outcomes + notices])
    with psycopg.connect(cluster.database_url) as conn:
        kept = dict(conn.execute("SELECT o.status, count(*) FROM outbox o JOIN learner l ON l.id = o.learner_id "
                                 "WHERE l.telegram_id IS NOT NULL GROUP BY o.status").fetchall())
    assert kept == {"suppressed": BOT_LEARNERS}, kept
    assert time.monotonic() - started < 90
