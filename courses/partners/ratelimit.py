"""Per-key request limits of the partner API, counted in fixed one-minute windows.

With Redis (``REDIS_URL``) every web process shares the counts; without it each process counts
on its own, which is right for the embedded single-process setup.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "MemoryRateLimiter",
    "RateLimiter",
    "RedisRateLimiter",
]

WINDOW = 60  # seconds


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the window resets (0 when allowed)


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int) -> Decision: ...


def _decide(count: int, limit: int, window_start: int, now: float) -> Decision:
    reset = max(1, int(window_start + WINDOW - now + 0.999))
    if count > limit:
        return Decision(False, limit, 0, reset)
    return Decision(True, limit, limit - count, 0)


class MemoryRateLimiter:
    """Counts in this process's memory (one web process, or tests)."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._counts: dict[str, tuple[int, int]] = {}

    async def hit(self, key: str, limit: int) -> Decision:
        now = self._clock()
        window = int(now // WINDOW) * WINDOW
        started, count = self._counts.get(key, (window, 0))
        if started != window:
            # A new minute: forget the old windows so the dict stays as small as the active keys.
            self._counts = {k: v for k, v in self._counts.items() if v[0] == window}
            count = 0
        self._counts[key] = (window, count + 1)
        return _decide(count + 1, limit, window, now)


class RedisRateLimiter:
    """Counts in Redis (``INCR`` + ``EXPIRE``), shared by every web process."""

    def __init__(self, redis, prefix: str = "ratelimit:", clock: Callable[[], float] = time.time) -> None:
        self._redis = redis
        self._prefix = prefix
        self._clock = clock

    async def hit(self, key: str, limit: int) -> Decision:
        now = self._clock()
        window = int(now // WINDOW) * WINDOW
        name = f"{self._prefix}{key}:{window}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, WINDOW + 5)
            count, _ = await pipe.execute()
        return _decide(int(count), limit, window, now)
