"""Sessions: who is logged in, the idle timeout, and login required on every page."""

from __future__ import annotations

from flask import Flask, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, current_user

from screening.db import db
from screening.models import User
from screening.views.old_paths import is_old_path

login_manager = LoginManager()

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
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def require_login() -> ResponseReturnValue | None:
    """Send anonymous visitors of any non-public page to the login page."""
    if (request.endpoint in PUBLIC_ENDPOINTS or is_old_path(request.endpoint)
            or current_user.is_authenticated):
        return None
    # No `next` parameter: it would put paths into the login URL and the logs.
    return redirect(url_for("auth.login"))


def register_login(app: Flask) -> None:
    login_manager.init_app(app)
    # Flask's signed cookie carries its own timestamp: after the idle time it is refused.
    app.before_request(_keep_session_permanent)
    app.before_request(require_login)


def _keep_session_permanent() -> None:
    session.permanent = True
