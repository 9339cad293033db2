"""Mini App init data already spent: each signs a learner in once, so a copied string cannot.

Signatures live in Redis when REDIS_URL is set (every web process sees them), else in the
process (the single-process default), each only until its init data would be too old anyway.
"""

from __future__ import annotations

import time
from typing import Any


class SpentInitData:
    """Remember init data signatures until they expire; :meth:`spend` is True only the first time."""

    PREFIX = "portal:initdata:"

    def __init__(self, redis: Any = None, clock=time.monotonic) -> None:
        self._redis = redis
        self._clock = clock
        self._until: dict[str, float] = {}

    async def spend(self, signature: str, lifetime: float) -> bool:
        """Mark ``signature`` spent for ``lifetime`` seconds; False when it already was."""
        seconds = max(1, int(lifetime) + 1)
        if self._redis is not None:
            return bool(await self._redis.set(self.PREFIX + signature, b"1", nx=True, ex=seconds))
        now = self._clock()
        if len(self._until) > 1024:  # forget the expired ones now and then, not on every call
            self._until = {key: until for key, until in self._until.items() if until > now}
        if self._until.get(signature, 0.0) > now:
            return False
        self._until[signature] = now + seconds
        return True
