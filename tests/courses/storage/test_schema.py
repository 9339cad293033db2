"""The schema Alembic builds is the schema the Tortoise models describe, on the backend under test.

A model change without a migration (or a migration without the model change) fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from tortoise.context import TortoiseContext

from courses.settings import database_urls
from courses.storage import MODELS, downgrade, tortoise_url, upgrade
from tests.conftest import TEST_DATABASE_URL
from tests.databases import create_postgres_database, drop_postgres_database, is_postgres

# Tables that exist only in migrations, with no model: search indexes and their shadow tables.
MIGRATION_ONLY_PREFIXES = ("alembic_version", "sqlite_", "search_")


def describe(url: str) -> dict[str, dict]:
    """Tables, columns (type, nullability), primary keys, uniques, indexes and foreign keys."""
    engine = sa.create_engine(database_urls(url).sqlalchemy)
    try:
        inspector = sa.inspect(engine)
        schema: dict[str, dict] = {}
        for table in inspector.get_table_names():
            if table.startswith(MIGRATION_ONLY_PREFIXES):
                continue
            columns = {
                c["name"]: (c["type"].compile(dialect=engine.dialect), c["nullable"])
                for c in inspector.get_columns(table)
            }
            uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)}
            indexes = set()
            # SQLite keeps inline UNIQUE columns only as automatic indexes.
            extra = {"include_auto_indexes": True} if engine.dialect.name == "sqlite" else {}
            for ix in inspector.get_indexes(table, **extra):
                if ix.get("duplicates_constraint"):
                    continue
                (uniques if ix["unique"] else indexes).add(tuple(ix["column_names"]))
            foreign_keys = _foreign_keys(engine, inspector, table)
            schema[table] = {
                "columns": columns,
                "primary_key": tuple(inspector.get_pk_constraint(table)["constrained_columns"]),
                "uniques": uniques,
                "indexes": indexes,
                "foreign_keys": foreign_keys,
            }
        return schema
    finally:
        engine.dispose()


def _foreign_keys(engine: sa.Engine, inspector: sa.Inspector, table: str) -> set[tuple]:
    if engine.dialect.name == "sqlite":
        # SQLAlchemy does not read ON DELETE from inline REFERENCES clauses; SQLite's pragma does.
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")').all()
        return {((r[3],), r[2], (r[4],), None if r[6] == "NO ACTION" else r[6]) for r in rows}
    return {
        (tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]),
         (fk.get("options") or {}).get("ondelete"))
        for fk in inspector.get_foreign_keys(table)
    }


async def tortoise_schema(url: str) -> None:
    """Let Tortoise create its idea of the schema in a scratch database (only ever done here)."""
    async with TortoiseContext() as ctx:
        await ctx.init(db_url=tortoise_url(url), modules={"models": MODELS})
        await ctx.generate_schemas(safe=False)


@pytest.fixture
def scratch_urls(tmp_path: Path):
    """Two empty databases on the backend under test: one for Alembic, one for the models."""
    if TEST_DATABASE_URL and is_postgres(TEST_DATABASE_URL):
        urls = [create_postgres_database(TEST_DATABASE_URL, "lifelong_drift") for _ in range(2)]
        yield urls
        for url in urls:
            drop_postgres_database(url)
    else:
        yield [f"sqlite:///{tmp_path / 'alembic.db'}", f"sqlite:///{tmp_path / 'models.db'}"]


async def test_migrations_match_models(scratch_urls: list[str]) -> None:
    migrated, modelled = scratch_urls
    upgrade(migrated)
    await tortoise_schema(modelled)
    expected, actual = describe(modelled), describe(migrated)
    assert sorted(actual) == sorted(expected)
    for table in expected:
        for aspect in ("columns", "primary_key", "uniques", "indexes", "foreign_keys"):
            assert actual[table][aspect] == expected[table][aspect], f"{table}.{aspect} drifted"


def test_downgrade_to_base_and_up_again(scratch_urls: list[str]) -> None:
    url = scratch_urls[0]
    upgrade(url)
    first = describe(url)
    downgrade(url, "base")
    assert describe(url) == {}
    upgrade(url)
    assert describe(url) == first


def test_drift_is_detected(scratch_urls: list[str]) -> None:
    """The comparison notices a missing column: the drift test is not vacuous."""
    url = scratch_urls[0]
    upgrade(url)
    before = describe(url)
    engine = sa.create_engine(database_urls(url).sqlalchemy)
    with engine.begin() as conn:
        conn.execute(sa.text("ALTER TABLE learner ADD COLUMN nickname VARCHAR(20)"))
    engine.dispose()
    assert describe(url)["learner"]["columns"] != before["learner"]["columns"]
