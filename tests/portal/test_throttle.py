"""The sign-in throttle's progressive wait, on a clock the test moves."""

from __future__ import annotations

from portal.throttle import ACCOUNT_LIMIT, Throttle, account_key


async def test_each_failure_past_the_limit_doubles_the_wait_up_to_the_window() -> None:
    now = [1000.0]
    throttle = Throttle(clock=lambda: now[0])
    key = account_key("ana@example.org", "203.0.113.9")
    for _ in range(ACCOUNT_LIMIT.attempts):
        assert await throttle.retry_after(key, ACCOUNT_LIMIT) == 0
        await throttle.fail(key, ACCOUNT_LIMIT)
    waits = []
    for _ in range(4):
        wait = await throttle.retry_after(key, ACCOUNT_LIMIT)
        waits.append(wait)
        now[0] += wait
        assert await throttle.retry_after(key, ACCOUNT_LIMIT) == 0
        await throttle.fail(key, ACCOUNT_LIMIT)
    assert waits == [30, 60, 120, 240]
    assert await throttle.retry_after(account_key("ana@example.org", "198.51.100.7"), ACCOUNT_LIMIT) == 0
