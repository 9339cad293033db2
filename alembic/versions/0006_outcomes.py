"""The learning account: outcomes from elsewhere, conversion rules, applications and their audit;
credit records say whether they came from a completion or a conversion.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True).with_variant(sa.TIMESTAMP(), "sqlite")
DECIMAL = sa.Numeric(5, 1).with_variant(sa.String(40), "sqlite")


def pk() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True)


def fk(name: str, target: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> sa.Column:
    return sa.Column(f"{name}_id", sa.Integer(), sa.ForeignKey(f"{target}.id", ondelete=ondelete),
                     nullable=nullable)


def stamps(*, edited: bool) -> list[sa.Column]:
    columns = [sa.Column("created_at", TIMESTAMP, nullable=False)]
    if edited:
        columns.append(sa.Column("updated_at", TIMESTAMP, nullable=False))
    return columns


def upgrade() -> None:
    with op.batch_alter_table("credit_record") as table:
        table.add_column(sa.Column("source", sa.String(16), nullable=False, server_default="completion"))
    op.create_table(
        "outcome", pk(),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("level", sa.String(16)),
        sa.Column("issuer", sa.String(200), nullable=False),
        sa.Column("number", sa.String(100)),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date()),
        sa.Column("proof_path", sa.String(300), nullable=False),
        sa.Column("proof_type", sa.String(40), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(500)),
        *stamps(edited=True),
        fk("learner", "learner"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "conversion_rule", pk(),
        sa.Column("outcome_kind", sa.String(24), nullable=False),
        sa.Column("outcome_name", sa.String(200), nullable=False),
        sa.Column("min_level", sa.String(16)),
        sa.Column("max_age_years", sa.Integer()),
        sa.Column("credits", DECIMAL),
        *stamps(edited=False),
        fk("course", "course"),
        fk("provider", "provider"),
        sa.UniqueConstraint("provider_id", "outcome_kind", "outcome_name", "course_id",
                            name="uq_conversion_rule_outcome_course"),  # PostgreSQL names end at 63 characters
        sqlite_autoincrement=True,
    )
    op.create_table(
        "conversion_application", pk(),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(500)),
        *stamps(edited=True),
        fk("credit_record", "credit_record", nullable=True, ondelete="SET NULL"),
        fk("decided_by", "staff_user", nullable=True, ondelete="SET NULL"),
        fk("outcome", "outcome"),
        fk("rule", "conversion_rule"),
        sa.UniqueConstraint("outcome_id", "rule_id", name="uq_conversion_application_outcome_id_rule_id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "outcome_event", pk(),
        sa.Column("what", sa.String(32), nullable=False),
        sa.Column("detail", sa.String(500)),
        *stamps(edited=False),
        fk("application", "conversion_application", nullable=True),
        fk("learner", "learner"),
        fk("outcome", "outcome", nullable=True),
        fk("staff", "staff_user", nullable=True, ondelete="SET NULL"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_outcome_event_learner_id_created_at", "outcome_event", ["learner_id", "created_at"])


def downgrade() -> None:
    for name in ("outcome_event", "conversion_application", "conversion_rule", "outcome"):
        op.drop_table(name)
    with op.batch_alter_table("credit_record") as table:
        table.drop_column("source")
