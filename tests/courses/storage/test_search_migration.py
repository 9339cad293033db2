"""Migration 0002 adds the search index and takes all of it away again, on either backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from courses.settings import database_urls
from courses.storage import downgrade, upgrade
from tests.conftest import TEST_DATABASE_URL
from tests.databases import create_postgres_database, drop_postgres_database, is_postgres


@pytest.fixture
def scratch_url(tmp_path: Path) -> Iterator[str]:
    if TEST_DATABASE_URL and is_postgres(TEST_DATABASE_URL):
        url = create_postgres_database(TEST_DATABASE_URL, "lifelong_search_migration")
        yield url
        drop_postgres_database(url)
    else:
        yield f"sqlite:///{tmp_path / 'search.db'}"


def _search_objects(url: str) -> set[str]:
    engine = sa.create_engine(database_urls(url).sqlalchemy)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                rows = conn.execute(
                    sa.text(
                        "SELECT name FROM sqlite_master WHERE name LIKE 'search%' "
                        "OR name = 'ix_course_status_id'"
                    )
                )
            else:
                rows = conn.execute(
                    sa.text(
                        "SELECT relname FROM pg_class "
                        "WHERE relname LIKE 'search%' OR relname = 'ix_course_status_id' "
                        "UNION SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'"
                    )
                )
            return {row[0] for row in rows}
    finally:
        engine.dispose()


def test_search_index_comes_and_goes_with_its_migration(scratch_url: str) -> None:
    upgrade(scratch_url, "0002")
    added = _search_objects(scratch_url)
    assert {"search_doc", "search_word", "ix_course_status_id"} <= added
    downgrade(scratch_url, "0001")
    assert _search_objects(scratch_url) == set()
    upgrade(scratch_url, "0002")
    assert _search_objects(scratch_url) == added


def test_search_word_goes_with_migration_0008_and_comes_back_on_downgrade(scratch_url: str) -> None:
    upgrade(scratch_url, "0008")
    kept = _search_objects(scratch_url)
    assert "search_doc" in kept
    assert not {"search_word", "search_word_gram", "search_word_trgm"} & kept
    downgrade(scratch_url, "0007")
    assert "search_word" in _search_objects(scratch_url)
    upgrade(scratch_url, "0008")
    assert _search_objects(scratch_url) == kept
