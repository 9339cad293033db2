"""Import official course lists (CSV or XLSX, Chinese or English headers) into the catalogue.

Every row is checked first; a file with any problem writes nothing and returns the report.
A clean file is written in one transaction, upserting courses by a stable key (the ``key``
column, else a hash of school and title), so importing the same file twice changes nothing.
Columns absent from the file leave stored values alone. New courses start as drafts unless the
file says otherwise; staff publish them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from courses.models import Course, CourseCountry, CourseLanguage, CourseText, Provider, ProviderText
from courses.search.index import reindex_courses
from courses.staff.import_columns import (
    CourseRow,
    Problem,
)
from courses.staff.import_rows import ImportOutcome, _new_course_defaults, guess_provider_kind
from courses.staff.parse_worker import parse_in_worker
from courses.storage.sql import execute_many
from courses.vocabulary.kinds import Status

__all__ = [
    "ImportReport",
    "import_file",
]

CHUNK = 500  # keys per IN (…) query: well under SQLite's and asyncpg's parameter limits
Progress = Callable[[int, int], None]  # (rows just done, rows in all)

_COURSE_FIELDS = (
    "provider_id",
    "track",
    "level",
    "major_category",
    "kind",
    "hours",
    "credits",
    "delivery",
    "hsk_level",
    "url",
    "status",
)
_TEXT_FIELDS = ("title", "summary", "description")


@dataclass
class ImportReport(ImportOutcome):
    """What an import found and did. ``problems`` non-empty means nothing was written."""

    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    providers_created: int = 0
    course_ids: list[int] = field(default_factory=list)  # created or changed
    dry_run: bool = False
    encoding: str | None = None


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that everything it wrote is rolled back."""


async def import_file(
    data: bytes, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Check and (unless ``dry_run`` or a problem is found) write a CSV or XLSX file of courses.

    A dry run performs the whole import inside a transaction and rolls it back, so its counts
    are exactly what a real import would do. The search index of created or changed courses
    is brought in step inside the same transaction. The file is read and checked in a worker
    process bounded in time and memory (:func:`parse_in_worker`), never on the event loop.
    """
    parsed = await parse_in_worker(data)
    rows, problems = parsed.rows, parsed.problems
    report = ImportReport(rows=len(rows), problems=problems, dry_run=dry_run, encoding=parsed.encoding)
    if problems:
        return report
    try:
        async with in_transaction() as conn:
            await _write(conn, rows, report, progress)
            if report.course_ids:
                await reindex_courses(report.course_ids, using=conn)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def _providers(conn: BaseDBAsyncClient, rows: list[CourseRow], report: ImportReport) -> dict[str, int]:
    names = sorted({row.provider for row in rows})
    found: dict[str, int] = {}
    for chunk in _chunks(names):
        for provider_id, name in (
            await ProviderText.filter(name__in=list(chunk))
            .using_db(conn)
            .order_by("id")
            .values_list("provider_id", "name")
        ):
            found.setdefault(name, provider_id)
    first = {row.provider: row for row in reversed(rows)}
    for name in names:
        if name in found:
            continue
        key = "imp-" + hashlib.sha256(name.encode()).hexdigest()[:32]
        provider = await Provider.get_or_none(key=key, using_db=conn)
        if provider is None:
            provider = await Provider.create(
                key=key,
                kind=guess_provider_kind(name),
                country="CN",
                province=first[name].province,
                using_db=conn,
            )
            report.providers_created += 1
        await ProviderText.create(provider=provider, locale=first[name].locale, name=name, using_db=conn)
        found[name] = provider.id
    return found


async def _write(
    conn: BaseDBAsyncClient, rows: list[CourseRow], report: ImportReport, progress: Progress | None
) -> None:
    now = datetime.now(UTC)
    providers = await _providers(conn, rows, report)
    existing: dict[str, dict] = {}
    for chunk in _chunks([row.key for row in rows]):
        for values in (
            await Course.filter(key__in=list(chunk))
            .using_db(conn)
            .values("id", "key", "published_at", *_COURSE_FIELDS)
        ):
            existing[values["key"]] = values
    inserts: list[tuple] = []
    updates: list[tuple] = []
    touched: set[str] = set()
    for row in rows:
        wanted = {**row.course, "provider_id": providers[row.provider]}
        stored = existing.get(row.key)
        if stored is None:
            values = _new_course_defaults(wanted)
            published = now if values["status"] == Status.PUBLISHED else None
            inserts.append(
                (row.key, *(_plain(values[f]) for f in _COURSE_FIELDS), "CNY", published, now, now)
            )
            touched.add(row.key)
            continue
        changed = {f: v for f, v in wanted.items() if _plain(stored[f]) != _plain(v)}
        if changed:
            merged = {**stored, **changed}
            published = merged["published_at"] or (now if merged["status"] == Status.PUBLISHED else None)
            updates.append((*(_plain(merged[f]) for f in _COURSE_FIELDS), published, now, stored["id"]))
            touched.add(row.key)
    columns = ", ".join(_COURSE_FIELDS)
    await execute_many(
        conn,
        f'INSERT INTO "course" (key, {columns}, currency, published_at, created_at, updated_at) '
        f"VALUES ({', '.join('?' * (len(_COURSE_FIELDS) + 5))})",
        inserts,
    )
    assignments = ", ".join(f"{f} = ?" for f in (*_COURSE_FIELDS, "published_at", "updated_at"))
    await execute_many(conn, f'UPDATE "course" SET {assignments} WHERE id = ?', updates)
    if progress:
        progress(len(rows) // 2, len(rows))
    ids: dict[str, int] = {key: values["id"] for key, values in existing.items()}
    new_keys = [row.key for row in rows if row.key not in ids]
    for chunk in _chunks(new_keys):
        ids.update(await Course.filter(key__in=list(chunk)).using_db(conn).values_list("key", "id"))
    touched |= await _texts(conn, rows, ids)
    touched |= await _sets(conn, rows, ids, CourseLanguage, "course_language", "language", "languages")
    touched |= await _sets(conn, rows, ids, CourseCountry, "course_country", "country", "countries")
    if touched:
        await execute_many(
            conn,
            'UPDATE "course" SET updated_at = ? WHERE id = ?',
            [(now, ids[key]) for key in touched if key in existing],
        )
    report.created = len(inserts)
    report.updated = len(touched - set(new_keys))
    report.unchanged = len(rows) - report.created - report.updated
    report.course_ids = sorted(ids[key] for key in touched)
    if progress:
        progress(len(rows) - len(rows) // 2, len(rows))


def _plain(value: object) -> object:
    """A value as compared and stored: enums as their text, decimals normalized."""
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.1"))
    if hasattr(value, "value"):
        return value.value
    return value


async def _texts(conn: BaseDBAsyncClient, rows: list[CourseRow], ids: dict[str, int]) -> set[str]:
    stored: dict[tuple[int, str], dict] = {}
    course_ids = [ids[row.key] for row in rows]
    locales = sorted({row.locale for row in rows})
    for chunk in _chunks(course_ids):
        for values in (
            await CourseText.filter(course_id__in=list(chunk), locale__in=locales)
            .using_db(conn)
            .values("id", "course_id", "locale", *_TEXT_FIELDS)
        ):
            stored[(values["course_id"], values["locale"])] = values
    inserts, updates, touched = [], [], set()
    for row in rows:
        current = stored.get((ids[row.key], row.locale))
        if current is None:
            inserts.append((ids[row.key], row.locale, *(row.text.get(f) for f in _TEXT_FIELDS)))
            touched.add(row.key)
        elif any(current[f] != v for f, v in row.text.items()):
            merged = {**current, **row.text}
            updates.append((*(merged[f] for f in _TEXT_FIELDS), current["id"]))
            touched.add(row.key)
    await execute_many(
        conn,
        'INSERT INTO "course_text" (course_id, locale, title, summary, description) VALUES (?, ?, ?, ?, ?)',
        inserts,
    )
    await execute_many(
        conn, 'UPDATE "course_text" SET title = ?, summary = ?, description = ? WHERE id = ?', updates
    )
    return touched


async def _sets(
    conn: BaseDBAsyncClient,
    rows: list[CourseRow],
    ids: dict[str, int],
    model: type[CourseLanguage] | type[CourseCountry],
    table: str,
    column: str,
    attribute: str,
) -> set[str]:
    """Make a course's languages (or countries) exactly those of its row, where the file gives them."""
    given = {
        ids[row.key]: (row.key, set(getattr(row, attribute)))
        for row in rows
        if getattr(row, attribute) is not None
    }
    if not given:
        return set()
    stored: dict[int, set[str]] = {}
    for chunk in _chunks(list(given)):
        for course_id, value in (
            await model.filter(course_id__in=list(chunk)).using_db(conn).values_list("course_id", column)
        ):
            stored.setdefault(course_id, set()).add(value)
    inserts, deletes, touched = [], [], set()
    for course_id, (key, wanted) in given.items():
        have = stored.get(course_id, set())
        inserts += [(course_id, value) for value in sorted(wanted - have)]
        deletes += [(course_id, value) for value in sorted(have - wanted)]
        if wanted != have:
            touched.add(key)
    await execute_many(conn, f'INSERT INTO "{table}" (course_id, {column}) VALUES (?, ?)', inserts)
    await execute_many(conn, f'DELETE FROM "{table}" WHERE course_id = ? AND {column} = ?', deletes)
    return touched
