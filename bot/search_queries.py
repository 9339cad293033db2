"""Searches kept behind a short key, so that a results message pages its own query.

Telegram gives a button 64 bytes of callback data, too few for a query of 200 characters in
any script; a button carries the query's key instead, and the words are kept here for ``ttl``
seconds (in Redis when the FSM state is there, so any process can page any message). The key
is derived from the words: the same search gets the same key, and a key from before a restart
either finds its own words again or has expired — never someone else's newer search.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from typing import Any, Protocol

TTL = 2 * 24 * 3600.0  # a results message older than two days asks for the words again
KEY_BYTES = 6  # 48 bits: 15 decimal digits in the callback data


def query_key(query: str) -> int:
    """The key of a query: its first 48 bits of BLAKE2b, a positive integer."""
    return int.from_bytes(hashlib.blake2b(query.encode(), digest_size=KEY_BYTES).digest(), "big")


class SearchQueries(Protocol):
    async def remember(self, query: str) -> int:
        """Keep ``query`` for ``ttl`` seconds more; its key."""

    async def recall(self, key: int) -> str | None:
        """The query behind ``key``, or None when it expired or never was."""


class MemorySearchQueries:
    """The queries of this process only (the default, like MemoryStorage), bounded in number."""

    def __init__(self, ttl: float = TTL, capacity: int = 50_000) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self._queries: OrderedDict[int, tuple[float, str]] = OrderedDict()

    async def remember(self, query: str) -> int:
        key = query_key(query)
        self._queries[key] = (time.monotonic() + self.ttl, query)
        self._queries.move_to_end(key)
        while len(self._queries) > self.capacity:
            self._queries.popitem(last=False)
        return key

    async def recall(self, key: int) -> str | None:
        kept = self._queries.get(key)
        if kept is None or kept[0] <= time.monotonic():
            return None
        return kept[1]


class RedisSearchQueries:
    """The queries in Redis with an expiry, shared by every process that takes updates."""

    def __init__(self, redis: Any, ttl: float = TTL, prefix: str = "bot:search:") -> None:
        self.redis = redis
        self.ttl = ttl
        self.prefix = prefix

    async def remember(self, query: str) -> int:
        key = query_key(query)
        await self.redis.set(f"{self.prefix}{key}", query.encode(), ex=int(self.ttl))
        return key

    async def recall(self, key: int) -> str | None:
        value = await self.redis.get(f"{self.prefix}{key}")
        if value is None:
            return None
        return value.decode() if isinstance(value, bytes) else str(value)
