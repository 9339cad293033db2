"""Catalogue texts in the learner's language, each knowing the locale it is really in.

The fallback chain is DESIGN.md's: requested → (zh-Hant: converted from zh-Hans with OpenCC,
marked as converted) → en → zh-Hans. Conversion uses Taiwan usage (``s2twp``: 软件 → 軟體)
everywhere (:mod:`courses.i18n.traditional`), and converted strings are cached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from courses.i18n.locales import content_chain
from courses.i18n.traditional import to_traditional

__all__ = [
    "LocalizedText",
    "localize",
]

HANT = "zh-Hant"
HANS = "zh-Hans"


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """A text and the locale it is written in; ``converted`` when made from zh-Hans by OpenCC."""

    text: str
    locale: str
    converted: bool = False

    def __str__(self) -> str:
        return self.text


def localize(texts: Mapping[str, str | None], locale: str) -> LocalizedText | None:
    """Pick the text for ``locale`` from ``{locale: text}`` along the content fallback chain.

    Empty and missing texts are skipped. zh-Hant is converted from zh-Hans before English is
    tried. Returns None only when no locale of the chain has a text.
    """
    for candidate in content_chain(locale):
        text = texts.get(candidate)
        if text:
            return LocalizedText(text, candidate)
        if candidate == HANT:
            simplified = texts.get(HANS)
            if simplified:
                return LocalizedText(to_traditional(simplified), HANT, converted=True)
    return None


def chain_locales(locale: str) -> tuple[str, ...]:
    """The stored locales a query must read to localize for ``locale`` (zh-Hans included for zh-Hant)."""
    return content_chain(locale)
