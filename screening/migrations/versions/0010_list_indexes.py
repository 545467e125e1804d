"""List indexes: one owner's screenings in list order, so a page reads only its own rows.

(owner_id, organisation_id, updated_at, id) and (owner_id, organisation_id, created_at, id)
replace (owner_id, updated_at): the list filters on owner and organisation and orders by
moment and id, so each page (keyset, screening.paging) walks the index and stops.
(user_id, screening_id) replaces (user_id) on shares: "shared with me" from the index alone.

Revision ID: 0010_list_indexes
Revises: 0009_figures
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0010_list_indexes"
down_revision = "0009_figures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_screenings_owner_list", "screenings",
                    ["owner_id", "organisation_id", "updated_at", "id"])
    op.create_index("ix_screenings_owner_started", "screenings",
                    ["owner_id", "organisation_id", "created_at", "id"])
    op.drop_index("ix_screenings_owner_updated", table_name="screenings")
    op.create_index("ix_shares_user_screening", "shares", ["user_id", "screening_id"])
    op.drop_index("ix_shares_user_id", table_name="shares")


def downgrade() -> None:
    op.create_index("ix_shares_user_id", "shares", ["user_id"])
    op.drop_index("ix_shares_user_screening", table_name="shares")
    op.create_index("ix_screenings_owner_updated", "screenings", ["owner_id", "updated_at"])
    op.drop_index("ix_screenings_owner_started", table_name="screenings")
    op.drop_index("ix_screenings_owner_list", table_name="screenings")
