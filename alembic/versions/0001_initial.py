"""Initial schema: catalogue, learners, enrollments, credit bank, partners, staff, outbox.

Column types mirror what Tortoise reads and writes on each backend (booleans are INT and
decimals are text on SQLite, TIMESTAMPTZ and JSONB on PostgreSQL); the drift test compares
the result with the models. Names follow one convention: ix_<table>_<columns>, uq_<table>_<columns>.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True).with_variant(sa.TIMESTAMP(), "sqlite")
BOOL = sa.Boolean().with_variant(sa.Integer(), "sqlite")
JSON = postgresql.JSONB().with_variant(sa.JSON(), "sqlite")
DOUBLE = postgresql.DOUBLE_PRECISION().with_variant(sa.REAL(), "sqlite")


def decimal(digits: int, places: int) -> sa.types.TypeEngine:
    return sa.Numeric(digits, places).with_variant(sa.String(40), "sqlite")


def pk() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True)


def fk(name: str, target: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> sa.Column:
    return sa.Column(f"{name}_id", sa.Integer(), sa.ForeignKey(f"{target}.id", ondelete=ondelete),
                     nullable=nullable)


def table(name: str, *columns: sa.SchemaItem) -> None:
    op.create_table(name, *columns, sqlite_autoincrement=True)


def index(table_name: str, *columns: str) -> None:
    op.create_index(f"ix_{table_name}_{'_'.join(columns)}", table_name, list(columns))


def unique(table_name: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=f"uq_{table_name}_{'_'.join(columns)}")


def tag_table(name: str, parent: str, column: str, length: int) -> None:
    """A (parent, value) set such as a course's audiences or a base's domains."""
    table(name, pk(), sa.Column(column, sa.String(length), nullable=False), fk(parent, parent),
          unique(name, f"{parent}_id", column))
    index(name, column)


def upgrade() -> None:
    table(
        "provider", pk(),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("province", sa.String(64)),
        sa.Column("city", sa.String(64)),
        sa.Column("website", sa.String(500)),
        sa.Column("created_at", TIMESTAMP, nullable=False),
    )
    table(
        "provider_text", pk(),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        fk("provider", "provider"),
        unique("provider_text", "provider_id", "locale"),
    )
    table(
        "base", pk(),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("province", sa.String(64)),
        sa.Column("city", sa.String(64)),
        sa.Column("latitude", DOUBLE),
        sa.Column("longitude", DOUBLE),
        sa.Column("phone", sa.String(40)),
        sa.Column("email", sa.String(254)),
        sa.Column("website", sa.String(500)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    )
    index("base", "kind")
    index("base", "country", "province", "city")
    index("base", "latitude", "longitude")
    table(
        "base_text", pk(),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("address", sa.String(300)),
        sa.Column("description", sa.Text()),
        fk("base", "base"),
        unique("base_text", "base_id", "locale"),
    )
    tag_table("base_domain", "base", "domain", 32)
    tag_table("base_audience", "base", "audience", 32)

    table(
        "course", pk(),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("track", sa.String(16), nullable=False),
        sa.Column("level", sa.String(16)),
        sa.Column("major_category", sa.SmallInteger(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("credits", decimal(5, 1), nullable=False),
        sa.Column("delivery", sa.String(16), nullable=False),
        sa.Column("hsk_level", sa.SmallInteger()),
        sa.Column("tuition", decimal(10, 2)),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("url", sa.String(500)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("published_at", TIMESTAMP),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        fk("provider", "provider", ondelete="RESTRICT"),
    )
    index("course", "status", "track", "level")
    index("course", "status", "major_category")
    index("course", "status", "hsk_level")
    index("course", "provider_id")
    table(
        "course_text", pk(),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("summary", sa.Text()),
        sa.Column("description", sa.Text()),
        fk("course", "course"),
        unique("course_text", "course_id", "locale"),
    )
    tag_table("course_language", "course", "language", 16)
    tag_table("course_audience", "course", "audience", 32)
    tag_table("course_country", "course", "country", 2)

    table(
        "intake", pk(),
        sa.Column("starts_at", TIMESTAMP, nullable=False),
        sa.Column("ends_at", TIMESTAMP),
        sa.Column("enroll_deadline", TIMESTAMP),
        sa.Column("capacity", sa.Integer()),
        sa.Column("seats_taken", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        fk("base", "base", nullable=True, ondelete="SET NULL"),
        fk("course", "course"),
    )
    index("intake", "starts_at")
    index("intake", "course_id", "starts_at")

    table(
        "learner", pk(),
        sa.Column("telegram_id", sa.BigInteger(), unique=True),
        sa.Column("email", sa.String(254), unique=True),
        sa.Column("password_hash", sa.String(200)),
        sa.Column("display_name", sa.String(200)),
        sa.Column("phone", sa.String(40)),
        sa.Column("locale", sa.String(16)),
        sa.Column("timezone", sa.String(64)),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    )
    table(
        "link_token", pk(),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.Column("used_at", TIMESTAMP),
        fk("learner", "learner"),
    )
    table(
        "enrollment", pk(),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("active", BOOL),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        fk("intake", "intake"),
        fk("learner", "learner", nullable=True, ondelete="SET NULL"),
        # At most one active enrollment per learner and intake: `active` is NULL once ended.
        unique("enrollment", "learner_id", "intake_id", "active"),
    )
    index("enrollment", "intake_id", "status")
    table(
        "credit_record", pk(),
        sa.Column("track", sa.String(16), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("credits", decimal(5, 1), nullable=False),
        sa.Column("completed_at", TIMESTAMP, nullable=False),
        sa.Column("verification_code", sa.String(32), nullable=False, unique=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        fk("course", "course", ondelete="RESTRICT"),
        fk("enrollment", "enrollment", nullable=True, ondelete="SET NULL"),
        fk("learner", "learner", nullable=True, ondelete="SET NULL"),
    )

    table(
        "partner", pk(),
        sa.Column("slug", sa.String(64), nullable=False, unique=True),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("locales", sa.String(200), nullable=False),
        sa.Column("currency", sa.String(3)),
        sa.Column("created_at", TIMESTAMP, nullable=False),
    )
    table(
        "partner_text", pk(),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("intro", sa.Text()),
        fk("partner", "partner"),
        unique("partner_text", "partner_id", "locale"),
    )
    table(
        "partner_course", pk(),
        sa.Column("position", sa.Integer(), nullable=False),
        fk("course", "course"),
        fk("partner", "partner"),
        unique("partner_course", "partner_id", "course_id"),
    )
    table(
        "partner_api_key", pk(),
        sa.Column("prefix", sa.String(12), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("rate_per_minute", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("revoked_at", TIMESTAMP),
        fk("partner", "partner"),
    )
    table(
        "staff_user", pk(),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("display_name", sa.String(200)),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("disabled", BOOL, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        fk("provider", "provider", nullable=True),
    )
    table(
        "outbox", pk(),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("dedup_key", sa.String(128), unique=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TIMESTAMP, nullable=False),
        sa.Column("claimed_until", TIMESTAMP),
        sa.Column("last_error", sa.String(500)),
        sa.Column("sent_at", TIMESTAMP),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        fk("learner", "learner", nullable=True),
    )
    index("outbox", "status", "next_attempt_at")


def downgrade() -> None:
    for name in (
        "outbox", "staff_user", "partner_api_key", "partner_course", "partner_text", "partner",
        "credit_record", "enrollment", "link_token", "learner", "intake",
        "course_country", "course_audience", "course_language", "course_text", "course",
        "base_audience", "base_domain", "base_text", "base", "provider_text", "provider",
    ):
        op.drop_table(name)
