"""Rescreen waits: whether a finalised screening's next screening waits for the Meldcode steps.

The "Opnieuw screenen" page lists the cases whose plan waits for the Meldcode (no date, and
routes that declare `rescreen_after`), as `instrument.followup.planned` says. The routes are
in the frozen result; this flag keeps that one fact beside the date so the list stays one
indexed query per owner. Existing final screenings get it from their stored result: the
routes below are those that declare `rescreen_after` in the locked versions when this was
written (only 1.2; tests/test_followup.py checks the list against the published files).

Revision ID: 0011_rescreen_waits
Revises: 0010_list_indexes
Create Date: 2026-11-29
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0011_rescreen_waits"
down_revision = "0010_list_indexes"
branch_labels = None
depends_on = None

WAITING_ROUTES = {
    ("vroegsignalering-complexe-scheiding", "1.2"): frozenset({
        "meldcode", "meldcode-acuut", "eerst-uitzoeken-veilig", "vinger-aan-de-pols-veilig",
        "vinger-aan-de-pols-verwaarlozing", "rust-en-welzijn-veilig"}),
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # in place, as 0008_followup: no rebuild
        op.execute("ALTER TABLE screenings ADD COLUMN rescreen_waits BOOLEAN NOT NULL DEFAULT 0")
    else:
        op.add_column("screenings", sa.Column("rescreen_waits", sa.Boolean(), nullable=False,
                                              server_default=sa.false()))
    connection = op.get_bind()
    # Only the versions whose routes can wait: a million screenings of 1.0 and 1.1 stay unread.
    rows = connection.execute(sa.text(
        "SELECT id, instrument_id, instrument_version, result FROM screenings "
        "WHERE status = 'final' AND result IS NOT NULL AND instrument_version IN :versions")
        .bindparams(sa.bindparam("versions", expanding=True)),
        {"versions": sorted({version for _, version in WAITING_ROUTES})}).all()
    waiting = []
    for row in rows:
        routes = WAITING_ROUTES.get((row.instrument_id, row.instrument_version))
        result = row.result if isinstance(row.result, dict) else json.loads(row.result)
        if routes and routes.intersection(result.get("routes") or ()):
            waiting.append({"id": row.id, "yes": True})
    if waiting:
        connection.execute(sa.text("UPDATE screenings SET rescreen_waits = :yes WHERE id = :id"),
                           waiting)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE screenings DROP COLUMN rescreen_waits")  # SQLite 3.35+, in place
    else:
        op.drop_column("screenings", "rescreen_waits")
