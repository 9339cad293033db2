"""Numbers written in paths, query strings, forms and bot payloads.

``str.isdigit`` is true for ``²`` and ``①``, which ``int`` refuses, and ``int`` takes ``٣`` and any
length; every reader of a number from outside goes through :func:`plain_number` instead.
"""

from __future__ import annotations

__all__ = ["MAX_ID_DIGITS", "plain_number"]

# Every id fits a 32-bit integer column: a longer one names nothing, and must not reach the database.
MAX_ID_DIGITS = 9


def plain_number(value: str | None, max_digits: int = MAX_ID_DIGITS) -> int | None:
    """The number ``value`` spells in 1 to ``max_digits`` ASCII digits; None for anything else."""
    if not value or len(value) > max_digits or not value.isascii() or not value.isdigit():
        return None
    return int(value)
