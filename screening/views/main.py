"""Home page, language choice and health check."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import text

from screening.db import db

bp = Blueprint("main", __name__)


def apply_language_choice() -> ResponseReturnValue | None:
    """Remember `?lang=nl|en` and show the same page again without the parameter."""
    language = request.args.get("lang")
    if language is None or request.method != "GET":
        return None
    if language in current_app.config["LANGUAGES"]:
        session["lang"] = language
    # Only the path: the rest of the query string is dropped with the parameter.
    return redirect(request.path)


@bp.get("/")
def index() -> ResponseReturnValue:
    if current_user.is_coordinator:
        return redirect(url_for("admin.index"))
    return redirect(url_for("screenings.index"))


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Answer 200 when the database answers, 503 when it does not."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means: not healthy
        current_app.logger.warning("health check: database unavailable")
        return jsonify(status="unavailable", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
