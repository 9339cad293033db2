"""Credit records a learner can prove: the name shown on verification by choice, and revocation by staff.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True).with_variant(sa.TIMESTAMP(), "sqlite")
BOOL = sa.Boolean().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("credit_record") as table:
        table.add_column(sa.Column("show_name", BOOL, nullable=False, server_default=sa.false()))
        table.add_column(sa.Column("revoked_at", TIMESTAMP, nullable=True))
        table.add_column(sa.Column("revoked_reason", sa.String(500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("credit_record") as table:
        table.drop_column("revoked_reason")
        table.drop_column("revoked_at")
        table.drop_column("show_name")
