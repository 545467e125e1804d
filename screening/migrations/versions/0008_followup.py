"""Follow-up: the day to screen a case again, and the screening a follow-up follows.

On SQLite the columns are added in place (ALTER TABLE ADD COLUMN), never by rebuilding
the table: dropping the old screenings table would delete its shares through ON DELETE
CASCADE, and a rebuild would lose AUTOINCREMENT. previous_id is a plain number, not a
foreign key (SQLite cannot add one in place): ids are never reused, and a follow-up whose
previous screening was erased simply has no previous one to link to.

Revision ID: 0008_followup
Revises: 0009_organisation_settings
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_followup"
down_revision = "0009_organisation_settings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE screenings ADD COLUMN rescreen_on DATE")
        op.execute("ALTER TABLE screenings ADD COLUMN previous_id INTEGER")
    else:
        op.add_column("screenings", sa.Column("rescreen_on", sa.Date(), nullable=True))
        op.add_column("screenings", sa.Column("previous_id", sa.Integer(), nullable=True))
    op.create_index("ix_screenings_owner_rescreen", "screenings", ["owner_id", "rescreen_on"])
    op.create_index("ix_screenings_previous_id", "screenings", ["previous_id"])


def downgrade() -> None:
    op.drop_index("ix_screenings_previous_id", table_name="screenings")
    op.drop_index("ix_screenings_owner_rescreen", table_name="screenings")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE screenings DROP COLUMN previous_id")  # SQLite 3.35+, in place
        op.execute("ALTER TABLE screenings DROP COLUMN rescreen_on")
    else:
        op.drop_column("screenings", "previous_id")
        op.drop_column("screenings", "rescreen_on")
