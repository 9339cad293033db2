"""What counts as English interface text leaking into a translated page or bot message."""

from __future__ import annotations

import re

import polib

from courses.i18n import LOCALE_DIR, babel_id

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def english_messages(locale: str) -> tuple[set[str], set[str]]:
    """English msgids the locale translates: whole labels, and longer phrases (placeholders cut out).

    A label ("Speciality") leaks when a text is exactly it; a phrase of three words or more
    leaks when it appears anywhere. Catalogue content may use single English words (place
    names, provider names) without either matching.
    """
    catalogue = polib.pofile(str(LOCALE_DIR / babel_id(locale) / "LC_MESSAGES" / "messages.po"))
    labels, phrases = set(), set()
    for entry in catalogue:
        if entry.obsolete or "keep-source" in entry.flags or entry.msgstr == entry.msgid:
            continue
        for message in filter(None, (entry.msgid, entry.msgid_plural)):
            if not PLACEHOLDER.search(message):
                labels.add(message)
            phrases.update(fragment.strip() for fragment in PLACEHOLDER.split(message)
                           if len(fragment.split()) >= 3)
    return labels, phrases
