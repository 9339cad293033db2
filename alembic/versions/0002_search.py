"""Search index: FTS5 tables on SQLite, pg_trgm GIN indexes on PostgreSQL.

Also the index ``ix_course_status_id`` that the catalogue order reads (declared on the model
too). Everything else is named ``search_*`` and has no Tortoise model (the drift test ignores
it); ``courses.search.index`` fills it from the catalogue texts. Documents are keyed by
``doc = kind << 32 | id`` (kind 0 course, 1 "Chinese + vocational skills", 2 base), and hold
space-separated tokens made by ``courses.search.analysis`` (words, CJK bigrams, pinyin syllables).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The catalogue lists published courses newest first; without this index every page,
    # the first one included, sorts all published courses (40 ms at 100,000).
    op.create_index("ix_course_status_id", "course", ["status", "id"])
    if op.get_bind().dialect.name == "sqlite":
        # The 'ascii' tokenizer splits only on ASCII spaces and punctuation: tokens arrive
        # already folded and split, so every CJK bigram and every Cyrillic word stays whole.
        op.execute("CREATE VIRTUAL TABLE search_doc USING fts5(title, summary, pinyin, tokenize='ascii')")
        op.execute("CREATE TABLE search_word (word TEXT PRIMARY KEY) WITHOUT ROWID")
        op.execute("CREATE VIRTUAL TABLE search_word_gram USING fts5(word, tokenize='trigram')")
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE TABLE search_doc (doc BIGINT PRIMARY KEY, title TEXT NOT NULL, summary TEXT NOT NULL, "
        "pinyin TEXT NOT NULL)"
    )
    for column in ("title", "summary", "pinyin"):
        op.execute(f"CREATE INDEX search_doc_{column}_trgm ON search_doc USING gin ({column} gin_trgm_ops)")
    op.execute("CREATE TABLE search_word (word TEXT PRIMARY KEY)")
    op.execute("CREATE INDEX search_word_trgm ON search_word USING gin (word gin_trgm_ops)")


def downgrade() -> None:
    op.drop_index("ix_course_status_id", table_name="course")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_word_gram")
        op.execute("DROP TABLE IF EXISTS search_word")
        op.execute("DROP TABLE IF EXISTS search_doc")
        return
    op.execute("DROP TABLE IF EXISTS search_word")
    op.execute("DROP TABLE IF EXISTS search_doc")
    op.execute("DROP EXTENSION IF EXISTS pg_trgm")
