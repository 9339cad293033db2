"""Load the demo catalogue for a benchmark and time calls in-process.

``DATABASE_URL`` picks the database: unset, a fresh SQLite file in a temporary folder; a
PostgreSQL URL, a fresh UTF-8 database on that server (dropped afterwards).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tortoise.transactions import in_transaction
from tqdm import tqdm

from courses import demo
from courses.storage import upgrade


def arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", type=int, default=100_000, help="number of courses (default 100000)")
    parser.add_argument("--rounds", type=int, default=200, help="calls per case (default 200)")
    return parser.parse_args()


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new, migrated, empty database; removed afterwards."""
    target = os.environ.get("DATABASE_URL", "")
    if target.startswith("postgres"):
        from tests.databases import create_postgres_database, drop_postgres_database

        url = create_postgres_database(target, prefix="lifelong_bench")
        try:
            upgrade(url)
            yield url
        finally:
            drop_postgres_database(url)
        return
    with tempfile.TemporaryDirectory(prefix="lifelong-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        yield url


@contextmanager
def given_database() -> Iterator[str]:
    """``DATABASE_URL`` as it is (migrated already), or else a new, migrated SQLite file, removed afterwards."""
    url = os.environ.get("DATABASE_URL")
    if url:
        yield url
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        upgrade(url)
        yield url


async def load_demo(scale: int) -> None:
    """Generate and load the demo catalogue (indexed for search) into the open database."""
    started = time.perf_counter()
    rows = demo.generate(scale)
    with tqdm(total=demo.work(rows), unit="row", desc="Loading", file=sys.stderr) as bar:
        async with in_transaction() as conn:
            await demo.load(conn, rows, progress=bar.update)
    print(f"loaded {scale} courses in {time.perf_counter() - started:.1f} s", file=sys.stderr)


async def measure(name: str, call: Callable[[int], Awaitable[object]], rounds: int) -> list[float]:
    """Time ``rounds`` calls (after one warm-up) and print the median and p95 in milliseconds."""
    await call(0)
    times = []
    for i in range(rounds):
        started = time.perf_counter()
        await call(i)
        times.append((time.perf_counter() - started) * 1000)
    report(name, times)
    return times


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"{name:<52} median {statistics.median(times):7.2f} ms   p95 {p95:7.2f} ms   n={len(times)}")
