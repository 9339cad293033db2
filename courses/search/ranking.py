"""Matching a query against the in-memory index, and ranking what it finds.

A query is split into parts (words, Chinese or Thai phrases). A document matches when any part
does (OR), and ranks by how many parts it matches first (all > most > one), then by how well:
each matched part adds a weight — in a title exactly (or as a typed prefix, or its pinyin) >
in a title as another form or a synonym > in a summary exactly > in a summary as another form >
as a corrected typo. Equal scores keep the catalogue order (newest first). Scores are few
(at most :data:`MAX_PARTS` parts), so documents are kept in one bitmap per score: the ranking
is a handful of bitmap operations whatever the number of matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyroaring import BitMap
from rapidfuzz import process
from rapidfuzz.distance import OSA

from courses.search import analysis, forms
from courses.search.compiling import MatchKind
from courses.search.memory import CatalogueIndex, Documents

__all__: list[str] = []

MAX_PARTS = 6  # parts that are ranked; more words still match
MATCHED = 16  # the weight of matching a part at all: dominates how well the parts match
TITLE_EXACT, TITLE_FORM, SUMMARY_EXACT, SUMMARY_FORM, FUZZY = 4, 3, 2, 1, 0
MAX_CORRECTIONS = 5
MATCHES_KEPT = 256  # queries whose ranked results an index keeps


@dataclass(frozen=True)
class Alternatives:
    """What one query part may be found as: exact token phrases, other forms, corrected words."""

    word: str
    exact: tuple[tuple[str, ...], ...]
    prefixes: tuple[str, ...]
    forms: tuple[str, ...]  # tokens of other forms and of synonyms
    phrases: tuple[tuple[str, ...], ...]  # synonym phrases (Chinese synonyms are bigram phrases)
    corrected: tuple[str, ...]


@dataclass
class Found:
    """Documents of one id space by score, best first, and what each level matched."""

    by_score: list[tuple[int, BitMap]]
    titles: BitMap
    plain: BitMap  # matched without a correction

    @property
    def all(self) -> BitMap:
        return BitMap.union(*(ids for _, ids in self.by_score)) if self.by_score else BitMap()

    def within(self, scope: BitMap) -> Found:
        return Found([(s, ids & scope) for s, ids in self.by_score if ids.intersect(scope)],
                     self.titles, self.plain)

    def page(self, offset: int, limit: int) -> list[tuple[int, MatchKind]]:
        """The ids ``offset``…``offset + limit`` of the ranking, with how each matched."""
        page = ranked_page([(None, ids) for _, ids in self.by_score], offset, limit)
        return [(i, self.kind_of(i)) for _, i in page]

    def kind_of(self, doc: int) -> MatchKind:
        if doc in self.titles:
            return MatchKind.TITLE
        return MatchKind.SUMMARY if doc in self.plain else MatchKind.FUZZY


def ranked_page(groups: list[tuple[object, BitMap]], offset: int, limit: int) -> list[tuple[object, int]]:
    """Items ``offset``…``offset + limit`` of groups taken in order, each newest (highest id) first."""
    page: list[tuple[object, int]] = []
    for tag, ids in groups:
        size = len(ids)
        if offset >= size:
            offset -= size
            continue
        end = size - offset
        take = ids[max(0, end - (limit - len(page))) : end]
        page.extend((tag, i) for i in reversed(list(take)))
        offset = 0
        if len(page) >= limit:
            break
    return page


@dataclass
class Matched:
    courses: Found
    bases: Found
    corrections: dict[str, tuple[str, ...]]


def _tokens_of(word: str) -> tuple[str, ...]:
    return analysis.tokens(word)


def alternatives(index: CatalogueIndex, part: analysis.QueryPart) -> Alternatives:
    """Every way ``part`` may be found in ``index``."""
    exact = tuple(term.tokens for term in part.exact)
    prefixes: list[str] = []
    for term in part.exact:
        if term.prefix and len(term.tokens) == 1 and (len(term.tokens[0]) >= 2 or not term.tokens[0].isascii()):
            prefixes.extend(index.prefixed(term.tokens[0]))
    form_tokens: list[str] = []
    for key in forms.form_keys(part.word):
        form_tokens.extend(index.by_form.get(key, ()))
    phrases: list[tuple[str, ...]] = []
    for meant in _synonyms_of(index, part.word):
        tokens = _tokens_of(meant)
        if len(tokens) == 1:
            form_tokens.append(tokens[0])
            for key in forms.form_keys(tokens[0]):
                form_tokens.extend(index.by_form.get(key, ()))
        elif tokens:
            phrases.append(tokens)
    corrected: tuple[str, ...] = ()
    known = bool(prefixes or form_tokens or phrases) or _in_words(index, part.word)
    if not known and analysis.is_fuzzy_candidate(part.word):
        corrected = similar_words(index, part.word)
    return Alternatives(part.word, exact, tuple(dict.fromkeys(prefixes)), tuple(dict.fromkeys(form_tokens)),
                        tuple(phrases), corrected)


def _synonyms_of(index: CatalogueIndex, word: str) -> tuple[str, ...]:
    return index.synonyms.get(word, ())


def _in_words(index: CatalogueIndex, word: str) -> bool:
    return bool(index.prefixed(word)[:1])


def similar_words(index: CatalogueIndex, word: str) -> tuple[str, ...]:
    """Indexed words within a small edit distance of ``word``, closest first."""
    limit = analysis.max_edits(word)
    candidates: list[str] = []
    for length in range(len(word) - limit, len(word) + limit + 1):
        candidates.extend(index.by_length.get(length, ()))
    # OSA counts two neighbouring letters swapped as one edit (nursnig → nursing), the commonest slip.
    found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=limit,
                            limit=MAX_CORRECTIONS)
    return tuple(w for w, _, _ in sorted(found, key=lambda f: (f[1], f[0])))


def _levels(documents: Documents, found: Alternatives, pinyin: BitMap | None) -> list[tuple[int, BitMap]]:
    """(weight, documents) of one part, best level first; the bitmaps are disjoint."""
    title, summary = documents.title, documents.summary
    title_exact = BitMap.union(*(title.all_of(t) for t in found.exact), title.any_of(found.prefixes))
    if pinyin is not None:
        title_exact |= pinyin
    title_form = BitMap.union(title.any_of(found.forms), *(title.all_of(p) for p in found.phrases))
    summary_exact = BitMap.union(*(summary.all_of(t) for t in found.exact), summary.any_of(found.prefixes))
    summary_form = BitMap.union(summary.any_of(found.forms), *(summary.all_of(p) for p in found.phrases))
    fuzzy = BitMap.union(title.any_of(found.corrected), summary.any_of(found.corrected))
    levels: list[tuple[int, BitMap]] = []
    seen = BitMap()
    for weight, ids in ((TITLE_EXACT, title_exact), (TITLE_FORM, title_form), (SUMMARY_EXACT, summary_exact),
                        (SUMMARY_FORM, summary_form), (FUZZY, fuzzy)):
        ids = ids - seen
        if ids:
            levels.append((MATCHED + weight, ids))
            seen |= ids
    return levels


def _rank(documents: Documents, parts: list[Alternatives], pinyin: BitMap | None) -> Found:
    buckets: dict[int, BitMap] = {}
    titles, plain = BitMap(), BitMap()
    for number, part in enumerate(parts):
        levels = _levels(documents, part, pinyin)
        for weight, ids in levels:
            if weight >= MATCHED + TITLE_FORM:
                titles |= ids
            if weight > MATCHED + FUZZY:
                plain |= ids
        if number >= MAX_PARTS:
            continue
        matched = BitMap.union(*(ids for _, ids in levels)) if levels else BitMap()
        following: dict[int, BitMap] = {}
        for score, ids in buckets.items():
            rest = ids - matched
            if rest:
                following[score] = following.get(score, BitMap()) | rest
        placed = BitMap.union(*buckets.values()) if buckets else BitMap()
        for weight, ids in levels:
            for score, bucket in buckets.items():
                both = bucket & ids
                if both:
                    following[score + weight] = following.get(score + weight, BitMap()) | both
            new = ids - placed
            if new:
                following[weight] = following.get(weight, BitMap()) | new
        buckets = following
    if len(parts) > MAX_PARTS:  # later parts only widen what is found, at the lowest score
        extra = (titles | plain | BitMap.union(*(documents.summary.any_of(p.corrected) for p in parts)))
        rest = extra - (BitMap.union(*buckets.values()) if buckets else BitMap())
        if rest:
            buckets[0] = rest
    return Found(sorted(buckets.items(), key=lambda item: -item[0]), titles, plain)


def match(index: CatalogueIndex, query: str) -> Matched:
    """Courses and bases that ``query`` finds in ``index``, ranked.

    Kept per index (a bounded number of queries): a results page asks for the same query's courses,
    facet counts and bases, and its other pages ask again.
    """
    kept = index.matched.get(query)
    if kept is None:
        kept = _match(index, query)
        if len(index.matched) >= MATCHES_KEPT:
            index.matched.pop(next(iter(index.matched)))  # the oldest
        index.matched[query] = kept
    return kept


def _finds_anything(index: CatalogueIndex, found: Alternatives) -> bool:
    return bool(_levels(index.courses, found, None) or _levels(index.bases, found, None))


THAI_PHRASE_WORDS = 4  # the most words a piece of an unspaced Thai run is tried with


def _thai_pieces(index: CatalogueIndex, run: str) -> list[Alternatives]:
    """A Thai run that finds nothing whole, cut into the longest pieces that find something: ICU's
    words (ช่างไฟ | ฟ้า | กรุงเทพ), joined again where they make a word the index or the synonym table
    knows (ช่างไฟฟ้า | กรุงเทพ). A word that finds nothing alone is kept, and finds nothing."""
    words = list(analysis.thai_words(run))
    pieces: list[Alternatives] = []
    start = 0
    while start < len(words):
        for end in range(min(len(words), start + THAI_PHRASE_WORDS), start, -1):
            found = [alternatives(index, part) for part in analysis.query_parts("".join(words[start:end]))]
            if end == start + 1 or all(_finds_anything(index, f) for f in found):
                pieces.extend(found)
                start = end
                break
    return pieces


def _parts_and_alternatives(index: CatalogueIndex, query: str) -> list[Alternatives]:
    """Each query part with its alternatives. Thai is written without spaces: a Thai run that finds
    nothing as one phrase (ช่างไฟฟ้ากรุงเทพ, "electrician Bangkok") is taken word by word instead,
    as the same words with spaces between them would be, so that OR and the ranking apply."""
    found: list[Alternatives] = []
    for part in analysis.query_parts(query):
        alternative = alternatives(index, part)
        if analysis.is_thai(part.word) and not _finds_anything(index, alternative):
            found.extend(_thai_pieces(index, part.word))
        else:
            found.append(alternative)
    return found


def _match(index: CatalogueIndex, query: str) -> Matched:
    parts = analysis.query_parts(query)
    found = _parts_and_alternatives(index, query)
    corrections = {f.word: f.corrected for f in found if f.corrected}
    readings = analysis.pinyin_readings(query) if all(p.word.isascii() for p in parts) else []

    def pinyin(documents: Documents) -> BitMap | None:
        if not readings:
            return None
        return BitMap.union(*(documents.pinyin.all_of(r) for r in readings))

    return Matched(_rank(index.courses, found, pinyin(index.courses)),
                   _rank(index.bases, found, pinyin(index.bases)), corrections)
