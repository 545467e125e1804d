"""Honest outcomes: safety 'unknown', parenting 'safety_first', the shown safety, reached end.

Existing rows keep their values. `shown_safety` starts as the stored safety, except for
screenings of vroegsignalering-complexe-scheiding 1.0 whose safety gate ('safety_gate', as
questionnaires/ROLES.toml declares it) is open: they show 'unknown' (issue 12, build 7).
`reached_end` is true for final screenings and for drafts already on the review or result.

Revision ID: 0005_honest_outcomes
Revises: 0007 (0006_security and 0007 landed first; the chain stays linear)
Create Date: 2026-11-29
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0005_honest_outcomes"
down_revision = "0007"
branch_labels = None
depends_on = None

# 0006_security gave screenings AUTOINCREMENT on SQLite; a recreated table keeps it.
KEEP = {"sqlite_autoincrement": True}
OLD_SAFETY = "('none', 'concern', 'acute')"
NEW_SAFETY = "('none', 'unknown', 'concern', 'acute')"
OLD_PARENTING = "('cooperative', 'parallel', 'conflicted', 'unknown')"
NEW_PARENTING = "('cooperative', 'parallel', 'conflicted', 'unknown', 'safety_first')"
# Constraint names pass through the models' naming convention, as in 0002 (which named
# these the same way), so the names given here match the ones in the database.
# The versions whose app-level safety gate was declared beside LOCK when this was written.
GATES = {("vroegsignalering-complexe-scheiding", "1.0"): "safety_gate"}


def _checks(batch: object, safety: str, parenting: str) -> None:
    batch.drop_constraint(  # type: ignore[attr-defined]
        "ck_screenings_safety", type_="check")
    batch.drop_constraint(  # type: ignore[attr-defined]
        "ck_screenings_parenting", type_="check")
    batch.create_check_constraint(  # type: ignore[attr-defined]
        "ck_screenings_safety", f"safety IS NULL OR safety IN {safety}")
    batch.create_check_constraint(  # type: ignore[attr-defined]
        "ck_screenings_parenting", f"parenting IS NULL OR parenting IN {parenting}")


def _foreign_keys(on: bool) -> None:
    """Switch SQLite's foreign keys (only possible outside a transaction).

    Recreating screenings drops the old table, and with foreign keys on SQLite's DROP
    TABLE deletes its rows first: ON DELETE CASCADE would take every share with it.
    """
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    driver = bind.connection.dbapi_connection
    assert driver is not None
    driver.commit()
    if on:
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"foreign keys broken by the rebuild: {broken[:5]}")
    op.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


def upgrade() -> None:
    _foreign_keys(False)
    with op.batch_alter_table("screenings", table_kwargs=KEEP) as batch:
        batch.add_column(sa.Column("shown_safety", sa.String(20), nullable=True))
        batch.add_column(sa.Column("reached_end", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        _checks(batch, NEW_SAFETY, NEW_PARENTING)
        batch.create_check_constraint(
            "ck_screenings_shown_safety", f"shown_safety IS NULL OR shown_safety IN {NEW_SAFETY}")
    _foreign_keys(True)
    connection = op.get_bind()
    connection.execute(sa.text("UPDATE screenings SET shown_safety = safety"))
    connection.execute(sa.text(
        "UPDATE screenings SET reached_end = :yes "
        "WHERE status = 'final' OR current_step IN ('review', 'result')"), {"yes": True})
    screenings = sa.table("screenings", sa.column("id", sa.Integer()),
                          sa.column("instrument_id", sa.String()),
                          sa.column("instrument_version", sa.String()),
                          sa.column("safety", sa.String()), sa.column("answers", sa.JSON()))
    rows = connection.execute(sa.select(
        screenings.c.id, screenings.c.instrument_id, screenings.c.instrument_version,
        screenings.c.answers).where(screenings.c.safety == "none")).all()
    for row in rows:
        gate = GATES.get((row.instrument_id, row.instrument_version))
        answers = json.loads(row.answers) if isinstance(row.answers, str) else row.answers
        if gate is not None and (answers or {}).get(gate) in (None, "unknown"):
            connection.execute(sa.text("UPDATE screenings SET shown_safety = 'unknown' "
                                       "WHERE id = :id"), {"id": row.id})


def downgrade() -> None:
    connection = op.get_bind()
    connection.execute(sa.text("UPDATE screenings SET safety = 'none' WHERE safety = 'unknown'"))
    connection.execute(sa.text(
        "UPDATE screenings SET parenting = 'unknown' WHERE parenting = 'safety_first'"))
    _foreign_keys(False)
    with op.batch_alter_table("screenings", table_kwargs=KEEP) as batch:
        batch.drop_constraint("ck_screenings_shown_safety", type_="check")
        _checks(batch, OLD_SAFETY, OLD_PARENTING)
        batch.drop_column("reached_end")
        batch.drop_column("shown_safety")
    _foreign_keys(True)
