"""One demo catalogue per test module, loaded once and only read by the tests that use it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from tortoise.transactions import in_transaction

from courses import demo
from courses.storage import counts, database, upgrade
from tests.databases import copy_sqlite, create_postgres_database, drop_postgres_database, is_postgres

NOW = datetime(2026, 11, 29, 8, tzinfo=UTC)


async def _load(url: str, scale: int) -> None:
    async with database(url, global_fallback=False):
        async with in_transaction() as conn:
            await demo.load(conn, demo.generate(scale, now=NOW))


def make_demo_database(migrated_url: str, folder: Path, scale: int = demo.DEFAULT_SCALE) -> str:
    """A migrated database holding the demo catalogue (a new one beside ``migrated_url``'s)."""
    if is_postgres(migrated_url):
        url = create_postgres_database(migrated_url, prefix="lifelong_demo")
        upgrade(url)
    else:
        url = copy_sqlite(Path(migrated_url.removeprefix("sqlite:///")), folder / "demo.db")
    asyncio.run(_load(url, scale))
    counts.forget()
    return url


def drop_demo_database(url: str) -> None:
    if is_postgres(url):
        drop_postgres_database(url)
