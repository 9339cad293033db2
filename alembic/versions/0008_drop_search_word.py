"""Drop the ``search_word`` vocabulary (and its trigram table on SQLite): nothing reads it since typo
correction draws its words from the in-memory catalogue index (``courses.search.memory``).

The downgrade brings the tables back empty; re-index (``python -m courses reindex``) under the older
code to fill them.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_word_gram")
    # On PostgreSQL the trigram index goes with its table.
    op.execute("DROP TABLE IF EXISTS search_word")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE TABLE search_word (word TEXT PRIMARY KEY) WITHOUT ROWID")
        op.execute("CREATE VIRTUAL TABLE search_word_gram USING fts5(word, tokenize='trigram')")
        return
    op.execute("CREATE TABLE search_word (word TEXT PRIMARY KEY)")
    op.execute("CREATE INDEX search_word_trgm ON search_word USING gin (word gin_trgm_ops)")
