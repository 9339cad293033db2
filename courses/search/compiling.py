"""How a search hit matched its query (the ranking tiers a hit is labelled with)."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "MatchKind",
]


class MatchKind(StrEnum):
    TITLE = "title"
    SUMMARY = "summary"
    FUZZY = "fuzzy"
