"""Open and close the database: one helper used by the portal, the bot and the CLI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tortoise.context import TortoiseContext

from courses.settings import database_urls

MODELS = ["courses.models"]

# A busy SQLite file makes a writer wait rather than fail (the portal and the bot may be two
# processes on one file); WAL lets readers go on while one writes.
SQLITE_PARAMS = "busy_timeout=15000&synchronous=NORMAL&journal_mode=WAL"
POSTGRES_PARAMS = "minsize=1&maxsize=20"


def tortoise_url(url: str) -> str:
    """Return the Tortoise connection URL, with our connection parameters, for a ``DATABASE_URL``."""
    urls = database_urls(url)
    params = SQLITE_PARAMS if urls.is_sqlite else POSTGRES_PARAMS
    separator = "&" if "?" in urls.tortoise else "?"
    return f"{urls.tortoise}{separator}{params}"


@asynccontextmanager
async def database(url: str, *, global_fallback: bool = True) -> AsyncIterator[TortoiseContext]:
    """Connect the models to the database at ``url`` for the duration of the block.

    The schema must already exist (``python -m courses migrate``); this never creates it.
    With ``global_fallback`` the connection is visible to every task of the process (aiohttp
    handlers and aiogram updates run in tasks of their own); a process has one such database.
    """
    urls = database_urls(url)
    if urls.sqlite_path is not None:
        urls.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    async with TortoiseContext() as ctx:
        await ctx.init(db_url=tortoise_url(url), modules={"models": MODELS},
                       _enable_global_fallback=global_fallback)
        yield ctx
