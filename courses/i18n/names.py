"""Names people give themselves, made fit to store and to show beside other people's."""

from __future__ import annotations

import unicodedata

__all__ = [
    "BIDI_CONTROLS",
    "clean_display_name",
]

# Bidirectional embeddings, overrides, isolates and marks: in a name they reorder the text after
# them on a roster line (U+202E shows "Ana\u202egro.elpmaxe" as "Anaexample.org"), so a name could
# pose as an address or another learner.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def clean_display_name(name: str | None) -> str | None:
    """A display name fit to store: control and bidi control characters dropped, trimmed, at most
    200 characters; None if empty.

    Names come from Telegram profiles and web forms; NUL cannot be stored in PostgreSQL, other
    control characters only garble what learners and staff see, and bidi controls reorder it.
    Joiners (U+200C, U+200D) stay: scripts and emoji need them.
    """
    if name is None:
        return None
    cleaned = "".join(ch for ch in name
                      if unicodedata.category(ch) not in ("Cc", "Cs") and ch not in BIDI_CONTROLS).strip()
    return cleaned[:200] or None
