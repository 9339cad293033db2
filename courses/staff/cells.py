"""Cells of exported spreadsheets that a spreadsheet program shows as text and never runs."""

from __future__ import annotations

__all__ = [
    "inert_cell",
]

# What Excel, LibreOffice and WPS start a formula (or a DDE call) with, tab and return included.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: str) -> str:
    """``value`` for a CSV cell: prefixed with an apostrophe when a spreadsheet would run it as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
