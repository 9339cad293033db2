"""Short-lived counts of large lists, so that totals and facets do not rescan 100,000 rows per page.

A count is kept for at most ``ttl`` seconds in this process and dropped at once when this
process reindexes; another process may show a count up to ``ttl`` seconds old. Only large
counts are kept (``keep``): small ones cost less to recount than to get wrong. Counts are a
courtesy to the reader, never used to decide anything (enrollment reads the rows themselves).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class CountCache:
    """A small LRU of computed counts with a time to live."""

    def __init__(self, ttl: float = 60.0, size: int = 2048) -> None:
        self.ttl = ttl
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()

    async def get(self, key: Hashable, compute: Callable[[], Awaitable[T]],
                  keep: Callable[[T], bool] = lambda _: True) -> T:
        """Return the cached value of ``key``, computing it when missing or older than the TTL.

        A computed value is kept only when ``keep(value)`` says so.
        """
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and now - entry[0] < self.ttl:
            self._entries.move_to_end(key)
            return entry[1]  # type: ignore[return-value]
        value = await compute()
        if not keep(value):
            return value
        self._entries[key] = (now, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return value

    def forget(self) -> None:
        """Drop every count (the catalogue changed)."""
        self._entries.clear()


LARGE = 5000  # counts from here on are worth keeping


def database_key(conn: object) -> tuple[str, str]:
    """What tells one database from another in a cache key: the SQLite file or the PostgreSQL database."""
    return (str(getattr(conn, "connection_name", "")),
            str(getattr(conn, "filename", None) or getattr(conn, "database", None) or id(conn)))


counts = CountCache()
