"""Whether the domain's database answers, and how fast, for health checks."""

from __future__ import annotations

import asyncio
import logging
import time

from courses.models import Course

__all__ = [
    "database_latency",
]

log = logging.getLogger(__name__)


async def database_latency(timeout: float = 5.0) -> float | None:
    """Seconds a trivial query took; None (and a log line) when it failed or took over ``timeout``."""
    started = time.monotonic()
    try:
        await asyncio.wait_for(Course.filter(id=0).exists(), timeout)
    except Exception as error:  # any driver error means "not healthy", never a crash of the check
        log.warning("The database did not answer the health check: %r", error)
        return None
    return time.monotonic() - started
