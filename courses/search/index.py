"""Keep the ``search_*`` tables in step with the catalogue texts.

One document per published course, "Chinese + vocational skills" programme and base, keyed
``kind << 32 | id``. Its ``title`` holds the tokens of the titles (base names) in every
locale, ``summary`` those of the summaries (base addresses and descriptions), ``pinyin`` the
syllables of the Chinese titles. Typo correction draws its words from the in-memory index
(:mod:`courses.search.memory`), built from these documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import IntEnum

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from courses.search import analysis
from courses.storage.counting import counts
from courses.storage.sql import connection, execute, execute_many, fetch, is_sqlite, marks
from courses.vocabulary.kinds import Status, Track

__all__ = [
    "reindex_bases",
    "reindex_courses",
]

CHUNK = 2000
KIND_SHIFT = 32
ID_MASK = (1 << KIND_SHIFT) - 1
Progress = Callable[[int], None]


class DocKind(IntEnum):
    COURSE = 0
    CHINESE_PLUS = 1
    BASE = 2


def doc_key(kind: DocKind, entity_id: int) -> int:
    return (int(kind) << KIND_SHIFT) | entity_id


def split_key(key: int) -> tuple[DocKind, int]:
    return DocKind(key >> KIND_SHIFT), key & ID_MASK


def _field_tokens(locale: str, text: str | None, *, title: bool = False) -> tuple[str, ...]:
    if not text:
        return ()
    # Taiwan-usage words (软件 shown as 軟體) are indexed for titles only: that is where a
    # reader looks for them, and summaries would double the indexing time of the catalogue.
    return analysis.chinese_tokens(text) if title and locale.startswith("zh") else analysis.tokens(text)


def _joined(tokens: Iterable[str]) -> str:
    # Padded with spaces so that on PostgreSQL "% token %" finds a whole token at either end.
    return " " + " ".join(tokens) + " "


def _document(texts: Sequence[tuple[str, str, str | None, str | None]]) -> tuple[str, str, str]:
    """(title, summary, pinyin) of an entity from its (locale, title, summary, extra) rows."""
    title: list[str] = []
    summary: list[str] = []
    syllables: list[str] = []
    for locale, name, text, extra in texts:
        title.extend(_field_tokens(locale, name, title=True))
        summary.extend(_field_tokens(locale, text))
        summary.extend(_field_tokens(locale, extra))
        if locale.startswith("zh"):
            syllables.extend(analysis.pinyin(name))
    return _joined(title), _joined(summary), _joined(syllables)


async def _delete(conn: BaseDBAsyncClient, keys: list[int]) -> None:
    key = "rowid" if is_sqlite(conn) else "doc"
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        await execute(conn, f"DELETE FROM search_doc WHERE {key} IN ({marks(len(chunk))})", chunk)


async def _delete_kinds(conn: BaseDBAsyncClient, kinds: Sequence[DocKind]) -> None:
    key = "rowid" if is_sqlite(conn) else "doc"
    for kind in kinds:
        await execute(conn, f"DELETE FROM search_doc WHERE {key} BETWEEN ? AND ?",
                      [doc_key(kind, 0), doc_key(kind, ID_MASK)])


async def _insert(conn: BaseDBAsyncClient, docs: list[tuple[int, str, str, str]]) -> None:
    key = "rowid" if is_sqlite(conn) else "doc"
    await execute_many(
        conn, f"INSERT INTO search_doc ({key}, title, summary, pinyin) VALUES (?, ?, ?, ?)", docs
    )


async def _published(conn: BaseDBAsyncClient, table: str, ids: list[int] | None, columns: str) -> list[tuple]:
    if ids is None:
        return await fetch(
            conn, f'SELECT {columns} FROM "{table}" WHERE status = ? ORDER BY id', [str(Status.PUBLISHED)]
        )
    rows: list[tuple] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows += await fetch(
            conn,
            f'SELECT {columns} FROM "{table}" WHERE status = ? AND id IN ({marks(len(chunk))}) ORDER BY id',
            [str(Status.PUBLISHED), *chunk],
        )
    return rows


async def _texts(conn: BaseDBAsyncClient, sql: str, ids: list[int]) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = {}
    for row in await fetch(conn, sql.format(marks=marks(len(ids))), ids):
        grouped.setdefault(row[0], []).append(row[1:])
    return grouped


async def _reindex(
    conn: BaseDBAsyncClient,
    ids: list[int] | None,
    kinds: Sequence[DocKind],
    entities: list[tuple],
    texts_sql: str,
    kind_of: Callable[[tuple], DocKind],
    progress: Progress | None,
) -> int:
    if ids is None:
        await _delete_kinds(conn, kinds)
    else:
        await _delete(conn, [doc_key(kind, i) for i in ids for kind in kinds])
    indexed = 0
    for start in range(0, len(entities), CHUNK):
        chunk = entities[start : start + CHUNK]
        texts = await _texts(conn, texts_sql, [row[0] for row in chunk])
        docs: list[tuple[int, str, str, str]] = []
        for row in chunk:
            title, summary, syllables = _document(texts.get(row[0], []))
            docs.append((doc_key(kind_of(row), row[0]), title, summary, syllables))
        await _insert(conn, docs)
        indexed += len(docs)
        if progress:
            progress(len(docs))
    counts.forget()
    memory_bump(conn)
    return indexed


def memory_bump(conn: BaseDBAsyncClient) -> None:
    from courses.search import memory  # it reads this module's keys

    memory.bump(conn)


def _course_kind(row: tuple) -> DocKind:
    return DocKind.CHINESE_PLUS if row[1] == Track.CHINESE_PLUS else DocKind.COURSE


async def reindex_courses(
    course_ids: list[int] | None = None,
    *,
    using: BaseDBAsyncClient | None = None,
    progress: Progress | None = None,
) -> int:
    """Re-index the given courses (all when None); unpublished and missing ones leave the index.

    Runs in the caller's transaction when ``using`` is given, else in one of its own.
    """
    ids = None if course_ids is None else sorted(set(course_ids))
    texts_sql = (
        "SELECT course_id, locale, title, summary, NULL FROM course_text "
        "WHERE course_id IN ({marks}) ORDER BY course_id, locale"
    )
    kinds = (DocKind.COURSE, DocKind.CHINESE_PLUS)
    if using is not None:
        entities = await _published(using, "course", ids, "id, track")
        return await _reindex(using, ids, kinds, entities, texts_sql, _course_kind, progress)
    async with in_transaction(connection().connection_name) as conn:
        entities = await _published(conn, "course", ids, "id, track")
        return await _reindex(conn, ids, kinds, entities, texts_sql, _course_kind, progress)


async def reindex_bases(
    base_ids: list[int] | None = None,
    *,
    using: BaseDBAsyncClient | None = None,
    progress: Progress | None = None,
) -> int:
    """Re-index the given bases (all when None); unpublished and missing ones leave the index."""
    ids = None if base_ids is None else sorted(set(base_ids))
    texts_sql = (
        "SELECT base_id, locale, name, address, description FROM base_text "
        "WHERE base_id IN ({marks}) ORDER BY base_id, locale"
    )
    kinds = (DocKind.BASE,)
    if using is not None:
        entities = await _published(using, "base", ids, "id")
        return await _reindex(using, ids, kinds, entities, texts_sql, lambda _: DocKind.BASE, progress)
    async with in_transaction(connection().connection_name) as conn:
        entities = await _published(conn, "base", ids, "id")
        return await _reindex(conn, ids, kinds, entities, texts_sql, lambda _: DocKind.BASE, progress)
