"""Pages for everyone, logged in or not: the privacy and accessibility statements, the theme."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, abort, current_app, render_template, send_from_directory
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from screening.db import db
from screening.models import Organisation

bp = Blueprint("site", __name__)

THEME_FOLDER = "theme"
THEME_CSS = "huisstijl.css"
LOGOS = ("logo.svg", "logo.png")


@dataclass(frozen=True)
class Theme:
    """The look an organisation chose in its instance folder; the NL Design System example otherwise."""

    css_class: str
    folder: Path
    has_css: bool
    logo: str | None


def load_theme(app: Flask) -> Theme:
    folder = Path(app.instance_path) / THEME_FOLDER
    logo = next((name for name in LOGOS if (folder / name).is_file()), None)
    return Theme(css_class=str(app.config["THEME_CLASS"]), folder=folder,
                 has_css=(folder / THEME_CSS).is_file(), logo=logo)


# Outcome and safety codes as the NL Design System's status badge kinds.
STATUS_KINDS = {
    "acute": "danger", "complex": "danger", "concern": "warning", "watch": "warning",
    "none": "safe", "ordinary": "safe", "unknown": "warning",
}


def status_kind(code: str | None) -> str:
    return STATUS_KINDS.get(code or "", "neutral")


def register_site(app: Flask) -> None:
    app.extensions["theme"] = load_theme(app)
    app.jinja_env.filters["status_kind"] = status_kind

    @app.context_processor
    def inject_site() -> dict[str, Any]:
        return {"theme": app.extensions["theme"], "site_organisation": statement_organisation}


def statement_organisation() -> Organisation | None:
    """Whose statements these are: the visitor's organisation, else the one that set up the app."""
    if current_user.is_authenticated:
        return current_user.organisation  # type: ignore[no-any-return]
    return db.session.scalar(select(Organisation).order_by(Organisation.id).limit(1))


@bp.get("/thema/huisstijl.css")
def theme_css() -> ResponseReturnValue:
    theme: Theme = current_app.extensions["theme"]
    if not theme.has_css:
        abort(404)
    return send_from_directory(theme.folder, THEME_CSS, mimetype="text/css")


@bp.get("/thema/logo")
def logo() -> ResponseReturnValue:
    theme: Theme = current_app.extensions["theme"]
    if theme.logo is None:
        abort(404)
    return send_from_directory(theme.folder, theme.logo)


@bp.get("/privacyverklaring")
def privacy() -> ResponseReturnValue:
    config = current_app.config
    return render_template(
        "site/privacy.html", organisation=statement_organisation(),
        final_months=int(config["RETENTION_FINAL_MONTHS"]),
        draft_days=int(config["RETENTION_DRAFT_DAYS"]),
        idle_minutes=int(config["IDLE_TIMEOUT_MINUTES"]))


@bp.get("/toegankelijkheidsverklaring")
def accessibility() -> ResponseReturnValue:
    return render_template(
        "site/accessibility.html", organisation=statement_organisation(),
        statement_date=current_app.config["ACCESSIBILITY_STATEMENT_DATE"])
