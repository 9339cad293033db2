"""The learning account's sharing choices: a credit record the learner lets partners read through the
API, and a learner who shows their continuing-education hours on their records' verification pages.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

BOOL = sa.Boolean().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("credit_record") as table:
        table.add_column(sa.Column("partner_consent", BOOL, nullable=False, server_default=sa.false()))
    with op.batch_alter_table("learner") as table:
        table.add_column(sa.Column("share_hours", BOOL, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("learner") as table:
        table.drop_column("share_hours")
    with op.batch_alter_table("credit_record") as table:
        table.drop_column("partner_consent")
