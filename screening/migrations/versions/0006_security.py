"""Security round 2: ids never reused, addresses unique per organisation, a chained audit log.

- organisations, users and screenings get AUTOINCREMENT on SQLite, so an id the audit
  log points at never comes back for another record (PostgreSQL sequences never reuse);
  the counters start above every id the audit log already mentions.
- users.email is unique per organisation instead of across all organisations.
- audit_events gets row_hash (the hash chain) and, on SQLite, a trigger that refuses an
  insert over an existing id (INSERT OR REPLACE would otherwise delete the old row
  without firing the delete trigger).

Revision ID: 0006_security
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_security"
down_revision = "0004"
branch_labels = None
depends_on = None

MESSAGE = "audit_events is append-only"
# Tables whose ids the audit log holds, with the audit columns that point at them.
POINTED_AT = {
    "organisations": ("organisation_id",),
    "users": ("user_id", "target_user_id"),
    "screenings": ("screening_id",),
}


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _rebuild_with_autoincrement(unique_per_organisation=True)
    else:
        with op.batch_alter_table("users") as batch:
            batch.drop_constraint("uq_users_email", type_="unique")
            batch.create_unique_constraint("uq_users_organisation_id", ["organisation_id", "email"])
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("row_hash", sa.String(64), nullable=True))
    if sqlite:
        op.execute(f"""
            CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events
            WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id)
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
        """)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER audit_events_no_replace")
    _without_triggers(lambda: _drop_row_hash(sqlite))
    if sqlite:
        _rebuild_with_autoincrement(unique_per_organisation=False)
    else:
        with op.batch_alter_table("users") as batch:
            batch.drop_constraint("uq_users_organisation_id", type_="unique")
            batch.create_unique_constraint("uq_users_email", ["email"])


def _drop_row_hash(sqlite: bool) -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_column("row_hash")


def _without_triggers(action: object) -> None:
    """SQLite rebuilds the table to drop a column: its triggers go and come back."""
    if op.get_bind().dialect.name != "sqlite":
        action()  # type: ignore[operator]
        return
    for name in ("update", "delete"):
        op.execute(f"DROP TRIGGER audit_events_no_{name}")
    action()  # type: ignore[operator]
    for name in ("UPDATE", "DELETE"):
        op.execute(f"""
            CREATE TRIGGER audit_events_no_{name.lower()} BEFORE {name} ON audit_events
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
        """)


def _rebuild_with_autoincrement(*, unique_per_organisation: bool) -> None:
    """Rebuild the parents on SQLite with AUTOINCREMENT (or back), keeping every child row.

    Dropping a parent during a rebuild would delete its children through ON DELETE
    CASCADE, and SQLite only lets foreign keys be switched off outside a transaction.
    SQLite's driver runs DDL outside transactions anyway, so the work so far is committed,
    foreign keys go off for the rebuild, are checked, and come back on.
    """
    autoincrement = unique_per_organisation
    bind = op.get_bind()
    driver = bind.connection.dbapi_connection
    assert driver is not None
    driver.commit()
    op.execute("PRAGMA foreign_keys = OFF")
    for table in POINTED_AT:
        with op.batch_alter_table(table, recreate="always",
                                  table_kwargs={"sqlite_autoincrement": autoincrement}) as batch:
            if table == "users" and unique_per_organisation:
                batch.drop_constraint("uq_users_email", type_="unique")
                batch.create_unique_constraint(
                    "uq_users_organisation_id", ["organisation_id", "email"])
            elif table == "users":
                batch.drop_constraint("uq_users_organisation_id", type_="unique")
                batch.create_unique_constraint("uq_users_email", ["email"])
    broken = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"foreign keys broken by the rebuild: {broken[:5]}")
    driver.commit()
    op.execute("PRAGMA foreign_keys = ON")
    if autoincrement:
        for table, columns in POINTED_AT.items():
            highest = ", ".join(
                [f"coalesce((SELECT max(id) FROM {table}), 0)"]
                + [f"coalesce((SELECT max({column}) FROM audit_events), 0)"
                   for column in columns])
            op.execute(f"DELETE FROM sqlite_sequence WHERE name = '{table}'")
            op.execute(f"INSERT INTO sqlite_sequence (name, seq) SELECT '{table}', max({highest}, 0)")
