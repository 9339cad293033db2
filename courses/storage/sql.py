"""Parameterized SQL on either backend, for the queries the ORM cannot express or makes slow.

SQL text is written once with ``?`` placeholders and renumbered to ``$n`` for PostgreSQL.
Values always travel as parameters; only fixed fragments written in this package are joined
into SQL text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

Row = Sequence[Any]


def connection(using: BaseDBAsyncClient | None = None) -> BaseDBAsyncClient:
    """The given connection, or the default one of the current database."""
    return using if using is not None else connections.get("default")


def is_sqlite(conn: BaseDBAsyncClient) -> bool:
    return conn.capabilities.dialect == "sqlite"


def numbered(sql: str, conn: BaseDBAsyncClient) -> str:
    """Renumber ``?`` placeholders to ``$1, $2 …`` on PostgreSQL (our SQL has no other '?')."""
    if is_sqlite(conn):
        return sql
    parts = sql.split("?")
    return "".join(part + (f"${i}" if i < len(parts) else "") for i, part in enumerate(parts, start=1))


def marks(count: int) -> str:
    """``?, ?, ?`` for an IN list of ``count`` values (at least one, so the SQL stays valid)."""
    return ", ".join("?" * max(1, count))


async def fetch(conn: BaseDBAsyncClient, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    """Run a query and return its rows as tuples."""
    _, rows = await conn.execute_query(numbered(sql, conn), list(params))
    return [tuple(row.values()) if isinstance(row, dict) else tuple(row) for row in rows]


async def execute_many(conn: BaseDBAsyncClient, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    if rows:
        await conn.execute_many(numbered(sql, conn), [list(r) for r in rows])
