"""A partner's profile: contact details on the partner, and its logo in a table of its own (a binary
column on ``partner`` would be read by every partner query).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True).with_variant(sa.TIMESTAMP(), "sqlite")
CONTACT = (("email", 254), ("phone", 40), ("address", 300), ("website", 500))


def upgrade() -> None:
    with op.batch_alter_table("partner") as table:
        for name, length in CONTACT:
            table.add_column(sa.Column(name, sa.String(length)))
    op.create_table(
        "partner_logo",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("content_type", sa.String(20), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("partner_id", sa.Integer(), sa.ForeignKey("partner.id", ondelete="CASCADE"),
                  nullable=False, unique=True),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("partner_logo")
    with op.batch_alter_table("partner") as table:
        for name, _ in reversed(CONTACT):
            table.drop_column(name)
