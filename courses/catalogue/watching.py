"""Keep this process's in-memory catalogue index in step with the database other processes write.

Writes made in this process refresh the index themselves (every reindex bumps it). Writes made
elsewhere — another web process, the CLI, an import — show in the catalogue stamp, read cheaply
every :data:`CHECK_EVERY` seconds (the thorough fingerprint every :data:`THOROUGH_EVERY` checks);
a change rebuilds the index in the background while the previous one keeps answering.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from courses.catalogue.freshness import follow_stamp
from courses.search import memory
from courses.storage.sql import connection

__all__ = [
    "watch_catalogue",
]

CHECK_EVERY = 2.0
THOROUGH_EVERY = 5


@contextlib.asynccontextmanager
async def watch_catalogue(synonyms: Path | None = None, every: float = CHECK_EVERY) -> AsyncIterator[None]:
    """Build the index now, then follow the catalogue until the block ends.

    ``synonyms`` is a file of extra synonyms (the ``SEARCH_SYNONYMS`` setting), read at every build.
    """
    memory.synonym_file[0] = synonyms
    await memory.current(connection())
    last: list[str] = []  # the stamp the index was built for

    async def seen(stamp: str) -> None:
        if last and stamp != last[0]:
            memory.bump(connection())
        last[:] = [stamp]
        await memory.current(connection())  # starts the rebuild in the background

    async with follow_stamp(seen, every=every, thorough_every=THOROUGH_EVERY):
        yield
