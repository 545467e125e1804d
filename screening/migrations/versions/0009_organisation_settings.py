"""Organisation settings: a contact address, the privacy officer, CBS municipality codes.

Also allows the audit event "settings_change" (the coordinator changed these settings).

Revision ID: 0009_organisation_settings
Revises: 0005_honest_outcomes
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_organisation_settings"
down_revision = "0005_honest_outcomes"
branch_labels = None
depends_on = None

OLD_EVENTS = (
    "view", "search", "create", "edit", "finalise", "print", "export", "share", "unshare",
    "erase", "login", "login_failed", "logout", "account_change", "access_refused", "audit_view",
)
NEW_EVENTS = (*OLD_EVENTS, "settings_change")
MESSAGE = "audit_events is append-only"


def _events_check(events: tuple[str, ...]) -> str:
    return "event IN (" + ", ".join(f"'{e}'" for e in events) + ")"


def _replace_event_check(events: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("ck_audit_events_event", "audit_events", type_="check")
        op.create_check_constraint("ck_audit_events_event", "audit_events", _events_check(events))
        return
    # SQLite rebuilds the table to change a check; its append-only triggers go with the old
    # table (dropping a table fires no triggers), so they are created again afterwards:
    # no update, no delete (0003) and no insert over an existing id (0006_security).
    for name in ("update", "delete", "replace"):
        op.execute(f"DROP TRIGGER IF EXISTS audit_events_no_{name}")
    with op.batch_alter_table("audit_events", recreate="always") as batch:
        batch.drop_constraint("ck_audit_events_event", type_="check")
        batch.create_check_constraint("ck_audit_events_event", _events_check(events))
    for action in ("UPDATE", "DELETE"):
        op.execute(f"""
            CREATE TRIGGER audit_events_no_{action.lower()} BEFORE {action} ON audit_events
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
        """)
    op.execute(f"""
        CREATE TRIGGER audit_events_no_replace BEFORE INSERT ON audit_events
        WHEN EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """)


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("contact_email", sa.String(254), nullable=True))
        batch.add_column(sa.Column("privacy_officer_email", sa.String(254), nullable=True))
    with op.batch_alter_table("organisation_municipalities") as batch:
        batch.add_column(sa.Column("code", sa.String(6), nullable=True))
    _replace_event_check(NEW_EVENTS)


def downgrade() -> None:
    _replace_event_check(OLD_EVENTS)
    with op.batch_alter_table("organisation_municipalities") as batch:
        batch.drop_column("code")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("privacy_officer_email")
        batch.drop_column("contact_email")
