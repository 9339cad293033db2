"""Scratch databases for the tests: a SQLite file, or a fresh UTF-8 database on the PostgreSQL server."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from courses.settings import database_urls


def is_postgres(url: str) -> bool:
    return not database_urls(url).is_sqlite


def _admin_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def create_postgres_database(server_url: str, prefix: str = "lifelong_test") -> str:
    """Create an empty UTF-8 database beside ``server_url``'s and return its URL.

    UTF-8 with a UTF-8 ctype: pg_trgm drops every non-ASCII character under LC_CTYPE=C.
    """
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_admin_url(server_url), autocommit=True) as conn:
        conn.execute(
            f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\' '
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )
    return _with_database(server_url, name)


def drop_postgres_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    server = _with_database(url, "postgres")
    with psycopg.connect(_admin_url(server), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def truncate_postgres(url: str) -> None:
    """Empty every table but Alembic's and restart the id sequences."""
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )]
        if tables:
            conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")


def copy_sqlite(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def mailed_token(url: str, email: str, kind: str = "confirm_email") -> str:
    """The token of the newest ``kind`` mail to ``email`` still in the Outbox (PostgreSQL), read as a
    test of separate processes reads its mail."""
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT o.payload->>'token' FROM outbox o JOIN learner l ON l.id = o.learner_id"
            " WHERE l.email = %s AND o.kind = %s ORDER BY o.id DESC LIMIT 1", [email, kind]).fetchone()
    assert row and row[0], f"no {kind} mail to {email}"
    return str(row[0])
