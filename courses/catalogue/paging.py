"""Paging rules shared by every catalogue list: sizes, page numbers and cursors."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from courses.errors import InvalidInput

PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 100_000


def check_paging(page: int, per_page: int) -> None:
    if not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
        raise InvalidInput("page must be a positive number", field="page")
    if not isinstance(per_page, int) or not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput("per_page must be between 1 and 100", field="per_page")


_KEYSET = re.compile(r"^k([0-9]{1,10})p([0-9]{1,6})$")


def read_cursor(cursor: str, kind: str) -> int:
    """An offset cursor, ``o<offset>`` (relevance and distance orders)."""
    if len(cursor) < 2 or len(cursor) > 20 or cursor[0] != kind or not cursor[1:].isdigit():
        raise InvalidInput("the cursor is not valid for this list", field="cursor")
    return int(cursor[1:])


def read_keyset(cursor: str) -> tuple[int, int]:
    """A keyset cursor, ``k<last id>p<page it starts>``: the page number only labels the page."""
    match = _KEYSET.match(cursor)
    if match is None or int(match.group(2)) < 1:
        raise InvalidInput("the cursor is not valid for this list", field="cursor")
    return int(match.group(1)), int(match.group(2))


def now_or_utc(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)
