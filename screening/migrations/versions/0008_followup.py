"""Follow-up: the day to screen a case again, and the screening a follow-up follows.

Revision ID: 0008_followup
Revises: 0006_security
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_followup"
down_revision = "0006_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("screenings") as batch:
        batch.add_column(sa.Column("rescreen_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("previous_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_screenings_previous_id_screenings", "screenings",
                                 ["previous_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_screenings_owner_rescreen", ["owner_id", "rescreen_on"])
        batch.create_index("ix_screenings_previous_id", ["previous_id"])


def downgrade() -> None:
    with op.batch_alter_table("screenings") as batch:
        batch.drop_index("ix_screenings_previous_id")
        batch.drop_index("ix_screenings_owner_rescreen")
        batch.drop_constraint("fk_screenings_previous_id_screenings", type_="foreignkey")
        batch.drop_column("previous_id")
        batch.drop_column("rescreen_on")
