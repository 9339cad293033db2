"""Run migrations against the database named by DATABASE_URL (or by the caller's config)."""

from __future__ import annotations

from sqlalchemy import create_engine, event, pool

from alembic import context
from courses.settings import Settings, database_urls

config = context.config


def _url() -> str:
    # The CLI and the tests hand over an explicit URL; `alembic upgrade head` reads the settings.
    explicit = config.attributes.get("database_url")
    return database_urls(explicit or Settings().database_url).sqlalchemy


def run_migrations_offline() -> None:
    url = _url()
    context.configure(url=url, target_metadata=None, literal_binds=True,
                      render_as_batch=url.startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = _url()
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, poolclass=pool.NullPool)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _foreign_keys(dbapi_connection, _record):  # noqa: ANN001
            dbapi_connection.execute("PRAGMA foreign_keys=ON")

    with engine.connect() as connection:
        # SQLite cannot ALTER most things in place: batch mode copies the table instead.
        context.configure(connection=connection, target_metadata=None,
                          render_as_batch=engine.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
