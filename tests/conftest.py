"""Fixtures shared by every test: a migrated database per test, on SQLite or PostgreSQL.

``TEST_DATABASE_URL`` picks the backend (SQLite in a temporary folder when unset); a
PostgreSQL URL names the server, and the tests make a database of their own on it.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from courses.storage import database, upgrade
from tests.databases import (
    copy_sqlite,
    create_postgres_database,
    drop_postgres_database,
    is_postgres,
    truncate_postgres,
)
from tests.fake_telegram import FakeTelegram
from tests.mail_sink import MailSink

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


@pytest.fixture(scope="session")
def migrated_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database at Alembic head, made once per test session."""
    if TEST_DATABASE_URL and is_postgres(TEST_DATABASE_URL):
        url = create_postgres_database(TEST_DATABASE_URL)
        upgrade(url)
        yield url
        drop_postgres_database(url)
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        url = f"sqlite:///{path}"
        upgrade(url)
        yield url


@pytest.fixture
def database_url(migrated_url: str, tmp_path: Path) -> str:
    """An empty, migrated database for one test."""
    if is_postgres(migrated_url):
        truncate_postgres(migrated_url)
        return migrated_url
    return copy_sqlite(Path(migrated_url.removeprefix("sqlite:///")), tmp_path / "test.db")


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[str]:
    """The models connected to an empty, migrated database; yields its URL."""
    async with database(database_url):
        yield database_url


@pytest.fixture
def mail_sink(tmp_path: Path) -> Iterator[MailSink]:
    """A real SMTP server process on 127.0.0.1 that keeps what it receives."""
    with MailSink(tmp_path / "mails") as sink:
        yield sink


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    """The fake Bot API server on 127.0.0.1, recording every call."""
    async with FakeTelegram(poll_wait=0.2) as server:
        yield server
