"""Whether an intake is held outside the reader's country: one rule for the portal and the bot.

A learner who came through a partner (its page, its short links) reads for that partner's country.
Without a partner the reader's country is taken from the language: the country CLDR names as the
likeliest for it (``th`` → Thailand, ``ar`` → Egypt), and China for Chinese and English, the
catalogue's own languages. A wrong guess costs one extra sentence naming the place; a missing one
sent a learner from Thailand to a workshop in Cairo unawares.
"""

from __future__ import annotations

from functools import lru_cache

from babel.core import get_global

from courses.catalogue.entries import IntakeView

__all__ = ["HOME_COUNTRY", "held_outside", "reader_country"]

HOME_COUNTRY = "CN"
_HOME_LANGUAGES = ("zh", "en")


@lru_cache(maxsize=32)
def _likely_country(language: str) -> str:
    likely = str(get_global("likely_subtags").get(language, ""))  # "th_Thai_TH"
    territory = likely.split("_")[-1] if likely.count("_") >= 1 else ""
    return territory if len(territory) == 2 and territory.isalpha() else HOME_COUNTRY


def reader_country(locale: str, partner_country: str | None = None) -> str:
    """The ISO 3166 country a reader is taken to be in: the partner's, else the language's likeliest."""
    if partner_country:
        return partner_country.upper()
    language = locale.split("-")[0].lower()
    return HOME_COUNTRY if language in _HOME_LANGUAGES else _likely_country(language)


def held_outside(intake: IntakeView, country: str) -> bool:
    """True when the intake meets in person at a learning centre in another country than ``country``.

    Online intakes (no place) and intakes whose place is not published (so not known) are not.
    """
    return intake.base_id is not None and bool(intake.base_country) and intake.base_country != country.upper()
