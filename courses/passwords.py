"""Password hashes of learners and staff: argon2id, computed off the event loop, equal cost for unknown accounts."""

from __future__ import annotations

import asyncio
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """A hash to verify against when the account is unknown: a wrong email costs as much as a wrong password."""
    return _hasher.hash("no such account")


async def hash_password(password: str) -> str:
    """Return an argon2id hash of ``password``, made in a worker thread (it takes tens of ms on purpose)."""
    return await asyncio.to_thread(_hasher.hash, password)


async def password_matches(stored: str | None, password: str) -> bool:
    """True when ``password`` matches the ``stored`` hash; None (no account) costs the same and is False."""
    def check() -> bool:
        try:
            return _hasher.verify(stored or _dummy_hash(), password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False
    return await asyncio.to_thread(check)


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(stored)
