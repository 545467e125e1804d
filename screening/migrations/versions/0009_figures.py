"""Figures: counts kept per month and organisation, regions, and the region role.

- figure_counts: one row per combination the figures show, kept in the same transaction
  as finalising, follow-up, erasure and retention (screening.figure_counts).
- screenings.followed_up_at and screenings.screener_profession, which those rows count by.
- organisations.region, and the role 'region' for accounts that see a region's figures.
- an index on shares.user_id, so the list finds what was shared with someone directly.

Columns are added in place on SQLite. Only users is rebuilt there (a CHECK constraint
cannot change in place), with foreign keys off so nothing cascades, and AUTOINCREMENT kept.
The counts start empty: run `screening figures rebuild` once after upgrading.

Revision ID: 0009_figures
Revises: 0008_followup
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_figures"
down_revision = "0008_followup"
branch_labels = None
depends_on = None



def _roles(roles: tuple[str, ...]) -> None:
    check = "role IN (" + ", ".join(f"'{role}'" for role in roles) + ")"
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("ck_users_role", "users", type_="check")
        op.create_check_constraint("ck_users_role", "users", check)
        return
    bind = op.get_bind()
    driver = bind.connection.dbapi_connection
    assert driver is not None
    driver.commit()
    op.execute("PRAGMA foreign_keys = OFF")
    with op.batch_alter_table("users", recreate="always",
                              table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_constraint("ck_users_role", type_="check")
        batch.create_check_constraint("ck_users_role", check)
    broken = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"foreign keys broken by the rebuild: {broken[:5]}")
    driver.commit()
    op.execute("PRAGMA foreign_keys = ON")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column in (("screenings", sa.Column("followed_up_at", sa.DateTime(), nullable=True)),
                          ("screenings", sa.Column("screener_profession", sa.String(40), nullable=True)),
                          ("organisations", sa.Column("region", sa.String(120), nullable=True))):
        if sqlite:
            op.execute(f"ALTER TABLE {table} ADD COLUMN {column.name} "
                       f"{column.type.compile(dialect=op.get_bind().dialect)}")
        else:
            op.add_column(table, column)
    op.create_index("ix_organisations_region", "organisations", ["region"])
    op.create_index("ix_shares_user_id", "shares", ["user_id"])
    op.create_table(
        "figure_counts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("municipality", sa.String(80), nullable=False),
        sa.Column("profession", sa.String(40), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("safety", sa.String(20), nullable=False),
        sa.Column("parenting", sa.String(20), nullable=False),
        sa.Column("due_month", sa.String(7), nullable=False),
        sa.Column("followed", sa.String(10), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE",
                                name="fk_figure_counts_organisation_id_organisations"),
        sa.PrimaryKeyConstraint("id", name="pk_figure_counts"),
        sa.UniqueConstraint("organisation_id", "month", "municipality", "profession", "outcome",
                            "safety", "parenting", "due_month", "followed",
                            name="uq_figure_counts_organisation_id"),
    )
    _roles(("professional", "coordinator", "region"))


def downgrade() -> None:
    op.execute("DELETE FROM users WHERE role = 'region'")
    _roles(("professional", "coordinator"))
    op.drop_table("figure_counts")
    op.drop_index("ix_shares_user_id", table_name="shares")
    op.drop_index("ix_organisations_region", table_name="organisations")
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column in (("organisations", "region"), ("screenings", "screener_profession"),
                          ("screenings", "followed_up_at")):
        if sqlite:
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            op.drop_column(table, column)
