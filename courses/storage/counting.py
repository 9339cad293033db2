"""Short-lived counts of large lists, so that totals and facets do not rescan 100,000 rows per page.

A count is kept for at most ``ttl`` seconds in this process and dropped at once when this
process reindexes; another process may show a count up to ``ttl`` seconds old. Only counts
that were slow to make and are large are kept: the others cost less to recount than to show
stale. Counts are a courtesy to the reader, never used to decide anything (enrollment reads
the rows themselves).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import TypeVar

__all__ = [
    "counts",
]

T = TypeVar("T")


class CountCache:
    """A small LRU of computed counts with a time to live."""

    def __init__(self, ttl: float = 60.0, size: int = 2048, min_cost: float = 0.002) -> None:
        self.ttl = ttl
        self.size = size
        self.min_cost = min_cost
        self._entries: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()

    async def get(
        self, key: Hashable, compute: Callable[[], Awaitable[T]], keep: Callable[[T], bool] = lambda _: True
    ) -> T:
        """Return the cached value of ``key``, computing it when missing or older than the TTL.

        A computed value is kept when it took ``min_cost`` seconds or more and ``keep(value)`` says so.
        """
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and now - entry[0] < self.ttl:
            self._entries.move_to_end(key)
            return entry[1]  # type: ignore[return-value]
        value = await compute()
        if time.monotonic() - now < self.min_cost or not keep(value):
            return value
        self._entries[key] = (now, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return value

    def forget(self) -> None:
        """Drop every count (the catalogue changed)."""
        self._entries.clear()


LARGE = 500  # smaller counts are never kept: a test catalogue, or a list narrow enough to recount


def database_key(conn: object) -> tuple[str, str]:
    """What tells one database from another in a cache key: the SQLite file or the PostgreSQL database."""
    return (
        str(getattr(conn, "connection_name", "")),
        str(getattr(conn, "filename", None) or getattr(conn, "database", None) or id(conn)),
    )


counts = CountCache()
