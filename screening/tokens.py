"""Single-use link tokens (first-run setup, password reset), stored only as hashes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from screening.models import OneTimeToken, User, utcnow

LIFETIME = timedelta(hours=1)


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue(session: Session, purpose: str, user: User | None = None) -> str:
    """Create a token valid for one hour and return its secret form (shown once).

    Only the newest link works: every other unused link of the account (or, for the
    first-run setup, every other setup link) is void from now on.
    """
    if user is not None:
        void_links(session, user)
    else:
        session.execute(delete(OneTimeToken).where(
            OneTimeToken.purpose == purpose, OneTimeToken.user_id.is_(None),
            OneTimeToken.used_at.is_(None)))
    raw = secrets.token_urlsafe(32)
    session.add(OneTimeToken(
        purpose=purpose, token_hash=_digest(raw), user_id=user.id if user else None,
        expires_at=utcnow() + LIFETIME,
    ))
    session.flush()
    return raw


def void_links(session: Session, user: User, *, keep: OneTimeToken | None = None) -> None:
    """Void every unused link of an account (but `keep`): deleted, they can never be redeemed."""
    query = delete(OneTimeToken).where(
        OneTimeToken.user_id == user.id, OneTimeToken.used_at.is_(None))
    if keep is not None:
        query = query.where(OneTimeToken.id != keep.id)
    session.execute(query.execution_options(synchronize_session=False))


def find_valid(session: Session, purpose: str, raw: str) -> OneTimeToken | None:
    """Return the token when it exists, has this purpose, is unused and unexpired."""
    if not raw or len(raw) > 100:
        return None
    token = session.scalar(select(OneTimeToken).where(
        OneTimeToken.token_hash == _digest(raw), OneTimeToken.purpose == purpose
    ))
    return token if _usable(token) else None


def find_valid_id(session: Session, purpose: str, token_id: object) -> OneTimeToken | None:
    """Like find_valid, by the id a link's visit left in the (signed) session."""
    if not isinstance(token_id, int):
        return None
    token = session.get(OneTimeToken, token_id)
    return token if _usable(token) and token is not None and token.purpose == purpose else None


def _usable(token: OneTimeToken | None) -> bool:
    return token is not None and token.used_at is None and token.expires_at > utcnow()


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
