"""PostgreSQL going away, coming back, slowing down and dropping connections under the running portal.

What must hold: requests during an outage fail fast with a localized 503 (no hang, no traceback);
the same process serves again once the database is back; every enrollment the portal
acknowledged is in the database, whole (seat counted, notification queued), and none is half
written; /healthz says unavailable, degraded, then ok.
"""

from __future__ import annotations

import asyncio
import time

import psycopg
from aiohttp.test_utils import TestClient

from tests.databases import mailed_token
from tests.faults.conftest import TIMEOUT
from tests.portal.conftest import csrf_from
from tests.portal.test_accounts import PASSWORD
from tests.tcp_proxy import TcpProxy

LEARNERS = 6


async def signed_up(client: TestClient, index: int, url: str) -> str:
    """Sign up and open the mailed confirmation link (which signs in); the account page's CSRF token."""
    token = csrf_from(await (await client.get("/en/account/signup")).text())
    response = await client.post("/en/account/signup", allow_redirects=False, data={
        "csrf_token": token, "email": f"fault{index}@example.org", "password": PASSWORD, "name": f"F{index}"})
    assert response.status == 303
    confirm = f"/en/account/confirm/{mailed_token(url, f'fault{index}@example.org')}"
    token = csrf_from(await (await client.get(confirm)).text())
    assert (await client.post(confirm, data={"csrf_token": token}, allow_redirects=False)).status == 303
    return csrf_from(await (await client.get("/en/account/")).text())


def open_intakes(url: str, count: int) -> list[tuple[int, int]]:
    """Intakes of published courses that still take enrollments: (intake id, course id)."""
    with psycopg.connect(url) as conn:
        return [(row[0], row[1]) for row in conn.execute(
            "SELECT i.id, i.course_id FROM intake i JOIN course c ON c.id = i.course_id "
            "WHERE c.status = 'published' AND i.starts_at > now() "
            "AND (i.enroll_deadline IS NULL OR i.enroll_deadline > now()) ORDER BY i.id LIMIT %s", [count])]


async def test_an_outage_mid_load_fails_fast_recovers_and_loses_nothing(
        proxied_client: TestClient, proxy: TcpProxy, postgres_url: str) -> None:
    from aiohttp import ClientSession, CookieJar

    base = str(proxied_client.make_url("/"))
    # Each learner on an address of their own: more than five sign-ups from one address are throttled.
    sessions = [ClientSession(base_url=base, cookie_jar=CookieJar(unsafe=True),
                              headers={"X-Forwarded-For": f"192.0.2.{n + 1}"}) for n in range(LEARNERS)]
    try:
        tokens = []
        for index, session in enumerate(sessions):
            # the signup helper needs a TestClient-like .get/.post: a ClientSession has both
            tokens.append(await signed_up(session, index, postgres_url))  # type: ignore[arg-type]
        intakes = open_intakes(postgres_url, LEARNERS * 3)
        acknowledged: list[tuple[int, int]] = []
        statuses: list[int] = []
        slowest = 0.0

        async def enroll(learner: int, intake: tuple[int, int]) -> None:
            nonlocal slowest
            started = time.monotonic()
            response = await sessions[learner].post(
                f"/en/courses/{intake[1]}/enroll", allow_redirects=False,
                data={"csrf_token": tokens[learner], "intake": str(intake[0])})
            body = await response.text()
            slowest = max(slowest, time.monotonic() - started)
            statuses.append(response.status)
            assert "Traceback" not in body
            if response.status == 503:
                assert "The service is briefly unavailable." in body and response.headers["Retry-After"]
            elif response.status == 303:
                acknowledged.append((learner, intake[0]))
            else:
                assert response.status == 409, body[:300]  # full, already enrolled …

        async def load(learner: int) -> None:
            for intake in intakes:
                await enroll(learner, intake)
                await asyncio.sleep(0.02)

        load_task = asyncio.gather(*(load(learner) for learner in range(LEARNERS)))
        await asyncio.sleep(0.3)
        proxy.cut()
        during = await sessions[0].get("/en/account/")
        assert during.status == 503 and "briefly unavailable" in await during.text()
        await asyncio.sleep(1.0)
        proxy.restore()
        await load_task
        assert 503 in statuses, "the outage was not noticed"
        assert slowest < TIMEOUT + 3, f"a request hung for {slowest:.1f} s"
        # The same process serves again without a restart.
        response = await sessions[0].get("/en/account/")
        assert response.status == 200
    finally:
        for session in sessions:
            await session.close()

    with psycopg.connect(postgres_url) as conn:
        emails = dict(conn.execute("SELECT id, email FROM learner WHERE email LIKE 'fault%'").fetchall())
        learner_ids = {int(email[5:].split("@")[0]): learner_id for learner_id, email in emails.items()}
        active = {(row[0], row[1]) for row in conn.execute(
            "SELECT learner_id, intake_id FROM enrollment WHERE active IS TRUE")}
        for learner, intake_id in acknowledged:
            assert (learner_ids[learner], intake_id) in active, "an acknowledged enrollment was lost"
        # Whole: every seat counted once, every active enrollment has its notification queued.
        mismatched = conn.execute(
            "SELECT i.id FROM intake i LEFT JOIN (SELECT intake_id, count(*) AS n FROM enrollment "
            "WHERE active IS TRUE AND status = 'enrolled' GROUP BY intake_id) e ON e.intake_id = i.id "
            "WHERE i.seats_taken <> coalesce(e.n, 0)").fetchall()
        assert not mismatched, f"seat counts disagree with enrollments in intakes {mismatched}"
        silent = conn.execute(
            "SELECT e.id FROM enrollment e WHERE e.learner_id = ANY(%s) AND NOT EXISTS ("
            "SELECT 1 FROM outbox o WHERE o.learner_id = e.learner_id)", [list(learner_ids.values())]).fetchall()
        assert not silent, "an enrollment was written without its notification"


async def test_a_stalled_database_times_out_and_healthz_recovers(proxied_client: TestClient,
                                                                proxy: TcpProxy) -> None:
    assert (await (await proxied_client.get("/healthz")).text()) == "ok\n"
    proxy.latency = 0.3  # each way, per chunk: a slow link
    response = await proxied_client.get("/healthz")
    assert response.status == 200 and (await response.text()).startswith("degraded: database slow")
    proxy.restore()
    proxy.blackhole()
    started = time.monotonic()
    response = await proxied_client.get("/en/courses?q=welding")
    assert response.status == 503
    assert time.monotonic() - started < TIMEOUT + 3
    health = await proxied_client.get("/healthz")
    assert health.status == 503
    proxy.restore()
    for _ in range(50):  # the pool replaces the connections the stall broke
        response = await proxied_client.get("/healthz")
        if response.status == 200 and await response.text() == "ok\n":
            break
        await asyncio.sleep(0.1)
    assert await response.text() == "ok\n"
    assert (await proxied_client.get("/en/courses?q=welding")).status == 200


async def test_a_flaky_link_that_resets_connections_is_survived(proxied_client: TestClient,
                                                               proxy: TcpProxy) -> None:
    proxy.reset_every = 3
    statuses = [(await proxied_client.get(f"/en/courses?q=w{n}")).status for n in range(10)]
    assert set(statuses) <= {200, 503}, statuses
    proxy.restore()
    statuses = [(await proxied_client.get(f"/en/courses?q=v{n}")).status for n in range(10)]
    assert statuses.count(200) >= 9, statuses
