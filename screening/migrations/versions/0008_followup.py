"""Follow-up: the day to screen a case again, and the screening a follow-up follows.

On SQLite the columns are added in place (ALTER TABLE ADD COLUMN), never by rebuilding
the table: dropping the old screenings table would delete its shares through ON DELETE
CASCADE, and a rebuild would lose AUTOINCREMENT.

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
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE screenings ADD COLUMN rescreen_on DATE")
        op.execute("ALTER TABLE screenings ADD COLUMN previous_id INTEGER "
                   "CONSTRAINT fk_screenings_previous_id_screenings "
                   "REFERENCES screenings (id) ON DELETE SET NULL")
    else:
        op.add_column("screenings", sa.Column("rescreen_on", sa.Date(), nullable=True))
        op.add_column("screenings", sa.Column("previous_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_screenings_previous_id_screenings", "screenings", "screenings",
                              ["previous_id"], ["id"], ondelete="SET NULL")
    op.create_index("ix_screenings_owner_rescreen", "screenings", ["owner_id", "rescreen_on"])
    op.create_index("ix_screenings_previous_id", "screenings", ["previous_id"])


def downgrade() -> None:
    op.drop_index("ix_screenings_previous_id", table_name="screenings")
    op.drop_index("ix_screenings_owner_rescreen", table_name="screenings")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot drop a column with a foreign key in place: rebuild, with foreign
        # keys off (they only switch outside a transaction), so no share is cascaded away.
        driver = op.get_bind().connection.dbapi_connection
        assert driver is not None
        driver.commit()
        op.execute("PRAGMA foreign_keys = OFF")
        with op.batch_alter_table("screenings", recreate="always",
                                  table_kwargs={"sqlite_autoincrement": True}) as batch:
            batch.drop_column("previous_id")
            batch.drop_column("rescreen_on")
        driver.commit()
        op.execute("PRAGMA foreign_keys = ON")
    else:
        op.drop_constraint("fk_screenings_previous_id_screenings", "screenings",
                           type_="foreignkey")
        op.drop_column("screenings", "previous_id")
        op.drop_column("screenings", "rescreen_on")
