"""The database helpers: a busy SQLite database is retried, other errors are not."""

from __future__ import annotations

import pytest
from tortoise.exceptions import IntegrityError, OperationalError

from courses.storage import BUSY_ATTEMPTS, as_datetime, retry_when_busy


async def test_busy_errors_are_retried_until_the_operation_succeeds() -> None:
    failures = [OperationalError("database is locked"), OperationalError("database is busy")]

    async def operation() -> str:
        if failures:
            raise failures.pop(0)
        return "done"

    assert await retry_when_busy(operation) == "done"
    assert failures == []


async def test_other_errors_and_endless_busyness_are_raised() -> None:
    calls = 0

    async def broken() -> None:
        nonlocal calls
        calls += 1
        raise OperationalError("no such table: intake")

    with pytest.raises(OperationalError):
        await retry_when_busy(broken)
    assert calls == 1

    async def duplicate() -> None:
        raise IntegrityError("UNIQUE constraint failed")

    with pytest.raises(IntegrityError):
        await retry_when_busy(duplicate)

    async def always_locked() -> None:
        nonlocal calls
        calls += 1
        raise OperationalError("database is locked")

    calls = 0
    with pytest.raises(OperationalError):
        await retry_when_busy(always_locked)
    assert calls == BUSY_ATTEMPTS


def test_sqlite_text_timestamps_become_aware_datetimes() -> None:
    assert as_datetime("2026-03-01 09:00:00+00:00").utcoffset().total_seconds() == 0
    assert as_datetime("2026-03-01 09:00:00.250000").tzinfo is not None
    assert as_datetime(None) is None
