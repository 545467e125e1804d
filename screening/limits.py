"""Throttling of login attempts, per account and per address (Flask-Limiter)."""

from __future__ import annotations

import hashlib
import logging
import math
import time

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response as BaseResponse

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
    manager = limiter.limit_manager
    if not (manager.default_limits or manager.application_limits):
        # Only decorated views carry limits, and their decorator checks them itself: the
        # check Flask-Limiter runs before every request would find nothing to count.
        app.before_request_funcs[None].remove(limiter._check_request_limit)
    library_log = logging.getLogger("flask-limiter")
    if not any(isinstance(f, StorageDownLine) for f in library_log.filters):
        library_log.addFilter(StorageDownLine())


def account_key(email: str | None = None) -> str:
    """Key attempts by the account tried, hashed: the storage never holds an address."""
    if email is None:
        email = str(request.form.get("email", ""))
    return "account:" + hashlib.sha256(normalise_email(email).encode("utf-8")).hexdigest()


# Per account: no hard lockout that a stranger could keep up. After FREE_FAILURES failed
# logins within the window, each further one makes the account wait before the next
# try: 1, 2, 4, ... seconds, at most MAX_DELAY. A browser that logged in to the account
# before (a signed device cookie) is never held up by the account's counter.
FREE_FAILURES = 5
FAILURE_WINDOW = 15 * 60
MAX_DELAY = 60
DEVICE_COOKIE = "screening_device"
DEVICE_COOKIE_DAYS = 365
KNOWN_ACCOUNTS = 5


def account_wait(email: str) -> int:
    """Seconds this account must wait before its password is checked again (0: none)."""
    key = "wait:" + account_key(email)
    try:
        if limiter.storage.get(key) <= 0:
            return 0
        return max(1, math.ceil(limiter.storage.get_expiry(key) - time.time()))
    except Exception:  # noqa: BLE001 - fail open like the limiter (see StorageDownLine)
        log.error("rate-limit storage unreachable: account delay skipped (fail-open)")
        return 0


def note_account_failure(email: str) -> int:
    """Count a failed login of the account; from FREE_FAILURES on, set a growing wait."""
    key = account_key(email)
    try:
        failures = limiter.storage.incr("fail:" + key, FAILURE_WINDOW)
        if failures >= FREE_FAILURES:
            delay = min(2 ** (failures - FREE_FAILURES), MAX_DELAY)
            limiter.storage.clear("wait:" + key)
            limiter.storage.incr("wait:" + key, delay)
        return failures
    except Exception:  # noqa: BLE001 - fail open like the limiter
        log.error("rate-limit storage unreachable: account failure not counted (fail-open)")
        return 0


def _devices() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="known-device")


def known_accounts() -> set[int]:
    """The accounts that logged in from this browser before (from the signed device cookie)."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return set()
    try:
        ids = _devices().loads(raw)
    except BadSignature:
        return set()
    return {i for i in ids if isinstance(i, int)} if isinstance(ids, list) else set()


def remember_device(response: BaseResponse, user_id: int) -> None:
    """Mark this browser as one the account logs in from (only its id, signed)."""
    ids = [user_id, *(i for i in sorted(known_accounts()) if i != user_id)][:KNOWN_ACCOUNTS]
    response.set_cookie(
        DEVICE_COOKIE, _devices().dumps(ids), max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
        httponly=True, samesite="Lax", secure=bool(current_app.config["SESSION_COOKIE_SECURE"]))


def address_retry_after() -> int | None:
    """Seconds until the per-address limit lets this address try again, if it was hit."""
    current = limiter.current_limit
    if current is None or not current.breached:
        return None
    return max(1, math.ceil(current.reset_at - time.time()))


def failed_attempt(response: Response) -> bool:
    """Only a login that did not succeed (no redirect) counts against the limits."""
    return response.status_code != 302
