"""The catalogue in memory: bitmaps of every filter value and posting lists of every search token.

One :class:`CatalogueIndex` per database and process, built from the database (the source of
truth: the ``search_doc`` table and the course, tag and provider rows) and replaced whole when
the catalogue changes. Lists, totals, facet counts and searches are intersections of compressed
bitmaps (``pyroaring``), microseconds each, the same on SQLite and PostgreSQL; the database then
serves only the rows of the page, by id.

Freshness: a reindex in this process (every staff edit, import and status change goes through
:func:`courses.search.reindex_courses`) bumps the database's generation at once; other processes
bump it when they see the catalogue stamp change (:mod:`courses.catalogue.watching`). A small
catalogue is then rebuilt before the next answer; a large one in the background, the previous
index answering meanwhile (a rebuild of 100,000 courses takes seconds).
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
from bisect import bisect_left
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyroaring import BitMap
from tortoise.backends.base.client import BaseDBAsyncClient

from courses.search import analysis, forms
from courses.search.index import DocKind, split_key
from courses.storage.counting import database_key
from courses.storage.sql import fetch, is_sqlite
from courses.vocabulary.kinds import Status, Track

__all__: list[str] = []

CHUNK = 5_000  # search documents read at a time
SMALL = 5_000  # documents: below this a stale index is rebuilt before answering
MAX_PREFIX = 200  # indexed words one typed prefix may stand for
COURSE_FACTS = ("track", "level", "category", "kind", "delivery", "hsk")
TAG_TABLES = (("lang", "course_language", "language"), ("audience", "course_audience", "audience"),
              ("partner_country", "course_country", "country"))
LABEL_LOCALES = ("zh-Hans", "en", "ru", "fr", "ar", "th")  # zh-Hant folds to zh-Hans
_generations: dict[str, int] = {}


def bump(conn: BaseDBAsyncClient) -> None:
    """The catalogue of this database changed: the next answer must not come from an older index."""
    # By connection name: a transaction's client does not always tell its database file.
    name = str(getattr(conn, "connection_name", ""))
    _generations[name] = _generations.get(name, 0) + 1


@dataclass
class Field:
    """Posting lists of one field: token → ids of the documents that contain it."""

    postings: dict[str, BitMap] = field(default_factory=dict)

    def extend(self, token: str, docs: list[int]) -> None:
        found = self.postings.get(token)
        if found is None:
            self.postings[token] = BitMap(docs)
        else:
            found.update(docs)

    def add(self, doc: int, joined: str) -> None:
        for token in joined.split():
            found = self.postings.get(token)
            if found is None:
                self.postings[token] = found = BitMap()
            found.add(doc)

    def all_of(self, tokens: Iterable[str]) -> BitMap:
        result: BitMap | None = None
        for token in tokens:
            found = self.postings.get(token)
            if found is None:
                return BitMap()
            result = found.copy() if result is None else result & found
        return result if result is not None else BitMap()

    def any_of(self, tokens: Iterable[str]) -> BitMap:
        found = [self.postings[t] for t in tokens if t in self.postings]
        return BitMap.union(*found) if found else BitMap()


@dataclass
class Documents:
    """The searchable documents of one id space (courses, or bases)."""

    ids: BitMap = field(default_factory=BitMap)
    title: Field = field(default_factory=Field)
    summary: Field = field(default_factory=Field)
    pinyin: Field = field(default_factory=Field)


@dataclass
class CatalogueIndex:
    """Every published course's filter values and every document's tokens, as bitmaps."""

    generation: int
    published: BitMap = field(default_factory=BitMap)
    values: dict[str, dict[str, BitMap]] = field(default_factory=dict)
    courses: Documents = field(default_factory=Documents)
    programmes: BitMap = field(default_factory=BitMap)
    bases: Documents = field(default_factory=Documents)
    words: list[str] = field(default_factory=list)  # sorted: prefixes are ranges
    by_form: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_length: dict[int, list[str]] = field(default_factory=dict)  # typo candidates
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    moments: dict[tuple, tuple[float, asyncio.Future]] = field(default_factory=dict)  # intake filters, briefly
    matched: dict[str, Any] = field(default_factory=dict)  # recent queries' ranking.Matched

    @property
    def size(self) -> int:
        return len(self.courses.ids) + len(self.bases.ids)

    def value_set(self, name: str, values: Iterable[object]) -> BitMap:
        """Courses having any of ``values`` for filter ``name``."""
        table = self.values.get(name, {})
        found = [table[str(v)] for v in values if str(v) in table]
        return BitMap.union(*found) if found else BitMap()

    def prefixed(self, word: str) -> list[str]:
        start = bisect_left(self.words, word)
        found: list[str] = []
        for candidate in self.words[start : start + MAX_PREFIX]:
            if not candidate.startswith(word):
                break
            found.append(candidate)
        return found


def _add_value(index: CatalogueIndex, name: str, value: object, course: int) -> None:
    if value is None:
        return
    table = index.values.setdefault(name, {})
    key = str(value)
    found = table.get(key)
    if found is None:
        table[key] = found = BitMap()
    found.add(course)


async def build(conn: BaseDBAsyncClient, generation: int, synonyms: dict[str, tuple[str, ...]]) -> CatalogueIndex:
    """Read the catalogue and its search documents into a new index."""
    folded = {analysis.fold(word): meant for word, meant in synonyms.items()}
    index = CatalogueIndex(generation=generation, synonyms=folded)
    published = str(Status.PUBLISHED)
    providers = {
        row[0]: (row[1], row[2]) for row in await fetch(conn, "SELECT id, country, province FROM provider", [])
    }
    top = (await fetch(conn, "SELECT max(id) FROM course", []))[0][0] or 0
    facts_sql = ("SELECT id, track, level, major_category, kind, delivery, hsk_level, provider_id FROM course "
                 "WHERE status = ? AND id BETWEEN ? AND ?")
    async for course, *facts, provider in _windows(conn, facts_sql, [published], top):
        index.published.add(course)
        for name, value in zip(COURSE_FACTS, facts, strict=True):
            _add_value(index, name, value, course)
        country, province = providers.get(provider, (None, None))
        _add_value(index, "country", country, course)
        _add_value(index, "province", province, course)
        if facts[0] == Track.CHINESE_PLUS:
            index.programmes.add(course)
    for name, table, column in TAG_TABLES:
        tags_sql = f"SELECT course_id, {column} FROM {table} WHERE course_id BETWEEN ? AND ?"
        async for course, value in _windows(conn, tags_sql, [], top):
            if course in index.published:
                _add_value(index, name, value, course)
    await _read_documents(conn, index)
    await _base_facts(conn, index)
    words = set(index.courses.title.postings) | set(index.courses.summary.postings)
    words |= set(index.bases.title.postings) | set(index.bases.summary.postings)
    index.words = sorted(words)
    by_form: dict[str, list[str]] = {}
    for word in index.words:
        for form in forms.form_keys(word):
            by_form.setdefault(form, []).append(word)
        if analysis.is_fuzzy_candidate(word) or (len(word) >= 3 and word.isalpha() and word[0] < "\u0530"):
            index.by_length.setdefault(len(word), []).append(word)
    index.by_form = {form: tuple(found) for form, found in by_form.items()}
    _give_back_memory(large=index.size >= SMALL)
    for documents in (index.courses, index.bases):
        for fields_ in (documents.title, documents.summary, documents.pinyin):
            for bitmap in fields_.postings.values():
                bitmap.run_optimize()
                bitmap.shrink_to_fit()
    return index


async def _windows(conn: BaseDBAsyncClient, sql: str, params: list, top: int) -> AsyncIterator[Sequence[Any]]:
    """Rows of ``sql`` (ending in ``BETWEEN ? AND ?`` on a course id) window by window up to ``top``:
    reading 100,000 rows at once would leave their memory to the process for good."""
    for low in range(0, top + 1, CHUNK):
        for row in await fetch(conn, sql, [*params, low, low + CHUNK - 1]):
            yield row
        await asyncio.sleep(0)


async def _read_documents(conn: BaseDBAsyncClient, index: CatalogueIndex) -> None:
    """Postings of every search document, read in chunks (the whole table at once would stay in memory)."""
    key = "rowid" if is_sqlite(conn) else "doc"
    sql = f"SELECT {key}, title, summary, pinyin FROM search_doc WHERE {key} > ? ORDER BY {key} LIMIT {CHUNK}"
    last = -1
    while True:
        rows = await fetch(conn, sql, [last])
        if not rows:
            return
        last = int(rows[-1][0])
        gathered: dict[int, tuple[dict[str, list[int]], ...]] = {}
        for doc, title, summary, syllables in rows:
            kind, entity = split_key(int(doc))
            if kind is not DocKind.BASE and entity not in index.published:
                continue  # unpublished since it was indexed
            space = int(kind is DocKind.BASE)
            fields_ = gathered.setdefault(space, ({}, {}, {}))
            for found, joined in zip(fields_, (title, summary, syllables), strict=True):
                for token in set(joined.split()):
                    found.setdefault(token, []).append(entity)
            (index.bases if space else index.courses).ids.add(entity)
        for space, fields_ in gathered.items():
            documents = index.bases if space else index.courses
            for field_, found in zip((documents.title, documents.summary, documents.pinyin), fields_, strict=True):
                for token, ids in found.items():
                    field_.extend(token, ids)
        await asyncio.sleep(0)  # a rebuild in the background lets requests through between chunks


def _give_back_memory(large: bool) -> None:
    """Return the build's freed memory to the system (glibc keeps it otherwise): a rebuild
    must not leave every web process bigger.

    A large index also leaves the cyclic garbage collector's full passes: at 100,000 courses the
    process holds about a quarter of a million tracked objects, and each full pass over them held up
    every request for about a tenth of a second. Once per build, what an earlier index left is
    collected, then everything alive is frozen (it is still freed by reference counting)."""
    if large:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


async def _base_facts(conn: BaseDBAsyncClient, index: CatalogueIndex) -> None:
    """Bases are found by their kind (in every locale's words) and city too, not only by their texts."""
    from courses.i18n.locales import translations
    from courses.vocabulary import labels

    rows = await fetch(conn, "SELECT id, kind, city, province FROM base WHERE status = ?", [str(Status.PUBLISHED)])
    for base, kind, city, province in rows:
        if base not in index.bases.ids:
            continue
        names = []
        label = labels.BASE_KIND.get(kind)
        if label is not None:
            names = [translations(locale).gettext(label) for locale in LABEL_LOCALES]
        places = " ".join(analysis.tokens(" ".join(p for p in (city, province) if p)))
        index.bases.summary.add(base, " ".join(" ".join(analysis.tokens(n)) for n in names) + " " + places)


@dataclass
class _State:
    index: CatalogueIndex | None = None
    rebuilding: asyncio.Task | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


_states: dict[tuple[str, str], _State] = {}
synonym_file: list = [None]  # the SEARCH_SYNONYMS file, set by the process at start


async def current(conn: BaseDBAsyncClient) -> CatalogueIndex:
    """This database's index: built now when there is none (or a stale small one), else the last built."""
    key, name = database_key(conn), str(getattr(conn, "connection_name", ""))
    state = _states.setdefault(key, _State())
    generation = _generations.get(name, 0)
    index = state.index
    if index is not None and index.generation == generation:
        return index
    if index is not None and index.size >= SMALL:
        if state.rebuilding is None or state.rebuilding.done():
            state.rebuilding = asyncio.create_task(_rebuild(conn, state, name))
        return index
    async with state.lock:
        if state.index is None or state.index.generation != _generations.get(name, 0):
            await _rebuild(conn, state, name)
    assert state.index is not None
    return state.index


async def _rebuild(conn: BaseDBAsyncClient, state: _State, name: str) -> None:
    generation = _generations.get(name, 0)
    state.index = await build(conn, generation, forms.load_synonyms(synonym_file[0]))
