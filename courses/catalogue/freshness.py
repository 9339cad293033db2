"""Fingerprints of what public catalogue pages show, to tell when cached pages went stale.

Two speeds, because reading everything costs ~0.1 s on a 100,000-course catalogue:

* :func:`catalogue_stamp` reads only index tops and small tables (well under a millisecond):
  it changes when a course, text, base, intake, partner selection or enrollment is added or
  removed, and when an enrollment changes (seats and waitlists are on the pages);
* :func:`catalogue_fingerprint` also reads every course's and base's ``updated_at`` and the
  seats taken, so it sees courses and bases edited in place.

Texts edited in place without saving their course are seen by neither: whoever writes them
drops the cached pages explicitly (the portal's ``PageCache.invalidate``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import cast

from tortoise.functions import Count, Max, Sum
from tortoise.models import Model

from courses.models import Base, Course, CourseText, Enrollment, Intake, Partner, PartnerCourse

__all__ = [
    "catalogue_fingerprint",
    "catalogue_stamp",
    "follow_stamp",
]

log = logging.getLogger(__name__)


def _digest(parts: list) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


async def _top(model: type[Model]) -> int | None:
    # A flat values_list of one row is that row's value (None without rows); Tortoise types it as a tuple.
    return cast(int | None, await model.all().order_by("-id").first().values_list("id", flat=True))


async def catalogue_stamp() -> str:
    """A cheap string that changes when catalogue rows are added or removed, or an enrollment changes."""
    parts = [
        await Course.all().count(),
        await _top(Course),
        await _top(CourseText),
        await _top(Base),
        await _top(Intake),
        await _top(Partner),
        await PartnerCourse.all().annotate(n=Count("id"), last=Max("id")).values_list("n", "last"),
        await Enrollment.all().annotate(n=Count("id"), last=Max("updated_at")).values_list("n", "last"),
    ]
    return _digest(parts)


async def catalogue_fingerprint() -> str:
    """A thorough string that also changes when a course or base is edited or seats are taken."""
    parts = [
        await Course.all().annotate(last=Max("updated_at")).values_list("last", flat=True),
        await CourseText.all().annotate(n=Count("id")).values_list("n", flat=True),
        await Base.all().annotate(last=Max("updated_at")).values_list("last", flat=True),
        await Intake.all().annotate(n=Count("id"), seats=Sum("seats_taken")).values_list("n", "seats"),
    ]
    return _digest(parts)


@contextlib.asynccontextmanager
async def follow_stamp(seen: Callable[[str], Awaitable[object]], *, every: float,
                       thorough_every: int) -> AsyncIterator[None]:
    """Pass the catalogue's stamp to ``seen`` now, then every ``every`` seconds in the background,
    until the block ends.

    The stamp is the cheap :func:`catalogue_stamp`, read at every check, followed by the thorough
    :func:`catalogue_fingerprint`, re-read every ``thorough_every`` checks. A failure of the first
    read or call is raised; later ones are logged and the following goes on (a database hiccup
    must not stop it).
    """
    thorough = await catalogue_fingerprint()
    await seen(await catalogue_stamp() + thorough)

    async def follow() -> None:
        nonlocal thorough
        ticks = 0
        while True:
            await asyncio.sleep(every)
            ticks += 1
            try:
                if ticks % thorough_every == 0:
                    thorough = await catalogue_fingerprint()
                await seen(await catalogue_stamp() + thorough)
            except Exception:
                log.exception("Could not follow the catalogue stamp")

    task = asyncio.create_task(follow())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
