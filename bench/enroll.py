"""Measure enrollment throughput on SQLite and PostgreSQL, then check that nothing was overbooked.

    python bench/enroll.py                                   # SQLite in a temporary folder
    python bench/enroll.py --postgres postgresql://postgres@127.0.0.1:5432/test

Each run gets a fresh migrated database (PostgreSQL: a scratch database on that server,
dropped afterwards) with ``--intakes`` intakes of ``--capacity`` seats and one learner per
enrollment, so about half of the calls take a seat and half join a waitlist. ``--workers``
coroutines pull (learner, intake) pairs from one queue and call ``courses.enrollment.seats.enroll``;
they are spread over ``--processes`` OS processes (like several web processes), each with
one database context (SQLite: one connection per context, so each process opens
``ceil(workers/processes/8)`` contexts; PostgreSQL: a pool of up to 20 connections).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402

from courses.enrollment import enroll  # noqa: E402
from courses.models import Course, Enrollment, Intake, Learner, Provider  # noqa: E402
from courses.storage import database, upgrade  # noqa: E402
from courses.vocabulary import CourseKind, Delivery, EnrollmentStatus, ProviderKind, Source, Status, Track  # noqa: E402

NOW = datetime(2026, 3, 1, tzinfo=UTC)
SQLITE_CALLS_PER_CONNECTION = 8
T = TypeVar("T")


def scratch_postgres(server_url: str) -> str:
    name = f"lifelong_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\' '
                     "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def drop_postgres(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def prepare(url: str, intakes: int, capacity: int, calls: int) -> list[tuple[int, int]]:
    """Fill the database; return the (learner, intake) pairs to enroll, round-robin over intakes."""
    async with database(url):
        provider = await Provider.create(key="bench", kind=ProviderKind.OPEN_UNIVERSITY, country="CN")
        course = await Course.create(key="bench", provider=provider, track=Track.CONTINUING,
                                     major_category=46, kind=CourseKind.PROFESSIONAL, hours=32,
                                     credits=Decimal(2), delivery=Delivery.ONLINE, status=Status.PUBLISHED)
        starts = NOW + timedelta(days=30)
        await Intake.bulk_create([Intake(course=course, starts_at=starts, capacity=capacity)
                                  for _ in range(intakes)])
        await Learner.bulk_create([Learner(telegram_id=10_000_000 + i) for i in range(calls)],
                                  batch_size=1000)
        intake_ids = list(await Intake.all().order_by("id").values_list("id", flat=True))
        learner_ids = list(await Learner.all().order_by("id").values_list("id", flat=True))
    return [(lid, intake_ids[i % intakes]) for i, lid in enumerate(learner_ids)]


async def run_share(url: str, pairs: list[tuple[int, int]], workers: int, postgres: bool) -> None:
    """Enroll ``pairs`` with ``workers`` coroutines over this process's database context(s)."""
    queue: asyncio.Queue[tuple[int, int]] = asyncio.Queue()
    for pair in pairs:
        queue.put_nowait(pair)

    async def worker() -> None:
        while not queue.empty():
            learner_id, intake_id = queue.get_nowait()
            await enroll(learner_id, intake_id, source=Source.API, now=NOW)

    contexts = 1 if postgres else math.ceil(workers / SQLITE_CALLS_PER_CONNECTION)
    per_context = [workers // contexts + (i < workers % contexts) for i in range(contexts)]

    async def over_context(count: int) -> None:
        async with database(url, global_fallback=False):
            await asyncio.gather(*(worker() for _ in range(count)))

    await asyncio.gather(*(over_context(n) for n in per_context if n))


def process_main(url: str, pairs: list[tuple[int, int]], workers: int, postgres: bool,
                 start: multiprocessing.synchronize.Event) -> None:
    start.wait()
    asyncio.run(run_share(url, pairs, workers, postgres))


async def check(url: str, capacity: int) -> tuple[int, int]:
    """Fail loudly on overbooking, double enrollment or a broken waitlist; return (enrolled, waitlisted)."""
    async with database(url):
        rows = await Enrollment.filter(active=True).values_list("intake_id", "learner_id", "status", "id")
        seats = dict(await Intake.all().values_list("id", "seats_taken"))
    per_intake: dict[int, Counter] = {}
    for intake_id, _, status, _ in rows:
        per_intake.setdefault(intake_id, Counter())[status] += 1
    for intake_id, counts in per_intake.items():
        enrolled = counts[EnrollmentStatus.ENROLLED]
        assert enrolled <= capacity, f"intake {intake_id}: {enrolled} enrolled > capacity {capacity}"
        assert enrolled == seats[intake_id], f"intake {intake_id}: seats_taken != {enrolled} enrolled"
        assert not counts[EnrollmentStatus.WAITLISTED] or enrolled == capacity, "waiting while seats are free"
    pairs = Counter((intake_id, learner_id) for intake_id, learner_id, _, _ in rows)
    assert max(pairs.values()) == 1, "a learner holds two active enrollments in one intake"
    statuses = Counter(status for _, _, status, _ in rows)
    return statuses[EnrollmentStatus.ENROLLED], statuses[EnrollmentStatus.WAITLISTED]


def _run(coroutine_function: Callable[..., Awaitable[T]], *args: object) -> T:
    return asyncio.run(coroutine_function(*args))


def in_child(coroutine_function: Callable[..., Awaitable[T]], *args: object) -> T:
    """Run ``coroutine_function(*args)`` in a fresh process and return its result."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(_run, coroutine_function, *args).result()


def measure(url: str, label: str, workers: int, processes: int, args: argparse.Namespace) -> dict:
    postgres = not url.startswith("sqlite")
    upgrade(url)
    # Tortoise caches compiled queries per model class, so one process never serves two backends:
    # preparing and checking run in child processes as well.
    pairs = in_child(prepare, url, args.intakes, args.capacity, args.calls)
    shares = [pairs[i::processes] for i in range(processes)]
    worker_shares = [workers // processes + (i < workers % processes) for i in range(processes)]
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    children = [ctx.Process(target=process_main, args=(url, share, n, postgres, start))
                for share, n in zip(shares, worker_shares, strict=True)]
    for child in children:
        child.start()
    time.sleep(2.0)  # let every process import and connect before the clock starts
    began = time.perf_counter()
    start.set()
    for child in children:
        child.join()
    elapsed = time.perf_counter() - began
    if any(child.exitcode for child in children):
        raise SystemExit(f"{label}: a worker process failed")
    enrolled, waitlisted = in_child(check, url, args.capacity)
    assert enrolled + waitlisted == len(pairs), "an enrollment was lost"
    return {"backend": label, "workers": workers, "processes": processes, "calls": len(pairs),
            "seconds": elapsed, "per_second": len(pairs) / elapsed, "enrolled": enrolled,
            "waitlisted": waitlisted}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", help="PostgreSQL server URL (a scratch database is made on it)")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--workers", default="8,64")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--intakes", type=int, default=30)
    parser.add_argument("--capacity", type=int, default=50)
    args = parser.parse_args()
    results = []
    for workers in (int(w) for w in args.workers.split(",")):
        if not args.no_sqlite:
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite:///{folder}/bench.db"
                results.append(measure(url, "sqlite", workers, args.processes, args))
        if args.postgres:
            url = scratch_postgres(args.postgres)
            try:
                results.append(measure(url, "postgresql", workers, args.processes, args))
            finally:
                drop_postgres(url)
    print(f"{'backend':<11} {'workers':>7} {'procs':>5} {'calls':>6} {'seconds':>8} {'enroll/s':>9} "
          f"{'enrolled':>8} {'waitlisted':>10}  overbooking")
    for r in results:
        print(f"{r['backend']:<11} {r['workers']:>7} {r['processes']:>5} {r['calls']:>6} "
              f"{r['seconds']:>8.2f} {r['per_second']:>9.0f} {r['enrolled']:>8} {r['waitlisted']:>10}  none")


if __name__ == "__main__":
    main()
