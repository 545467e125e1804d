"""The application factory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, session
from flask_wtf import CSRFProtect
from werkzeug.routing import IntegerConverter, Map

from screening import errors, logs
from screening.chrome import register_chrome
from screening.config import LazySecretConfig, load_config
from screening.db import register_database
from screening.form_base import register_forms
from screening.i18n import RequestCachedBabel
from screening.instrument import InstrumentError, load_registry
from screening.limits import register_limits
from screening.login import register_login
from screening.security import register_security
from screening.session_cookie import register_session_cookie
from screening.urls import register_urls

babel = RequestCachedBabel()
csrf = CSRFProtect()


class DatabaseIdConverter(IntegerConverter):
    """Accept only ids an integer column holds: a larger number is a 404, not a 500."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


class ScreeningFlask(Flask):
    """Flask, with unhandled exceptions logged by `errors.log_unhandled` only.

    Flask's own log line carries the exception's message and the full path, which can hold
    user input and case references. A generated secret key is made on first use.
    """

    config_class = LazySecretConfig

    def log_exception(self, exc_info: Any) -> None:
        """Leave it to `errors.log_unhandled`, which `got_request_exception` calls."""


def create_app(
    config: Mapping[str, Any] | None = None, *, instance_path: str | None = None
) -> Flask:
    """Build the Flask app; `config` overrides every other configuration layer."""
    app = ScreeningFlask("screening", instance_path=instance_path, instance_relative_config=True)
    app.url_map.converters["int"] = DatabaseIdConverter
    load_config(app, config)
    logs.register_logging(app)
    register_database(app)
    register_session_cookie(app)
    # Login is checked before CSRF, so anonymous posts go to the login page too.
    register_login(app)
    register_forms(app)
    csrf.init_app(app)
    register_limits(app)
    register_babel(app)
    register_instruments(app)
    errors.register_error_handlers(app)
    register_security(app)
    register_blueprints(app)
    register_urls(app)
    register_chrome(app)
    register_commands(app)
    return app


def select_locale() -> str:
    """Pick the user's chosen language; Dutch unless English was chosen."""
    from flask import current_app

    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return str(chosen)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def register_babel(app: Flask) -> None:
    translations = Path(__file__).parent / "translations"
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(translations))
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def inject_language() -> dict[str, Any]:
        from flask_babel import get_locale

        return {"current_language": str(get_locale())}


def register_instruments(app: Flask) -> None:
    """Load and validate every instrument once; refuse to start when one is invalid."""
    directory = Path(app.config["QUESTIONNAIRE_DIR"])
    try:
        app.extensions["instruments"] = load_registry(directory)
    except InstrumentError as error:
        raise RuntimeError(f"Invalid questionnaires in {directory}:\n{error}") from error


def register_blueprints(app: Flask) -> None:
    from screening.views import (
        admin,
        audit_log,
        auth,
        casework,
        figures,
        local_contacts,
        main,
        old_paths,
        organisation,
        site,
    )

    app.before_request(main.apply_language_choice)
    site.register_site(app)
    for blueprint in (main.bp, auth.bp, admin.bp, audit_log.bp, local_contacts.bp, casework.bp,
                      site.bp, organisation.bp, figures.bp):
        app.register_blueprint(blueprint)
    old_paths.register_old_paths(app)


def register_commands(app: Flask) -> None:
    from screening.cli_audit import audit_cli
    from screening.cli_db import db_cli
    from screening.cli_organisations import figures_cli, organisations_cli
    from screening.cli_questionnaire import questionnaire_cli
    from screening.cli_retention import retention_cli
    from screening.cli_serve import serve
    from screening.cli_users import users_cli

    for group in (db_cli, questionnaire_cli, users_cli, retention_cli, audit_cli, serve,
                  organisations_cli, figures_cli):
        app.cli.add_command(group)
