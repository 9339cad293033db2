"""Text analysis shared by the search index and the queries: folding, tokens, pinyin, typo candidates.

Both sides of a search go through the same functions, so that what is indexed and what is
asked always meet:

* folding: NFKC, case folding, diacritics dropped (é → e, й stays comparable as и), Traditional
  Chinese made Simplified (with a few Taiwan variants such as 銲 → 焊);
* tokens: words for scripts that separate words with spaces; overlapping character bigrams for
  Chinese (and Japanese kana, Hangul), as Lucene's CJK analyzer does, so a two-character
  word is one exact token and a longer one is a phrase of bigrams; Thai, written without
  spaces, is cut into words by ICU's dictionary break iterator;
* pinyin: the syllables of the Chinese in titles, so ``hanjie``, ``han jie`` and ``hànjiē``
  find 焊接.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from courses.i18n.traditional import to_traditional

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_GRAMS = _HAN + "\u0e00-\u0e7f\u3040-\u30ff\uac00-\ud7af"  # Han, Thai, kana, Hangul: no spaces between words
_THAI = re.compile("[\u0e00-\u0e7f]+")
_THAI_OR_NOT = re.compile("([\u0e00-\u0e7f]+)|([^\u0e00-\u0e7f]+)")
_RUN = re.compile(rf"([{_GRAMS}]+)|((?:(?![{_GRAMS}])[^\W_])+)")
_HAN_RUN = re.compile(rf"[{_HAN}]+")
# Diacritics of Latin, Greek and Cyrillic letters (é, ё, й) and Arabic vowel signs; Thai vowel and
# tone marks are marks too, but they are letters of the word, so they stay.
_MARKS = re.compile("[\u0300-\u036f\u0483-\u0489\u064b-\u065f\u0670]")
# Taiwan and variant forms that OpenCC's t2s leaves alone but learners type.
_VARIANTS = str.maketrans({"銲": "焊", "鎔": "熔", "綫": "线", "纔": "才", "託": "托", "衆": "众"})
MIN_FUZZY = 4  # shorter words are too short to correct without guessing


@lru_cache(maxsize=1)
def _t2s():  # noqa: ANN202 - an opencc.OpenCC
    from opencc import OpenCC

    return OpenCC("t2s")


def _strip_marks(text: str) -> str:
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", text)))


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Fold a text for matching: case, diacritics, width, Traditional → Simplified."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if _HAN_RUN.search(text):
        text = _t2s().convert(text.translate(_VARIANTS))
    if not text.isascii():
        text = _strip_marks(text)
    return text


@lru_cache(maxsize=1)
def _thai_breaker():  # noqa: ANN202 - an icu.BreakIterator
    import icu

    return icu.BreakIterator.createWordInstance(icu.Locale("th"))


@lru_cache(maxsize=50_000)
def thai_words(run: str) -> tuple[str, ...]:
    """The words of a run of Thai letters, by ICU's dictionary (ช่างไฟฟ้าการพยาบาล → ช่างไฟ ฟ้า การ พยาบาล)."""
    breaker = _thai_breaker()
    breaker.setText(run)
    words: list[str] = []
    start = breaker.first()
    for end in breaker:
        if run[start:end].strip():
            words.append(run[start:end])
        start = end
    return tuple(words)


def is_thai(word: str) -> bool:
    """Whether a query part is a run of Thai letters (and marks) only."""
    return _THAI.fullmatch(word) is not None


def _bigrams(run: str) -> list[str]:
    if _THAI.search(run):
        pieces: list[str] = []
        for thai, other in _THAI_OR_NOT.findall(run):
            pieces.extend(thai_words(thai) if thai else _bigrams(other))
        return pieces
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


@lru_cache(maxsize=200_000)
def tokens(text: str) -> tuple[str, ...]:
    """Index tokens of a text: words, and bigrams of Chinese and Thai runs, in text order."""
    result: list[str] = []
    for grams, word in _RUN.findall(fold(text)):
        if grams:
            result.extend(_bigrams(grams))
        else:
            result.append(word)
    return tuple(result)


@lru_cache(maxsize=200_000)
def chinese_tokens(text: str) -> tuple[str, ...]:
    """Tokens of a Simplified Chinese text and of the words a Taiwan reader sees for it.

    zh-Hant pages show zh-Hans texts converted with Taiwan usage (软件 → 軟體); indexing the
    round trip as well lets a learner find a course by the words the page showed them.
    """
    own = tokens(text)
    if not _HAN_RUN.search(text):
        return own
    seen = tokens(to_traditional(text))
    return own if seen == own else own + seen


def _lazy_pinyin():  # noqa: ANN202 - pypinyin.lazy_pinyin
    # pypinyin's phrase dictionary costs a process ~56 MB; only indexing needs it, so a web process
    # that never indexes never loads it. Its dictionaries are read-only here: no private copy.
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    from pypinyin import lazy_pinyin

    return lazy_pinyin


@lru_cache(maxsize=100_000)
def pinyin(text: str) -> tuple[str, ...]:
    """Toneless pinyin syllables of the Chinese in a text (ü written u), in text order."""
    syllables: list[str] = []
    for run in _HAN_RUN.findall(fold(text)):
        syllables.extend(fold(s) for s in _lazy_pinyin()(run, v_to_u=True))
    return tuple(syllables)


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable pypinyin knows."""
    # Read from pypinyin's single-character table directly: importing pypinyin would load its phrases too.
    spec = importlib.util.find_spec("pypinyin")
    assert spec is not None and spec.submodule_search_locations
    table = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    found: set[str] = set()
    for readings in json.loads(table.read_text(encoding="utf-8")).values():
        for reading in readings.split(","):
            found.add(_strip_marks(reading).replace("ü", "u"))
    return frozenset(s for s in found if s.isascii() and s.isalpha())


_PINYIN_QUERY = re.compile(r"^[a-z1-5' ]+$")


def pinyin_readings(query: str, limit: int = 4) -> list[tuple[str, ...]]:
    """Split a Latin query into pinyin syllables, fewest syllables first (``hanjie`` → han jie).

    Tone marks, tone numbers, spaces and apostrophes are ignored. Returns up to ``limit``
    readings of two or more syllables; none when the query is not pinyin.
    """
    folded = fold(query)
    if not _PINYIN_QUERY.match(folded):
        return []
    letters = re.sub(r"[1-5' ]", "", folded)
    if not 2 <= len(letters) <= 60:
        return []
    valid = _syllables()
    # best[i]: fewest syllables covering letters[:i], and the readings that achieve it
    best: list[tuple[int, list[tuple[str, ...]]] | None] = [None] * (len(letters) + 1)
    best[0] = (0, [()])
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - 6), end):
            reached = best[start]
            if reached is None or letters[start:end] not in valid:
                continue
            count, readings = reached
            candidate = (count + 1, [r + (letters[start:end],) for r in readings])
            current = best[end]
            if current is None or candidate[0] < current[0]:
                best[end] = (candidate[0], candidate[1][:limit])
            elif candidate[0] == current[0]:
                best[end] = (current[0], (current[1] + candidate[1])[:limit])
    final = best[len(letters)]
    if final is None or final[0] < 2:
        return []
    return final[1]


def is_fuzzy_candidate(word: str) -> bool:
    """Whether a query word may be corrected: a Latin or Cyrillic word of a few letters."""
    return len(word) >= MIN_FUZZY and word.isalpha() and all(c < "\u0530" for c in word)


def max_edits(word: str) -> int:
    return 1 if len(word) < 8 else 2


@dataclass(frozen=True, slots=True)
class Term:
    """One thing a query asks for: a phrase of tokens, or a word taken as a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class QueryPart:
    """A part of the query that must match: any of its alternatives (the word, or its corrections)."""

    word: str
    exact: tuple[Term, ...]
    fuzzy: tuple[Term, ...] = ()


def query_parts(query: str) -> list[QueryPart]:
    """Split a query into parts: each Chinese or Thai run is a phrase of bigrams, each word a prefix."""
    parts: list[QueryPart] = []
    for grams, word in _RUN.findall(fold(query)):
        if grams:
            if len(grams) == 1:  # one character: any bigram that starts with it
                parts.append(QueryPart(grams, (Term((grams,), prefix=True),)))
            else:
                parts.append(QueryPart(grams, (Term(tuple(_bigrams(grams))),)))
        else:
            parts.append(QueryPart(word, (Term((word,), prefix=len(word) >= 2),)))
    return parts[:12]
