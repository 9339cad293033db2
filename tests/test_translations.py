"""Every configured locale has every message, translated, with its placeholders and plural forms intact.

`pybabel compile --statistics` counts empty plural entries as translated and misses placeholder
errors, so the catalogues are checked here entry by entry.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from babel.messages.plurals import get_plural

from courses.i18n import LOCALE_DIR, babel_id
from courses.i18n.locales import RTL_LANGUAGES
from courses.settings import DEFAULT_LOCALES

ROOT = LOCALE_DIR.parent
TEMPLATE = LOCALE_DIR / "messages.pot"
# {name}, {0}, %(name)s, %s, %d — what .format() and %-formatting substitute.
TAG = re.compile(r"</?[a-z]+[^>]*>")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[!:][^{}]*)?\}|\{\d*\}|%\([A-Za-z_]+\)[sdif]|%[sdif]")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def catalogue(locale: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / babel_id(locale) / "LC_MESSAGES" / "messages.po"))


def template_ids() -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(TEMPLATE)) if not entry.obsolete}


@pytest.mark.parametrize("locale", DEFAULT_LOCALES)
def test_every_message_is_translated(locale: str) -> None:
    po = catalogue(locale)
    entries = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    missing = template_ids() - set(entries)
    assert not missing, f"{locale} lacks {sorted(m[1] for m in missing)[:10]}"
    problems = []
    for entry in entries.values():
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(len(entry.msgstr_plural))]
            if not all(forms):
                problems.append(f"empty plural form: {entry.msgid!r}")
        elif not entry.msgstr:
            problems.append(f"empty: {entry.msgid!r}")
    assert not problems, f"{locale}: {problems[:10]}"


@pytest.mark.parametrize("locale", DEFAULT_LOCALES)
def test_placeholders_are_preserved(locale: str) -> None:
    broken = []
    for entry in catalogue(locale):
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            wanted = placeholders(entry.msgid_plural)
            known = set(wanted) | set(placeholders(entry.msgid))
            last = max(entry.msgstr_plural)
            for index, form in entry.msgstr_plural.items():
                # The general ("other") form keeps every placeholder; forms for one exact number
                # (Arabic "two", English "one") may spell the number out, but never invent one.
                if index == last and placeholders(form) != wanted:
                    broken.append((entry.msgid, index, form))
                if not set(placeholders(form)) <= known:
                    broken.append((entry.msgid, index, form))
        elif entry.msgstr and placeholders(entry.msgstr) != placeholders(entry.msgid):
            broken.append((entry.msgid, entry.msgstr))
    assert not broken, f"{locale}: {broken[:5]}"


@pytest.mark.parametrize("locale", DEFAULT_LOCALES)
def test_every_translation_formats_and_keeps_its_markup(locale: str) -> None:
    """str.format() accepts every form (no stray brace), and HTML tags (Telegram's <b>) are kept in order."""
    broken = []
    for entry in catalogue(locale):
        if entry.obsolete:
            continue
        names = {name.strip("{}").split("!")[0].split(":")[0]
                 for name in placeholders(entry.msgid + " " + (entry.msgid_plural or "")) if name.startswith("{")}
        tags = TAG.findall(entry.msgid)
        for form in (entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]):
            if names:
                try:
                    form.format(**dict.fromkeys(names, "1"))
                except (KeyError, IndexError, ValueError) as error:
                    broken.append((entry.msgid, form, repr(error)))
            if TAG.findall(form) != tags:
                broken.append((entry.msgid, form, "tags"))
    assert not broken, f"{locale}: {broken[:5]}"


@pytest.mark.parametrize("locale", DEFAULT_LOCALES)
def test_plural_forms_match_the_language(locale: str) -> None:
    expected = get_plural(babel_id(locale)).num_plurals
    po = catalogue(locale)
    header = po.metadata.get("Plural-Forms", "")
    assert f"nplurals={expected};" in header.replace(" ", ""), header
    for entry in po:
        if entry.msgid_plural and not entry.obsolete:
            assert len(entry.msgstr_plural) == expected, f"{locale} {entry.msgid!r}"


@pytest.mark.parametrize("locale", [tag for tag in DEFAULT_LOCALES if tag != "en"])
def test_translations_are_not_the_english_source(locale: str) -> None:
    """A msgstr equal to its msgid means it was left untranslated.

    Brand names, codes and words the language shares with English ("Contact" in French) carry the
    flag ``#, keep-source`` in that locale's catalogue; placeholder names are not words.
    """
    untranslated = [e.msgid for e in catalogue(locale)
                    if not e.obsolete and not e.msgid_plural and e.msgstr == e.msgid
                    and re.search(r"[a-z]{3,}", PLACEHOLDER.sub("", e.msgid)) and "keep-source" not in e.flags]
    assert not untranslated, f"{locale}: {untranslated[:10]}"


def test_template_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    """Strings added to the code or templates are in messages.pot (run `make locale` after adding some)."""
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
         "-k", "N_", "-k", "__", "-k", "lazy_gettext", "-k", "ngettext:1,2", "-k", "pgettext:1c,2",
         "--no-location", "-o", str(fresh), str(ROOT)],
        check=True, capture_output=True, cwd=ROOT,
    )
    in_code = {(e.msgctxt, e.msgid) for e in polib.pofile(str(fresh))}
    assert in_code - template_ids() == set(), "run `make locale` and translate the new strings"


@pytest.mark.parametrize("locale", [tag for tag in DEFAULT_LOCALES if tag.split("-")[0] in RTL_LANGUAGES])
def test_latin_terms_with_signs_keep_their_order_in_right_to_left_text(locale: str) -> None:
    # Unisolated, the bidi algorithm shows "1+X" in Arabic as "X+1"; LRI … PDI keeps it as written.
    term = re.compile(r"\d+\+[A-Za-z]+")
    wrong = [entry.msgstr for entry in catalogue(locale) if not entry.obsolete
             for found in term.finditer(entry.msgstr)
             if entry.msgstr[found.start() - 1:found.start()] != "\u2066"
             or entry.msgstr[found.end():found.end() + 1] != "\u2069"]
    assert not wrong, wrong
