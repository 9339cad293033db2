"""One search across courses, learning centres and "Chinese + vocational skills" programmes.

A query matches titles and summaries (names and addresses of bases) in every stored locale.
It finds Chinese substrings of any length (two-character words through CJK bigram tokens),
Traditional and Simplified alike, pinyin with or without tones and spaces, Latin and Cyrillic
words regardless of case and diacritics (as word prefixes), and Latin or Cyrillic words with a
small typo, in their other forms (stems, Arabic without article) and through the synonym table.
Words are ORed; hits rank by how many words they match, then title > summary > typo
(:mod:`courses.search.ranking`); ties newest first, courses before bases, so the order is stable.

Documents live in the ``search_doc`` table, refreshed by :func:`reindex_courses` /
:func:`reindex_bases` after content is written, and are answered from the in-memory index
built from it (:mod:`courses.search.memory`). Any text is a valid query: quotes, operators
and wildcards are plain characters, never syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum

from pyroaring import BitMap
from tortoise.backends.base.client import BaseDBAsyncClient

from courses.errors import InvalidInput
from courses.filtering.filters import CourseFilters, searched_text
from courses.i18n.content import LocalizedText, chain_locales, localize
from courses.search import memory, ranking
from courses.search.index import DocKind, doc_key, split_key
from courses.storage.sql import connection, fetch, marks

__all__ = [
    "HitKind",
    "search",
]
from courses.search.compiling import MatchKind


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
    query = searched_text(query)
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
