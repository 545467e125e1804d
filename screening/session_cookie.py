"""The session cookie: Flask's signed cookie, signed again only when it has to be.

Flask signs and sets the cookie of a permanent session on every request, so that its
timestamp (the idle timeout counts from it) follows the visitor's activity. Signing,
compressing and serialising costs more than many a page's own work. Here the cookie is
set again only when the session changed or its signature is RESIGN_AFTER seconds old.

The idle timeout stays exact to within that minute, on the safe side: the cookie is
refused IDLE_TIMEOUT_MINUTES after it was last signed, which is at most RESIGN_AFTER
seconds before the last activity. So a session ends between IDLE_TIMEOUT_MINUTES - 1
minute and IDLE_TIMEOUT_MINUTES after the last request, never later.
"""

from __future__ import annotations

import time

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature, URLSafeTimedSerializer

RESIGN_AFTER = 60


class SignedSession(SecureCookieSession):
    """Flask's cookie session, knowing when its cookie was signed (0: it has no cookie yet)."""

    signed_at: float = 0.0


class SessionCookie(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, re-signed at most once a minute when unchanged."""

    session_class = SignedSession

    def __init__(self) -> None:
        self._serializers: dict[tuple[object, ...], URLSafeTimedSerializer] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, built once per set of keys instead of twice per request."""
        if not app.secret_key:
            return None
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        found = self._serializers.get(keys)
        if found is None:
            found = super().get_signing_serializer(app)
            if found is None:
                return None
            self._serializers.clear()  # one set of keys is in use at a time
            self._serializers[keys] = found
        return found

    def open_session(self, app: Flask, request: Request) -> SignedSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed.timestamp()
        return session

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", 0.0)
        return time.time() - signed_at >= RESIGN_AFTER


def register_session_cookie(app: Flask) -> None:
    app.session_interface = SessionCookie()
