"""Configuration layers: package defaults, the instance file, the environment."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

REPO_QUESTIONNAIRES = Path(__file__).resolve().parent.parent / "questionnaires"

DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": None,
    "DATABASE_URL": None,  # None: SQLite in the instance folder
    "QUESTIONNAIRE_DIR": str(REPO_QUESTIONNAIRES),
    "PRODUCTION": False,
    "LANGUAGES": ("nl", "en"),
    "BABEL_DEFAULT_LOCALE": "nl",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
    # The design-token theme's class on <body>; an organisation's own theme (instance/theme/)
    # names its class here, for example "utrecht-theme".
    "THEME_CLASS": "voorbeeld-theme",
    # When the accessibility statement was last checked against WCAG 2.1 AA (ISO date).
    "ACCESSIBILITY_STATEMENT_DATE": "2026-11-29",
    # The account's profession prefills the instrument's 'who screens' question.
    "PROFESSION_ANSWERS": {
        "school_social_worker": "smw", "youth_health_nurse": "jgz",
        "welfare_worker": "welzijn", "other": "other",
    },
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "MAX_FORM_MEMORY_SIZE": 256 * 1024,
    "MAX_FORM_PARTS": 500,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "SESSION_COOKIE_NAME": "screening_session",
    "IDLE_TIMEOUT_MINUTES": 30,
    "RETENTION_FINAL_MONTHS": 24,
    "RETENTION_DRAFT_DAYS": 30,
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the (idle-limited) session
    "RATELIMIT_STORAGE_URI": "memory://",
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers to trust.
    "TRUSTED_PROXIES": 0,
    "RATELIMIT_HEADERS_ENABLED": False,
    # Where people reach the app; used for links the command line prints.
    "PUBLIC_URL": "http://127.0.0.1:5000",
}

# Environment variables read by their plain names (the names operators expect);
# any other setting can be given as SCREENING_<NAME>, parsed as JSON when possible.
PLAIN_ENVIRONMENT = ("SECRET_KEY", "DATABASE_URL", "QUESTIONNAIRE_DIR")
SECRET_KEY_FILE = "secret_key"


def load_config(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    """Fill app.config from defaults, instance file, environment and overrides."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for name in PLAIN_ENVIRONMENT:
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    app.config.from_prefixed_env("SCREENING")
    if overrides:
        app.config.from_mapping(overrides)

    if not app.config["SECRET_KEY"]:
        if app.config["PRODUCTION"]:
            raise RuntimeError(
                "SECRET_KEY is not set: production mode refuses to start without one."
            )
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))
    if app.config["PRODUCTION"]:
        app.config["SESSION_COOKIE_SECURE"] = True
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(
        minutes=int(app.config["IDLE_TIMEOUT_MINUTES"])
    )
    url = database_url(app.config["DATABASE_URL"], Path(app.instance_path))
    app.config["DATABASE_URL"] = url
    app.config["SQLALCHEMY_ENGINES"] = {"default": {"url": url, "pool_pre_ping": True}}


def instance_secret_key(instance: Path) -> str:
    """Read the generated secret key from the instance folder, creating it once."""
    path = instance / SECRET_KEY_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Created with owner-only permissions; never overwritten once there.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def database_url(configured: str | None, instance: Path) -> str:
    """Return the SQLAlchemy URL: the configured one, or SQLite in the instance folder."""
    if not configured:
        instance.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{instance / 'screening.sqlite3'}"
    # Hosting platforms hand out postgres:// URLs; we speak psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if configured.startswith(prefix):
            return "postgresql+psycopg://" + configured[len(prefix):]
    return configured
