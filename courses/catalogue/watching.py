"""Keep this process's in-memory catalogue index in step with the database other processes write.

Writes made in this process refresh the index themselves (every reindex bumps it). Writes made
elsewhere — another web process, the CLI, an import — show in the catalogue stamp, read cheaply
every :data:`CHECK_EVERY` seconds (the thorough fingerprint every :data:`THOROUGH_EVERY` checks);
a change rebuilds the index in the background while the previous one keeps answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from courses.catalogue.freshness import catalogue_fingerprint, catalogue_stamp
from courses.search import memory
from courses.storage.sql import connection

__all__ = [
    "watch_catalogue",
]

CHECK_EVERY = 2.0
THOROUGH_EVERY = 5
log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def watch_catalogue(synonyms: Path | None = None, every: float = CHECK_EVERY) -> AsyncIterator[None]:
    """Build the index now, then follow the catalogue until the block ends.

    ``synonyms`` is a file of extra synonyms (the ``SEARCH_SYNONYMS`` setting), read at every build.
    """
    memory.synonym_file[0] = synonyms
    await memory.current(connection())
    thorough = await catalogue_fingerprint()
    seen = await catalogue_stamp() + thorough

    async def watch() -> None:
        nonlocal thorough, seen
        ticks = 0
        while True:
            await asyncio.sleep(every)
            ticks += 1
            try:
                if ticks % THOROUGH_EVERY == 0:
                    thorough = await catalogue_fingerprint()
                stamp = await catalogue_stamp() + thorough
                if stamp != seen:
                    seen = stamp
                    memory.bump(connection())
                await memory.current(connection())  # starts the rebuild in the background
            except Exception:  # a database hiccup must not stop the watcher
                log.exception("Could not follow the catalogue")

    task = asyncio.create_task(watch())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
