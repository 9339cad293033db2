"""Bring the database schema up to date with Alembic, the only way the schema changes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "downgrade",
    "upgrade",
]

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(database_url: str) -> Config:
    """Return the project's Alembic configuration bound to ``database_url``."""
    # Alembic (and SQLAlchemy with it) is imported here, not at the top: a web process that never
    # migrates does not carry their ~40 MB.
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply every migration up to ``revision``; a database already there is left as it is."""
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    """Undo migrations down to ``revision``."""
    from alembic import command

    command.downgrade(alembic_config(database_url), revision)
