"""A few seconds of catalogue reads, so that popular screens do not query the database on every tap.

What it keeps are course cards, lists and search results as the domain returned them, per
locale, for ``ttl`` seconds; nothing a second process would need (each process has its own, and
a change made elsewhere shows within ``ttl``). The bot forgets the course entries itself when a
learner enrolls or cancels through it, so that the seat counts it shows next are fresh.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

COURSES = "course"
LISTS = "list"
SEARCHES = "search"


class ReadCache:
    def __init__(self, ttl: float = 10.0, capacity: int = 4096) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self._entries: OrderedDict[tuple[str, Hashable], tuple[float, Any]] = OrderedDict()

    async def get(self, namespace: str, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
        """The value ``load()`` returned for this key less than ``ttl`` seconds ago, or a fresh one.

        Errors are not kept: a course that is not found is looked for again next time.
        """
        entry_key = (namespace, key)
        now = time.monotonic()
        cached = self._entries.get(entry_key)
        if cached is not None and cached[0] > now:
            return cached[1]  # type: ignore[no-any-return]
        value = await load()
        self._entries[entry_key] = (now + self.ttl, value)
        self._entries.move_to_end(entry_key)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)
        return value

    def forget(self, *namespaces: str) -> None:
        """Drop every entry of these namespaces (after a change this process made)."""
        for entry_key in [key for key in self._entries if key[0] in namespaces]:
            del self._entries[entry_key]
