"""Single-use link tokens (first-run setup, password reset), stored only as hashes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from screening.models import OneTimeToken, User, utcnow

LIFETIME = timedelta(hours=1)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue(session: Session, purpose: str, user: User | None = None) -> str:
    """Create a token valid for one hour and return its secret form (shown once)."""
    raw = secrets.token_urlsafe(32)
    session.add(OneTimeToken(
        purpose=purpose, token_hash=_digest(raw), user_id=user.id if user else None,
        expires_at=utcnow() + LIFETIME,
    ))
    session.flush()
    return raw


def find_valid(session: Session, purpose: str, raw: str) -> OneTimeToken | None:
    """Return the token when it exists, has this purpose, is unused and unexpired."""
    if not raw or len(raw) > 100:
        return None
    token = session.scalar(select(OneTimeToken).where(
        OneTimeToken.token_hash == _digest(raw), OneTimeToken.purpose == purpose
    ))
    if token is None or token.used_at is not None or token.expires_at <= utcnow():
        return None
    return token


def redeem(session: Session, token: OneTimeToken) -> bool:
    """Mark the token used; False when another request used it first."""
    # A conditional UPDATE makes redemption single-use even under concurrent requests.
    result = session.execute(
        update(OneTimeToken)
        .where(OneTimeToken.id == token.id, OneTimeToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
