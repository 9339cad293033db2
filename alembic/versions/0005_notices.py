"""Notices that reach learners: confirmed addresses, mailed tokens, blocked bots, "notify me".

Accounts that existed before count as confirmed: they were made before confirmation was asked.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True).with_variant(sa.TIMESTAMP(), "sqlite")
BOOL = sa.Boolean().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("learner") as learner:
        learner.add_column(sa.Column("email_confirmed_at", TIMESTAMP))
        learner.add_column(sa.Column("telegram_blocked_at", TIMESTAMP))
        learner.add_column(sa.Column("reminders", BOOL, nullable=False, server_default=sa.true()))
        learner.add_column(sa.Column("session_epoch", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE learner SET email_confirmed_at = created_at WHERE email IS NOT NULL")
    op.create_table(
        "account_token",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.Column("used_at", TIMESTAMP),
        sa.Column("learner_id", sa.Integer(), sa.ForeignKey("learner.id", ondelete="CASCADE"), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "watch",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("learner_id", sa.Integer(), sa.ForeignKey("learner.id", ondelete="CASCADE"), nullable=False),
        sa.Column("course_id", sa.Integer(), sa.ForeignKey("course.id", ondelete="CASCADE"), nullable=False),
        sa.UniqueConstraint("learner_id", "course_id", name="uq_watch_learner_id_course_id"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("watch")
    op.drop_table("account_token")
    with op.batch_alter_table("learner") as learner:
        learner.drop_column("session_epoch")
        learner.drop_column("reminders")
        learner.drop_column("telegram_blocked_at")
        learner.drop_column("email_confirmed_at")
