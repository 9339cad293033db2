"""The bot's few seconds of catalogue reads: kept for ttl, forgotten on demand, errors never kept."""

from __future__ import annotations

import asyncio

import pytest

from bot.read_cache import COURSES, LISTS, ReadCache
from courses.errors import NotFound


async def test_values_are_kept_for_ttl_seconds_then_loaded_again() -> None:
    cache, loads = ReadCache(ttl=0.2), []

    async def load() -> int:
        loads.append(1)
        return len(loads)

    assert await cache.get(COURSES, (1, "en"), load) == 1
    assert await cache.get(COURSES, (1, "en"), load) == 1
    assert await cache.get(COURSES, (1, "ru"), load) == 2  # another locale is another entry
    await asyncio.sleep(0.25)
    assert await cache.get(COURSES, (1, "en"), load) == 3


async def test_forget_drops_one_namespace_only() -> None:
    cache = ReadCache()
    values = iter(range(100))

    async def load() -> int:
        return next(values)

    course, listing = await cache.get(COURSES, 1, load), await cache.get(LISTS, 1, load)
    cache.forget(COURSES)
    assert await cache.get(COURSES, 1, load) != course
    assert await cache.get(LISTS, 1, load) == listing


async def test_errors_are_not_kept_and_the_size_is_bounded() -> None:
    cache, calls = ReadCache(capacity=3), []

    async def missing() -> int:
        calls.append(1)
        raise NotFound("gone")

    for _ in range(2):
        with pytest.raises(NotFound):
            await cache.get(COURSES, 9, missing)
    assert len(calls) == 2

    async def value() -> int:
        return 1

    for key in range(10):
        await cache.get(COURSES, key, value)
    assert len(cache._entries) == 3
