"""One search across courses, learning centres and "Chinese + vocational skills" programmes.

A query matches titles and summaries (names and addresses of bases) in every stored locale.
It finds Chinese substrings of any length (two-character words through CJK bigram tokens),
Traditional and Simplified alike, pinyin with or without tones and spaces, Latin and Cyrillic
words regardless of case and diacritics (as word prefixes), and Latin or Cyrillic words with a
small typo. Hits are ranked title matches, then summary matches, then fuzzy (typo) matches;
ties by kind and id, so the order is stable.

The index lives in ``search_*`` tables (FTS5 on SQLite, pg_trgm GIN indexes on PostgreSQL)
and must be refreshed by :func:`reindex_courses` / :func:`reindex_bases` after content is
written. Any text is a valid query: quotes, operators and wildcards are matched literally.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum

from pyroaring import BitMap
from rapidfuzz.distance import Levenshtein
from tortoise.backends.base.client import BaseDBAsyncClient

from courses.errors import InvalidInput
from courses.filtering.conditions import Conditions, course_conditions
from courses.filtering.filters import MAX_QUERY, CourseFilters
from courses.i18n.content import LocalizedText, chain_locales, localize
from courses.search import analysis, memory, ranking
from courses.search.index import ID_MASK, DocKind, doc_key, split_key
from courses.storage.counting import LARGE, counts, database_key
from courses.storage.sql import connection, fetch, is_sqlite, marks

__all__ = [
    "HitKind",
    "search",
]
from courses.search.compiling import MatchKind, _compile, _like_escape


class HitKind(StrEnum):
    COURSE = "course"
    CHINESE_PLUS = "chinese_plus"
    BASE = "base"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result: what it is, its id, and its localized title and summary (a base's address)."""

    kind: HitKind
    id: int
    title: LocalizedText
    summary: LocalizedText | None
    match: MatchKind


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A page of hits with the total over all pages; ``corrections`` maps a misspelt word to the
    words the fuzzy tier searched for instead."""

    query: str
    items: tuple[SearchHit, ...]
    total: int
    page: int
    per_page: int
    corrections: dict[str, tuple[str, ...]]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


_HIT_KIND = {
    DocKind.COURSE: HitKind.COURSE,
    DocKind.CHINESE_PLUS: HitKind.CHINESE_PLUS,
    DocKind.BASE: HitKind.BASE,
}
_DOC_KIND = {hit: doc for doc, hit in _HIT_KIND.items()}
MAX_CORRECTIONS = 5


async def search(
    query: str,
    locale: str = "en",
    *,
    kinds: tuple[HitKind, ...] = (),
    page: int = 1,
    per_page: int = 20,
    filters: CourseFilters | None = None,
) -> SearchResults:
    """Search published courses, programmes and bases; return one page of ranked hits.

    ``kinds`` limits the result to some kinds (empty = all). ``filters`` narrows course and
    programme hits like :func:`courses.catalogue.queries.list_courses` (and drops bases). A blank
    query gives no hits.

    :raises InvalidInput: for ``page`` < 1 or ``per_page`` outside 1–100.
    """
    _check_page(page, per_page)
    query = (query or "").strip()[:MAX_QUERY]
    ranked = await indexed_keys(
        query, kinds=kinds, filters=filters, offset=(page - 1) * per_page, limit=per_page
    )
    items = await _hits(ranked.keys, locale)
    return SearchResults(
        query=query,
        items=tuple(items),
        total=ranked.total,
        page=page,
        per_page=per_page,
        corrections=ranked.corrections,
    )


def _check_page(page: int, per_page: int) -> None:
    if not isinstance(page, int) or page < 1 or page > 100_000:
        raise InvalidInput("page must be a positive number", field="page")
    if not isinstance(per_page, int) or not 1 <= per_page <= 100:
        raise InvalidInput("per_page must be between 1 and 100", field="per_page")


@dataclass(frozen=True, slots=True)
class Ranked:
    """Document keys of one page in rank order, with how each matched, and the total."""

    keys: tuple[tuple[int, MatchKind], ...]
    total: int
    corrections: dict[str, tuple[str, ...]]


async def indexed_keys(
    query: str,
    *,
    kinds: tuple[HitKind, ...] = (),
    filters: CourseFilters | None = None,
    offset: int = 0,
    limit: int = 20,
    now: datetime | None = None,
) -> Ranked:
    """Rank what ``query`` finds in the in-memory index; return the slice ``offset``…``offset + limit``.

    Courses and bases of one score come newest first, courses before bases.
    """
    from courses.catalogue.indexed import narrowed  # the catalogue's filters over the same index

    conn = connection()
    index = await memory.current(conn)
    matched = ranking.match(index, query)
    chosen = set(kinds or tuple(HitKind))
    courses = matched.courses
    if filters is not None:
        chosen.discard(HitKind.BASE)
        courses = courses.within(await narrowed(index, conn, replace(filters, q=None), now or datetime.now(UTC)))
    if HitKind.COURSE not in chosen:
        courses = courses.within(index.programmes)
    if HitKind.CHINESE_PLUS not in chosen:
        courses = courses.within(index.published - index.programmes)
    if not chosen & {HitKind.COURSE, HitKind.CHINESE_PLUS}:
        courses = courses.within(BitMap())
    bases = matched.bases if HitKind.BASE in chosen else matched.bases.within(BitMap())
    groups = sorted([(score, 0, ids) for score, ids in courses.by_score] +
                    [(score, 1, ids) for score, ids in bases.by_score], key=lambda g: (-g[0], g[1]))
    page = ranking.ranked_page([(space, ids) for _, space, ids in groups], offset, limit)
    keys = []
    for space, entity in page:
        if space == 1:
            keys.append((doc_key(DocKind.BASE, entity), bases.kind_of(entity)))
        else:
            kind = DocKind.CHINESE_PLUS if entity in index.programmes else DocKind.COURSE
            keys.append((doc_key(kind, entity), courses.kind_of(entity)))
    total = len(courses.all) + len(bases.all)
    return Ranked(tuple(keys), total, {w: c for w, c in matched.corrections.items()})


async def ranked_keys(
    query: str,
    *,
    kinds: tuple[HitKind, ...] = (),
    filters: CourseFilters | None = None,
    offset: int = 0,
    limit: int = 20,
    now: datetime | None = None,
    using: BaseDBAsyncClient | None = None,
) -> Ranked:
    """Rank the documents matching ``query`` and return the slice ``offset``…``offset + limit``."""
    conn = connection(using)
    parts = analysis.query_parts(query)
    if not parts:
        return Ranked((), 0, {})
    parts, corrections = await _with_corrections(conn, parts)
    tiers = _compile(conn, parts, analysis.pinyin_readings(query))
    scope = _scope(conn, kinds, filters, now or datetime.now(UTC))
    key = "search_doc.rowid" if is_sqlite(conn) else "search_doc.doc"

    async def tier_counts() -> tuple[int, ...]:
        found = []
        for _, condition, params in tiers:
            rows = await fetch(
                conn,
                f"SELECT count(*) FROM search_doc WHERE {condition} AND {scope.sql}",
                [*params, *scope.params],
            )
            found.append(int(rows[0][0]))
        return tuple(found)

    cache_key = (database_key(conn), "search", tuple(parts), kinds, filters)
    sizes = await counts.get(cache_key, tier_counts, keep=lambda found: sum(found) >= LARGE)
    keys: list[tuple[int, MatchKind]] = []
    skip = offset
    for (match, condition, params), size in zip(tiers, sizes, strict=True):
        if skip >= size:
            skip -= size
            continue
        want = limit - len(keys)
        if want <= 0:
            break
        rows = await fetch(
            conn,
            f"SELECT {key} FROM search_doc WHERE {condition} AND {scope.sql} ORDER BY {key} LIMIT ? OFFSET ?",
            [*params, *scope.params, want, skip],
        )
        keys += [(int(row[0]), match) for row in rows]
        skip = 0
    return Ranked(tuple(keys), sum(sizes), corrections)


async def course_match(query: str, using: BaseDBAsyncClient | None = None) -> Conditions | None:
    """A condition on ``course c`` that holds for the courses ``query`` finds (None: it finds nothing)."""
    conn = connection(using)
    parts = analysis.query_parts(query)
    if not parts:
        return None
    parts, _ = await _with_corrections(conn, parts)
    tiers = _compile(conn, parts, analysis.pinyin_readings(query))
    key = "search_doc.rowid" if is_sqlite(conn) else "search_doc.doc"
    where = Conditions()
    params = [p for _, _, tier_params in tiers for p in tier_params]
    any_tier = " OR ".join(
        f"search_doc.{key.split('.')[1]} IN (SELECT {key} FROM search_doc WHERE {c})" for _, c, _ in tiers
    )
    where.add(
        f"c.id IN (SELECT {key} & {ID_MASK} FROM search_doc WHERE ({any_tier}) AND {key} <= ?)",
        *params,
        doc_key(DocKind.CHINESE_PLUS, ID_MASK),
    )
    return where


def _scope(
    conn: BaseDBAsyncClient, kinds: tuple[HitKind, ...], filters: CourseFilters | None, now: datetime
) -> Conditions:
    key = "search_doc.rowid" if is_sqlite(conn) else "search_doc.doc"
    chosen = [_DOC_KIND[k] for k in kinds] if kinds else list(DocKind)
    if filters is not None:
        chosen = [k for k in chosen if k is not DocKind.BASE]
    scope = Conditions()
    if not chosen:
        scope.add("1 = 0")
        return scope
    if len(chosen) < len(DocKind):
        scope.add(
            " OR ".join(f"{key} BETWEEN ? AND ?" for _ in chosen),
            *[v for k in chosen for v in (doc_key(k, 0), doc_key(k, ID_MASK))],
        )
    if filters is not None:
        courses = course_conditions(replace(filters, q=None), conn, now)
        scope.add(
            f"EXISTS (SELECT 1 FROM course c WHERE c.id = ({key} & {ID_MASK}) AND {courses.sql})",
            *courses.params,
        )
    return scope


# -- typo correction ---------------------------------------------------------------------------


async def _with_corrections(
    conn: BaseDBAsyncClient, parts: list[analysis.QueryPart]
) -> tuple[list[analysis.QueryPart], dict]:
    corrections: dict[str, tuple[str, ...]] = {}
    corrected: list[analysis.QueryPart] = []
    for part in parts:
        if analysis.is_fuzzy_candidate(part.word) and not await _known_prefix(conn, part.word):
            words = await _similar_words(conn, part.word)
            if words:
                corrections[part.word] = words
                part = replace(part, fuzzy=tuple(analysis.Term((w,)) for w in words))
        corrected.append(part)
    return corrected, corrections


async def _known_prefix(conn: BaseDBAsyncClient, word: str) -> bool:
    """Whether some indexed word starts with ``word`` (then it is not a typo, just unfinished)."""
    if is_sqlite(conn):
        rows = await fetch(
            conn,
            "SELECT 1 FROM search_word WHERE word >= ? AND word < ? LIMIT 1",
            [word, word + "\U0010ffff"],
        )
    else:
        rows = await fetch(
            conn, "SELECT 1 FROM search_word WHERE word LIKE ? LIMIT 1", [_like_escape(word) + "%"]
        )
    return bool(rows)


async def _similar_words(conn: BaseDBAsyncClient, word: str) -> tuple[str, ...]:
    """Indexed words within a small edit distance of ``word``, closest first."""
    if is_sqlite(conn):
        grams = analysis.trigrams(word)
        rows = await fetch(
            conn,
            "SELECT word FROM search_word_gram WHERE search_word_gram MATCH ? LIMIT 5000",
            [" OR ".join(f'"{g}"' for g in grams)],
        )
    else:
        rows = await fetch(conn, "SELECT word FROM search_word WHERE word % ? LIMIT 5000", [word])
    limit = analysis.max_edits(word)
    scored = sorted((Levenshtein.distance(word, row[0], score_cutoff=limit), row[0]) for row in rows)
    return tuple(w for distance, w in scored if distance <= limit)[:MAX_CORRECTIONS]


# -- hits --------------------------------------------------------------------------------------


async def _hits(keys: tuple[tuple[int, MatchKind], ...], locale: str) -> list[SearchHit]:
    conn = connection()
    course_ids = [split_key(k)[1] for k, _ in keys if split_key(k)[0] is not DocKind.BASE]
    base_ids = [split_key(k)[1] for k, _ in keys if split_key(k)[0] is DocKind.BASE]
    chain = chain_locales(locale)
    courses = await _texts(conn, "course_text", "course_id", "title", "summary", course_ids, chain)
    bases = await _texts(conn, "base_text", "base_id", "name", "address", base_ids, chain)
    hits = []
    for key, match in keys:
        kind, entity = split_key(key)
        titles, summaries = (bases if kind is DocKind.BASE else courses).get(entity, ({}, {}))
        title = localize(titles, locale)
        if title is None:
            continue  # deleted since it was indexed
        hits.append(SearchHit(_HIT_KIND[kind], entity, title, localize(summaries, locale), match))
    return hits


async def _texts(
    conn: BaseDBAsyncClient,
    table: str,
    owner: str,
    title: str,
    summary: str,
    ids: list[int],
    chain: tuple[str, ...],
) -> dict[int, tuple[dict[str, str], dict[str, str]]]:
    if not ids:
        return {}
    rows = await fetch(
        conn,
        f"SELECT {owner}, locale, {title}, {summary} FROM {table} "
        f"WHERE {owner} IN ({marks(len(ids))}) AND locale IN ({marks(len(chain))})",
        [*ids, *chain],
    )
    found: dict[int, tuple[dict[str, str], dict[str, str]]] = {}
    for owner_id, text_locale, title_text, summary_text in rows:
        titles, summaries = found.setdefault(owner_id, ({}, {}))
        titles[text_locale] = title_text
        if summary_text:
            summaries[text_locale] = summary_text
    return found
