"""Indexes for looking up audit rows by screening and by case (access exports).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_events_screening_id", "audit_events", ["screening_id"])
    op.create_index("ix_audit_events_case_pointer", "audit_events", ["case_pointer"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_case_pointer", table_name="audit_events")
    op.drop_index("ix_audit_events_screening_id", table_name="audit_events")
