"""The audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from screening.models.base import Base, one_of, utcnow

AUDIT_EVENTS = (
    "view", "search", "create", "edit", "finalise", "print", "export", "share", "unshare",
    "erase", "login", "login_failed", "logout", "account_change", "access_refused", "audit_view",
    "settings_change",
)


class AuditEvent(Base):
    """One line of the audit log (NEN 7513 style): who did what to which record, when.

    It points at records (ids, a keyed hash of a case reference), never holds content.
    The app only ever inserts: database triggers refuse updates, deletes and an insert
    over an existing id. Rows form a chain: `row_hash` is a keyed hash over the row and
    the previous row's hash (see screening.audit_chain); rows from before the chain
    started have none.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        CheckConstraint(one_of("event", AUDIT_EVENTS), name="event"),
        Index("ix_audit_events_organisation_at", "organisation_id", "at"),
        # An access export looks rows up by screening and by case.
        Index("ix_audit_events_screening_id", "screening_id"),
        Index("ix_audit_events_case_pointer", "case_pointer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    event: Mapped[str] = mapped_column(String(20))
    # Plain numbers, not foreign keys: the log outlives the records it points at.
    user_id: Mapped[int | None]
    organisation_id: Mapped[int | None]
    screening_id: Mapped[int | None]
    case_pointer: Mapped[str | None] = mapped_column(String(32))
    target_user_id: Mapped[int | None]
    client_address: Mapped[str | None] = mapped_column(String(45))
    row_hash: Mapped[str | None] = mapped_column(String(64))
