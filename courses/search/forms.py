"""Word forms: what makes two written words the same word for a learner.

A query word finds an indexed word exactly, or through its *form key*: the same key means
the same word in another form. Keys are made once per distinct indexed word, never per document:

* Russian, English and French words: their Snowball stems (электрика, электрике → электрик;
  nursing → nurs; infirmière and infirmier → infirmi). Indexed words are folded (no accents),
  which some French endings need for their stem, so a word is stemmed until it stops changing;
* Arabic words: the article ال and the conjunctions and prepositions glued before it
  (و ف ب ك ل) are dropped, and alef, hamza, yeh and teh marbuta variants are made one
  (الكهرباء, وبالكهرباء, كهرباء → كهرباء). Diacritics and tatweel are gone already (folding).

The synonym table maps the words learners use (job titles, trades, everyday words) to the
catalogue's words: 电工 → 电气, electrician → electrical. It is data: ``synonyms.tsv`` beside this
module, plus the file named by the ``SEARCH_SYNONYMS`` setting, which staff extend.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import snowballstemmer

__all__ = [
    "load_synonyms",
]

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ARABIC = re.compile("[\u0600-\u06ff]")
_LATIN = re.compile("^[a-z]+$")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
                                 "ـ": None})
_ARTICLE = re.compile("^(?:[وف]?[بكل]?)(?:ال|لل)(?=..)")
MIN_STEM = 3  # a shorter word is its own key: stems of two letters join unrelated words
DATA = Path(__file__).with_name("synonyms.tsv")


@lru_cache(maxsize=4)
def _stemmer(language: str):  # noqa: ANN202 - a snowballstemmer stemmer
    return snowballstemmer.stemmer(language)


def arabic_key(word: str) -> str:
    """The Arabic word without article, glued particles and letter variants."""
    plain = word.translate(_ARABIC_LETTERS)
    return _ARTICLE.sub("", plain) or plain


def _settled(language: str, word: str) -> str:
    stem = word
    for _ in range(3 if language == "french" else 1):
        following = _stemmer(language).stemWord(stem)
        if following == stem or len(following) < MIN_STEM:
            break
        stem = following
    return stem


@lru_cache(maxsize=200_000)
def form_keys(word: str) -> tuple[str, ...]:
    """The keys under which ``word`` (a folded index token) meets its other forms; () when none.

    A key is marked by its language (``en:nurs``) so that keys of different languages never meet.
    """
    if len(word) < MIN_STEM:
        return ()
    if _LATIN.match(word):
        keys = {f"en:{_settled('english', word)}", f"fr:{_settled('french', word)}"}
        return tuple(sorted(keys))
    if _CYRILLIC.search(word):
        return (f"ru:{_settled('russian', word)}",)
    if _ARABIC.search(word):
        return (f"ar:{arabic_key(word)}",)
    return ()


def parse_synonyms(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Read a synonym table: ``word<TAB>catalogue words`` per line, ``#`` lines are notes."""
    table: dict[str, tuple[str, ...]] = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or "\t" not in line:
            continue
        word, _, meant = line.partition("\t")
        words = tuple(w for w in meant.split() if w)
        if word.strip() and words:
            table[word.strip()] = tuple(dict.fromkeys(table.get(word.strip(), ()) + words))
    return table


def load_synonyms(extra: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The package's synonym table, extended by ``extra`` (a file in the same format) when given."""
    table = parse_synonyms(DATA.read_text(encoding="utf-8").splitlines())
    if extra is not None and extra.is_file():
        for word, meant in parse_synonyms(extra.read_text(encoding="utf-8").splitlines()).items():
            table[word] = tuple(dict.fromkeys(table.get(word, ()) + meant))
    return table
