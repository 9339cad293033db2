"""Throttles of sign-in and sign-up: attempts counted per key in a sliding window.

Failed sign-ins count per account *and address* (a stranger guessing from elsewhere cannot lock
the owner out) and per address; once over the limit the wait doubles with each further failure,
up to the window. Sign-ups count per address. Counts live in Redis when REDIS_URL is set (shared
by every web process), else in the process (the single-process default).
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
    first_wait: int | None = None  # progressive: seconds after the first failure over the limit


ACCOUNT_LIMIT = Limit(attempts=5, window=15 * 60, first_wait=30)  # per account and address
ADDRESS_LIMIT = Limit(attempts=20, window=15 * 60)
SIGNUP_LIMIT = Limit(attempts=5, window=60 * 60)  # new accounts per address


def email_key(email: str) -> str:
    """The key of one e-mail address, whoever asks (hashed: no address is stored in the clear)."""
    return "email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def account_key(email: str, address: str | None) -> str:
    """The key of one account's failed sign-ins from one address."""
    return f"account:{email_key(email).removeprefix('email:')}:{address or 'unknown'}"


def signup_key(address: str | None) -> str:
    return "signup:" + (address or "unknown")


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
            window_left = max(1, int(await self._redis.ttl(self.PREFIX + key)))
            if limit.first_wait is None:
                return window_left
            last = float(await self._redis.get(self.PREFIX + key + ":last") or 0)
            return min(window_left, _progressive(limit, count, time.time() - last))
        now = self._clock()
        failures = self._failures.get(key)
        if not failures:
            return 0
        while failures and failures[0] <= now - limit.window:
            failures.popleft()
        if len(failures) < limit.attempts:
            return 0
        window_left = max(1, int(failures[0] + limit.window - now))
        if limit.first_wait is None:
            return window_left
        return min(window_left, _progressive(limit, len(failures), now - failures[-1]))

    async def fail(self, key: str, limit: Limit) -> None:
        if self._redis is not None:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(self.PREFIX + key)
                pipe.expire(self.PREFIX + key, limit.window, nx=True)
                pipe.set(self.PREFIX + key + ":last", str(time.time()), ex=limit.window)
                await pipe.execute()
            return
        self._failures[key].append(self._clock())

    async def clear(self, key: str) -> None:
        if self._redis is not None:
            await self._redis.delete(self.PREFIX + key, self.PREFIX + key + ":last")
        else:
            self._failures.pop(key, None)


def _progressive(limit: Limit, failures: int, since_last: float) -> int:
    """Seconds still to wait: ``first_wait`` after reaching the limit, doubled by each failure beyond it."""
    wait = (limit.first_wait or 0) * 2 ** min(failures - limit.attempts, 16)
    return max(0, int(min(wait, limit.window) - since_last))
