"""Throttling of login attempts, per account and per address (Flask-Limiter)."""

from __future__ import annotations

import hashlib
import logging

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from screening.accounts import normalise_email

LOGIN_FAILURES = "5 per 15 minutes"

# Storage comes from RATELIMIT_STORAGE_URI: memory:// on one server; several
# stateless app servers share a Redis or Memcached URI.
limiter = Limiter(key_func=get_remote_address)

log = logging.getLogger("screening.limits")


class StorageDownLine(logging.Filter):
    """Turn Flask-Limiter's swallowed storage errors into one clear line of our own.

    We fail open (RATELIMIT_SWALLOW_ERRORS): when the shared storage is down, people can
    still log in, unthrottled, until it is back. Fail-closed would lock every professional
    out of their screenings for the length of a Redis outage; meanwhile each guess still
    costs an argon2 hash, passwords are checked against guessable lists, and every failed
    login is in the audit log. This line says it is happening, once per affected request.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            log.error("rate-limit storage unreachable (%s): login attempts are NOT throttled "
                      "until it is back (fail-open)", type(record.exc_info[1]).__name__)
            return False
        return True


def register_limits(app: Flask) -> None:
    """Throttle logins with the configured storage; report an unreachable storage clearly."""
    limiter.init_app(app)
    library_log = logging.getLogger("flask-limiter")
    if not any(isinstance(f, StorageDownLine) for f in library_log.filters):
        library_log.addFilter(StorageDownLine())


def account_key() -> str:
    """Key attempts by the account tried, hashed: the storage never holds an address."""
    email = normalise_email(str(request.form.get("email", "")))
    return "account:" + hashlib.sha256(email.encode("utf-8")).hexdigest()


def failed_attempt(response: Response) -> bool:
    """Only a login that did not succeed (no redirect) counts against the limits."""
    return response.status_code != 302
