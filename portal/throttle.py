"""Sign-in throttling: failed attempts counted per account and per address in a sliding window.

Counts live in Redis when REDIS_URL is set (shared by every web process), else in the
process (the single-process default).
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Limit:
    attempts: int
    window: int  # seconds


ACCOUNT_LIMIT = Limit(attempts=5, window=15 * 60)
ADDRESS_LIMIT = Limit(attempts=20, window=15 * 60)


def account_key(email: str) -> str:
    return "account:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def address_key(address: str | None) -> str:
    return "address:" + (address or "unknown")


class Throttle:
    """Failed attempts per key; :meth:`retry_after` says how long a key must wait (0 = go ahead)."""

    PREFIX = "portal:throttle:"

    def __init__(self, redis: Any = None, clock=time.monotonic) -> None:
        self._redis = redis
        self._clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    async def retry_after(self, key: str, limit: Limit) -> int:
        if self._redis is not None:
            count = int(await self._redis.get(self.PREFIX + key) or 0)
            if count < limit.attempts:
                return 0
            return max(1, int(await self._redis.ttl(self.PREFIX + key)))
        now = self._clock()
        failures = self._failures.get(key)
        if not failures:
            return 0
        while failures and failures[0] <= now - limit.window:
            failures.popleft()
        if len(failures) < limit.attempts:
            return 0
        return max(1, int(failures[0] + limit.window - now))

    async def fail(self, key: str, limit: Limit) -> None:
        if self._redis is not None:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(self.PREFIX + key)
                pipe.expire(self.PREFIX + key, limit.window, nx=True)
                await pipe.execute()
            return
        self._failures[key].append(self._clock())

    async def clear(self, key: str) -> None:
        if self._redis is not None:
            await self._redis.delete(self.PREFIX + key)
        else:
            self._failures.pop(key, None)
