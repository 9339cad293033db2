"""Open and close the database: one helper used by the portal, the bot and the CLI."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import asyncpg
from tortoise.backends.base.config_generator import generate_config
from tortoise.context import TortoiseContext
from tortoise.exceptions import DBConnectionError, OperationalError

from courses.settings import database_urls

__all__ = [
    "BUSY_ATTEMPTS",
    "MODELS",
    "database",
    "is_unavailable",
    "retry_when_busy",
    "tortoise_url",
]

MODELS = ["courses.models", "courses.learners.tables", "courses.reach_models", "courses.outcomes.tables"]
T = TypeVar("T")

# A busy SQLite file makes a writer wait rather than fail (the portal and the bot may be two
# processes on one file); WAL lets readers go on while one writes.
SQLITE_PARAMS = "busy_timeout=15000&synchronous=NORMAL&journal_mode=WAL"
POSTGRES_PARAMS = "minsize=1&maxsize=20"
# Seconds a PostgreSQL connect or statement may take before it fails: a request meets a down or
# stalled database with an error it can report, never a hang.
DATABASE_TIMEOUT = 10.0


def tortoise_url(url: str) -> str:
    """Return the Tortoise connection URL, with our connection parameters, for a ``DATABASE_URL``."""
    urls = database_urls(url)
    params = SQLITE_PARAMS if urls.is_sqlite else POSTGRES_PARAMS
    separator = "&" if "?" in urls.tortoise else "?"
    return f"{urls.tortoise}{separator}{params}"


class PooledConnection(asyncpg.Connection):
    """An asyncpg connection that a pool takes back without a reset query.

    asyncpg's default sends ``SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL``
    on every release, which doubled the cost of an enrollment. The domain keeps no session
    state (no LISTEN, advisory locks, SET or cursors outside transactions), and asyncpg still
    ends any open transaction before the connection goes back.
    """

    def get_reset_query(self) -> str:
        return ""


@asynccontextmanager
async def database(url: str, *, global_fallback: bool = True,
                   timeout: float = DATABASE_TIMEOUT) -> AsyncIterator[TortoiseContext]:
    """Connect the models to the database at ``url`` for the duration of the block.

    The schema must already exist (``python -m courses migrate``); this never creates it.
    With ``global_fallback`` the connection is visible to every task of the process (aiohttp
    handlers and aiogram updates run in tasks of their own); a process has one such database.
    On PostgreSQL, connecting and each statement fail after ``timeout`` seconds.
    """
    urls = database_urls(url)
    if urls.sqlite_path is not None:
        urls.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    config = generate_config(tortoise_url(url), {"models": MODELS})
    if not urls.is_sqlite:
        credentials = config["connections"]["default"]["credentials"]
        credentials["connection_class"] = PooledConnection
        credentials["timeout"] = timeout  # connecting
        credentials["command_timeout"] = timeout  # each statement
    async with TortoiseContext() as ctx:
        await ctx.init(config=config, _enable_global_fallback=global_fallback)
        yield ctx


BUSY_ATTEMPTS = 8


def is_busy(error: BaseException) -> bool:
    """Tell whether an error means another connection holds SQLite's lock (worth another try)."""
    text = str(error).lower()
    return isinstance(error, OperationalError) and ("database is locked" in text or "busy" in text)


async def retry_when_busy(operation: Callable[[], Awaitable[T]]) -> T:
    """Run ``operation`` (one whole transaction) again while SQLite reports itself busy.

    busy_timeout already makes a first write wait for the lock; this covers the cases that
    bypass it (a lock upgrade racing a checkpoint, a reader's snapshot gone stale), so a busy
    database delays a request and never fails it, unless it stays busy for every attempt.
    """
    for attempt in range(BUSY_ATTEMPTS):
        try:
            return await operation()
        except OperationalError as error:
            if not is_busy(error) or attempt == BUSY_ATTEMPTS - 1:
                raise
            await asyncio.sleep(0.01 * 2 ** attempt + random.random() * 0.01)
    raise AssertionError("unreachable")


_UNAVAILABLE = (OSError, TimeoutError, asyncpg.InterfaceError, asyncpg.PostgresConnectionError,
                asyncpg.CannotConnectNowError, asyncpg.AdminShutdownError, DBConnectionError)


def is_unavailable(error: BaseException) -> bool:
    """Tell whether an error means the database cannot be reached or did not answer in time.

    Such errors are passing (the pool reconnects once the database is back) and say nothing
    about the request, unlike a constraint or a syntax error.
    """
    seen: BaseException | None = error
    for _ in range(8):  # the driver's error, wrapped by the ORM
        if seen is None:
            return False
        if isinstance(seen, _UNAVAILABLE):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
