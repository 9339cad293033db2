"""Portal sessions kept in the database: load, store, forget, purge.

Keys are random strings handed to the browser; only their SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from courses.learners.tables import WebSession

__all__ = [
    "forget_learner_sessions",
    "forget_session",
    "load_session",
    "purge_expired_sessions",
    "store_session",
]


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def load_session(key: str, now: datetime) -> dict | None:
    """The data of a live session, or None when it is unknown, ended or expired."""
    row = await WebSession.get_or_none(key_hash=_hash(key), expires_at__gt=now)
    if row is None:
        return None
    try:
        data = json.loads(row.data)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


async def store_session(key: str, data: dict, expires_at: datetime) -> None:
    """Create or replace the session stored under ``key``."""
    key_hash = _hash(key)
    encoded = json.dumps(data, separators=(",", ":"))
    updated = await WebSession.filter(key_hash=key_hash).update(data=encoded, expires_at=expires_at)
    if not updated:
        await WebSession.create(key_hash=key_hash, data=encoded, expires_at=expires_at)


async def forget_session(key: str) -> None:
    """End a session: its key opens nothing any more."""
    await WebSession.filter(key_hash=_hash(key)).delete()


async def forget_learner_sessions(learner_id: int) -> int:
    """End every stored session signed in as ``learner_id``; return how many were ended.

    A session names its learner as ``learner_id`` in its data, at the top level or under
    ``session`` (where aiohttp-session keeps what the portal stores).
    """
    # Only hashes of the keys are stored, so the rows are found by their data: a text match
    # narrows them, the parsed JSON decides (so learner 5 never ends learner 50's sessions).
    ended = 0
    for row in await WebSession.filter(data__contains=f'"learner_id":{int(learner_id)}'):
        try:
            data = json.loads(row.data)
        except ValueError:
            continue
        inner = data.get("session") if isinstance(data, dict) else None
        values = inner if isinstance(inner, dict) else data if isinstance(data, dict) else {}
        if values.get("learner_id") == learner_id:
            ended += await WebSession.filter(id=row.id).delete()
    return ended


async def purge_expired_sessions(now: datetime) -> int:
    """Delete sessions past their expiry; return how many."""
    return await WebSession.filter(expires_at__lte=now).delete()
