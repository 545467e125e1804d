"""Record who did what to which record, in the same transaction as the change itself."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import current_app, has_request_context, request
from flask_login import current_user
from sqlalchemy import func, select

from screening import audit_chain
from screening.db import db
from screening.models import AUDIT_EVENTS, AuditEvent, Screening, utcnow

EVENTS = frozenset(AUDIT_EVENTS)


def case_pointer(organisation_id: int, case_reference: str) -> str:
    """Point at a case without storing its reference: a keyed hash, stable per installation."""
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    message = f"{organisation_id}:{case_reference}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def record(event: str, *, screening: Screening | None = None, screening_id: int | None = None,
           case_reference: str | None = None, user_id: int | None = None,
           organisation_id: int | None = None,
           target_user_id: int | None = None) -> audit_chain.PendingRow:
    """Queue an audit row in the current session; the caller's commit writes it with the change.

    The row gets its id and its place in the hash chain at that commit (screening.audit_chain).
    """
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    in_request = has_request_context()
    actor = current_user._get_current_object() if in_request else None
    if actor is not None and not actor.is_authenticated:
        actor = None
    if user_id is None and actor is not None:
        user_id = actor.id
    if organisation_id is None:
        organisation_id = (screening.organisation_id if screening is not None
                           else actor.organisation_id if actor is not None else None)
    if case_reference is None and screening is not None:
        case_reference = screening.case_reference
    row = audit_chain.PendingRow(
        at=utcnow(), event=event, user_id=user_id, organisation_id=organisation_id,
        screening_id=screening.id if screening is not None else screening_id,
        case_pointer=(case_pointer(organisation_id, case_reference)
                      if case_reference is not None and organisation_id is not None else None),
        target_user_id=target_user_id,
        client_address=request.remote_addr if in_request else None,
    )
    audit_chain.queue(db.session, row)
    return row


# Refused probes do not grow the log without bound: per account and minute, the first
# few refusals are rows; the rest only a line in the app log with their number.
REFUSALS_PER_MINUTE = 5


def record_now(event: str, **kwargs: object) -> None:
    """Record and commit at once: for events that end the request without a change (refusals)."""
    if event == "access_refused" and _refusals_this_minute() >= REFUSALS_PER_MINUTE:
        current_app.logger.warning("access refused: account %s, over %s this minute, "
                                   "not in the audit log", current_user.id, REFUSALS_PER_MINUTE)
        return
    record(event, **kwargs)  # type: ignore[arg-type]
    db.session.commit()


def _refusals_this_minute() -> int:
    if not (has_request_context() and current_user.is_authenticated):
        return 0
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.event == "access_refused", AuditEvent.user_id == current_user.id,
        AuditEvent.at >= utcnow() - timedelta(minutes=1))) or 0


def chain_key() -> bytes:
    return audit_chain.chain_key(current_app.config["SECRET_KEY"])


audit_chain.register(chain_key)
