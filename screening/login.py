"""Sessions: who is logged in, the idle timeout, and login required on every page."""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, current_app, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, current_user, logout_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import SecurityError

from screening.db import db
from screening.models import User
from screening.views.old_paths import is_old_path

login_manager = LoginManager()
# Built once: every request runs it. The organisation comes along in the same query:
# every page's footer shows its contact.
USER_WITH_ORGANISATION = (select(User).options(joinedload(User.organisation))
                          .where(User.id == bindparam("user_id")))

# The only pages open without logging in (static files and the health check included).
PUBLIC_ENDPOINTS = frozenset({
    "auth.login", "auth.setup", "auth.setup_link", "auth.reset", "auth.reset_link",
    "static", "main.healthz",
    "site.privacy", "site.accessibility", "site.theme_css", "site.logo",
})


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Load the account of a session; a stale session version means logged out."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.scalar(USER_WITH_ORGANISATION, {"user_id": int(user_id)})
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


# Pages that never need a session: they must not hand out a cookie either.
SESSIONLESS_ENDPOINTS = frozenset({"static", "main.healthz"})
STARTED = "started"


def mark_session_start(session_store: Any) -> None:
    """Note when a login began: the absolute lifetime counts from here, activity or not."""
    session_store[STARTED] = int(time.time())


def end_overlong_session() -> None:
    """Log out a session older than the absolute lifetime, however active it was."""
    if not current_user.is_authenticated:
        return
    started = session.get(STARTED)
    limit = int(current_app.config["ABSOLUTE_SESSION_HOURS"]) * 3600
    if not isinstance(started, int) or time.time() - started > limit:
        logout_user()
        session.clear()


def require_login() -> ResponseReturnValue | None:
    """Send anonymous visitors of any non-public page to the login page."""
    if isinstance(request.routing_exception, SecurityError):
        return None  # an unknown host: its 400 answers, not a redirect built for it
    end_overlong_session()
    if (request.endpoint in PUBLIC_ENDPOINTS or is_old_path(request.endpoint)
            or current_user.is_authenticated):
        return None
    # No `next` parameter: it would put paths into the login URL and the logs.
    return redirect(url_for("auth.login"))


def register_login(app: Flask) -> None:
    login_manager.init_app(app)
    # Flask's signed cookie carries its own timestamp: after the idle time it is refused
    # (signed again at most once a minute: screening.session_cookie).
    app.before_request(_keep_session_permanent)
    app.before_request(require_login)


def _keep_session_permanent() -> None:
    # Set only once: setting it marks the session changed, and a changed cookie is signed again.
    if request.endpoint not in SESSIONLESS_ENDPOINTS and not session.permanent:
        session.permanent = True
