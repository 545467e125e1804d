"""Throttling of login attempts, per account and per address (Flask-Limiter)."""

from __future__ import annotations

import hashlib

from flask import Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from screening.accounts import normalise_email

LOGIN_FAILURES = "5 per 15 minutes"

# Storage comes from RATELIMIT_STORAGE_URI: memory:// on one server; several
# stateless app servers share a Redis or Memcached URI.
limiter = Limiter(key_func=get_remote_address)


def account_key() -> str:
    """Key attempts by the account tried, hashed: the storage never holds an address."""
    email = normalise_email(str(request.form.get("email", "")))
    return "account:" + hashlib.sha256(email.encode("utf-8")).hexdigest()


def failed_attempt(response: Response) -> bool:
    """Only a login that did not succeed (no redirect) counts against the limits."""
    return response.status_code != 302
