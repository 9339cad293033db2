"""Parameterized SQL on either backend, for the statements the ORM cannot express or makes slow.

This is the one adapter between our SQL text and a Tortoise connection. SQL is written once
with ``?`` placeholders, renumbered to ``$n`` for PostgreSQL; values always travel as
parameters (only fixed fragments written in this package's callers are joined into SQL text)
and are adapted to how Tortoise stores them on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

__all__ = [
    "as_datetime",
    "connection",
    "execute",
    "execute_many",
    "fetch",
    "fetch_dicts",
]

Row = tuple[Any, ...]


def connection(using: BaseDBAsyncClient | None = None) -> BaseDBAsyncClient:
    """The given connection, or the default one of the current database."""
    return using if using is not None else connections.get("default")


def is_sqlite(conn: BaseDBAsyncClient) -> bool:
    return bool(conn.capabilities.dialect == "sqlite")


def numbered(sql: str, conn: BaseDBAsyncClient) -> str:
    """Renumber ``?`` placeholders to ``$1, $2 …`` on PostgreSQL (our SQL has no other '?')."""
    if is_sqlite(conn):
        return sql
    parts = sql.split("?")
    return "".join(part + (f"${i}" if i < len(parts) else "") for i, part in enumerate(parts, start=1))


def marks(count: int) -> str:
    """``?, ?, ?`` for an IN list of ``count`` values (at least one, so the SQL stays valid)."""
    return ", ".join("?" * max(1, count))


def as_datetime(value: datetime | str | None) -> datetime | None:
    """Return a timestamp read by raw SQL as an aware datetime (SQLite hands back text)."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _stored(value: object) -> object:
    # Tortoise keeps datetimes on SQLite as UTC text, decimals as text and booleans as
    # integers: a raw statement must compare and write like with like.
    if isinstance(value, datetime):
        return str(value.astimezone(UTC))
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bool):
        return int(value)
    return value


def _values(conn: BaseDBAsyncClient, values: Sequence[object]) -> list[object]:
    return [_stored(v) for v in values] if is_sqlite(conn) else list(values)


async def execute(conn: BaseDBAsyncClient, sql: str, params: Sequence[object] = ()) -> int:
    """Run one INSERT/UPDATE/DELETE; return the number of rows it changed."""
    count, _ = await conn.execute_query(numbered(sql, conn), _values(conn, params))
    return int(count)


async def fetch(conn: BaseDBAsyncClient, sql: str, params: Sequence[object] = ()) -> list[Row]:
    """Run a statement that returns rows (a SELECT, or a write with RETURNING); rows as tuples."""
    _, rows = await conn.execute_query(numbered(sql, conn), _values(conn, params))
    return [tuple(row.values()) if isinstance(row, dict) else tuple(row) for row in rows]


async def fetch_dicts(conn: BaseDBAsyncClient, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
    """Like :func:`fetch`, with each row as a dict keyed by column name."""
    return list(await conn.execute_query_dict(numbered(sql, conn), _values(conn, params)))


async def execute_many(conn: BaseDBAsyncClient, sql: str, rows: Sequence[Sequence[object]],
                       *, chunk: int = 5000) -> None:
    """Run one statement for each row, ``chunk`` rows to a driver call (bounded memory)."""
    for start in range(0, len(rows), chunk):
        await conn.execute_many(numbered(sql, conn), [_values(conn, r) for r in rows[start:start + chunk]])
