"""Accounts: organisations, their municipalities, users and one-time tokens.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_organisations"),
        sa.UniqueConstraint("name", name="uq_organisations_name"),
    )
    op.create_table(
        "organisation_municipalities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], ondelete="CASCADE",
            name="fk_organisation_municipalities_organisation_id_organisations",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_organisation_municipalities"),
        sa.UniqueConstraint(
            "organisation_id", "name", name="uq_organisation_municipalities_organisation_id"
        ),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("profession", sa.String(40), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("role IN ('professional', 'coordinator')", name="ck_users_role"),
        sa.CheckConstraint(
            "profession IS NULL OR profession IN ('school_social_worker', "
            "'youth_health_nurse', 'welfare_worker', 'other')",
            name="ck_users_profession",
        ),
        sa.CheckConstraint("session_version >= 1", name="ck_users_session_version"),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name="fk_users_organisation_id_organisations"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_table(
        "one_time_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(10), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("purpose IN ('setup', 'reset')", name="ck_one_time_tokens_purpose"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], ondelete="CASCADE",
            name="fk_one_time_tokens_user_id_users",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_one_time_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_one_time_tokens_token_hash"),
    )


def downgrade() -> None:
    op.drop_table("one_time_tokens")
    op.drop_table("users")
    op.drop_table("organisation_municipalities")
    op.drop_table("organisations")
