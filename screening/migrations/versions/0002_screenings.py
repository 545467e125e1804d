"""Screenings, pinned to their instrument version, and sharing with colleagues.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TIERS = "('insufficient', 'ordinary', 'watch', 'complex')"


def upgrade() -> None:
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("case_reference", sa.String(40), nullable=False),
        sa.Column("municipality", sa.String(80), nullable=False),
        sa.Column("instrument_id", sa.String(80), nullable=False),
        sa.Column("instrument_version", sa.String(20), nullable=False),
        sa.Column("instrument_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("current_step", sa.String(80), nullable=True),
        sa.Column("tier", sa.String(20), nullable=True),
        sa.Column("safety", sa.String(20), nullable=True),
        sa.Column("parenting", sa.String(20), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("judgement", sa.String(10), nullable=True),
        sa.Column("chosen_tier", sa.String(20), nullable=True),
        sa.Column("judgement_reason", sa.Text(), nullable=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("finalised_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('draft', 'final')", name="ck_screenings_status"),
        sa.CheckConstraint("judgement IS NULL OR judgement IN ('agree', 'other')",
                           name="ck_screenings_judgement"),
        sa.CheckConstraint(f"tier IS NULL OR tier IN {TIERS}", name="ck_screenings_tier"),
        sa.CheckConstraint(f"chosen_tier IS NULL OR chosen_tier IN {TIERS}",
                           name="ck_screenings_chosen_tier"),
        sa.CheckConstraint("safety IS NULL OR safety IN ('none', 'concern', 'acute')",
                           name="ck_screenings_safety"),
        sa.CheckConstraint("parenting IS NULL OR parenting IN ('cooperative', 'parallel', "
                           "'conflicted', 'unknown')", name="ck_screenings_parenting"),
        sa.CheckConstraint("status = 'draft' OR (result IS NOT NULL AND finalised_at IS NOT NULL "
                           "AND judgement IS NOT NULL)", name="ck_screenings_final_is_complete"),
        sa.CheckConstraint("judgement IS NULL OR judgement = 'agree' OR "
                           "(chosen_tier IS NOT NULL AND judgement_reason IS NOT NULL)",
                           name="ck_screenings_other_needs_reason"),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name="fk_screenings_owner_id_users"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name="fk_screenings_organisation_id_organisations"),
        sa.PrimaryKeyConstraint("id", name="pk_screenings"),
    )
    op.create_index("ix_screenings_owner_updated", "screenings", ["owner_id", "updated_at"])
    op.create_index("ix_screenings_case", "screenings", ["organisation_id", "case_reference"])
    op.create_table(
        "shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("screening_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("shared_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["screening_id"], ["screenings.id"], ondelete="CASCADE",
                                name="fk_shares_screening_id_screenings"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE",
                                name="fk_shares_user_id_users"),
        sa.ForeignKeyConstraint(["shared_by_id"], ["users.id"],
                                name="fk_shares_shared_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_shares"),
        sa.UniqueConstraint("screening_id", "user_id", name="uq_shares_screening_id"),
    )


def downgrade() -> None:
    op.drop_table("shares")
    op.drop_index("ix_screenings_case", table_name="screenings")
    op.drop_index("ix_screenings_owner_updated", table_name="screenings")
    op.drop_table("screenings")
