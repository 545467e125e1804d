"""Local contacts per municipality and kind; contacts and the letter's safety check on screenings.

Revision ID: 0007
Revises: 0006_security
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006_security"
branch_labels = None
depends_on = None

# The kinds as they were when this revision was written; a later list needs a new revision.
KINDS = ("emergency", "veilig_thuis", "wijkteam", "jgz", "school_social_work", "family_guardian",
         "parenting_plan_support", "children_groups", "kindertelefoon")


def upgrade() -> None:
    op.create_table(
        "local_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("municipality", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("website", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(f"kind IN ({', '.join(repr(kind) for kind in KINDS)})",
                           name="ck_local_contacts_kind"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE",
                                name="fk_local_contacts_organisation_id_organisations"),
        sa.PrimaryKeyConstraint("id", name="pk_local_contacts"),
        sa.UniqueConstraint("organisation_id", "municipality", "kind",
                            name="uq_local_contacts_organisation_id"),
    )
    with op.batch_alter_table("screenings") as batch:
        batch.add_column(sa.Column("final_contacts", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("letter_safe_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("screenings") as batch:
        batch.drop_column("letter_safe_at")
        batch.drop_column("final_contacts")
    op.drop_table("local_contacts")
