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

from screening import audit, audit_chain
from screening.db import db

bp = Blueprint("main", __name__)


def apply_language_choice() -> ResponseReturnValue | None:
    """Remember `?lang=nl|en` and show the same page again without the parameter."""
    language = request.args.get("lang")
    if language is None or request.method != "GET" or request.url_rule is None:
        return None  # unknown paths fall through to their 404; never echo a path back
    if language in current_app.config["LANGUAGES"]:
        session["lang"] = language
    # Rebuilt from the route, not the raw path: nothing the visitor typed ends up in Location.
    return redirect(url_for(request.endpoint or "main.index", **(request.view_args or {})))


@bp.get("/")
def index() -> ResponseReturnValue:
    if current_user.is_coordinator:
        return redirect(url_for("admin.index"))
    if current_user.is_region:
        return redirect(url_for("region.index"))
    return redirect(url_for("casework.index"))


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Answer 200 when the database answers, 503 when it does not.

    It also reports the audit log: "broken" when a trigger that keeps it append-only is
    gone or one of its newest rows does not fit the chain (`screening audit verify`
    walks all of it). A broken chain needs a person, not a restart: the status stays 200.
    """
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means: not healthy
        current_app.logger.warning("health check: database unavailable")
        return jsonify(status="unavailable", database="unavailable"), 503
    verdict = audit_chain.verify_tail(db.session, audit.chain_key())
    if not verdict.ok:
        current_app.logger.error("health check: audit log broken at row %s", verdict.broken_id)
    return jsonify(status="ok", database="ok", audit="ok" if verdict.ok else "broken")
