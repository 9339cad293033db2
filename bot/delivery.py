"""The bot process delivers notifications beside polling with the domain's worker.

Rendering, Telegram's limits and the at-most-once rule live in ``courses.notifications``
(the same worker runs alone as ``python -m courses deliver``); several deliverers side by side
share the Outbox's leases, so running both never sends a notice twice.
"""

from __future__ import annotations

import asyncio

from courses.notifications import create_worker, run_worker
from courses.settings import Settings


async def delivery_loop(settings: Settings, stop: asyncio.Event) -> None:
    """Deliver every due notification on every configured channel until ``stop`` is set."""
    worker = create_worker(settings)
    try:
        await run_worker(worker, stop)
    finally:
        await worker.close()
