"""Accounts: e-mail addresses, creating accounts, switching them on and off, one-time links.

The admin pages, the login pages, the `users` command line and the login limiter all
go through here, so an address is normalised one way and an account made one way.
Like every service, these helpers only flush; the caller commits.
"""

from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from screening import tokens
from screening.models import Organisation, User
from screening.passwords import verify_password


class AccountExists(ValueError):
    """The organisation has an account with this e-mail address already."""


def normalise_email(email: str) -> str:
    """Return the one form of an address that accounts are stored and found under."""
    return email.strip().lower()


def accounts_by_email(session: Session, email: str) -> list[User]:
    """Every account under an address: one per organisation at most, usually just one."""
    return list(session.scalars(
        select(User).where(User.email == normalise_email(email)).order_by(User.id)))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the active account whose address and password these are, else None.

    An address is unique per organisation, so someone who works for two organisations
    may have two accounts under one address; the password tells them apart. An unknown
    address costs one password check like a known one.
    """
    candidates: list[User | None] = [*accounts_by_email(session, email)] or [None]
    found = None
    for user in candidates:
        if verify_password(user.password_hash if user else None, password) and found is None:
            found = user
    return found if found is not None and found.active else None


def create_account(session: Session, *, email: str, name: str, role: str,
                   profession: str | None, organisation: Organisation,
                   password_hash: str | None = None) -> User:
    """Add an account; AccountExists when the organisation has this address already.

    Addresses are unique per organisation, so the answer never tells a coordinator
    that an address is in use somewhere else.
    """
    email = normalise_email(email)
    if session.scalar(select(User.id).where(
            User.email == email, User.organisation == organisation)) is not None:
        raise AccountExists(email)
    user = User(email=email, name=name.strip(), role=role,
                profession=profession if role == "professional" else None,
                organisation=organisation, password_hash=password_hash)
    session.add(user)
    try:
        session.flush()
    except IntegrityError as error:  # created by a request at the same moment (a double click)
        # The transaction is spoilt; callers create an account before writing anything else.
        session.rollback()
        raise AccountExists(email) from error
    return user


def set_active(user: User, active: bool) -> bool:
    """Put an account in the given state; False when it was in that state already.

    An explicit target state, not a toggle: a repeated "switch off" never switches back on.
    A change logs the account out everywhere and voids its open links, so a link
    handed out before (or during) a deactivation never works after it.
    """
    if user.active == active:
        return False
    session = _session_of(user)
    user.active = active
    user.session_version += 1
    tokens.void_links(session, user)
    session.flush()
    return True


def issue_link(user: User) -> str:
    """Issue a one-time link token to set a password; every older link of the account is void."""
    return tokens.issue(_session_of(user), "reset", user)


def _session_of(user: User) -> Session:
    session = object_session(user)
    if session is None:
        raise ValueError("the account is not in a database session")
    return session


def link_url(purpose: str, token: str) -> str:
    """Build a link from the configured public address, never from the request's Host header."""
    endpoint = {"setup": "auth.setup_link", "reset": "auth.reset_link"}[purpose]
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return url_for(endpoint, token=token, _external=True)
