"""Configuration layers: package defaults, the instance file, the environment."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable, Mapping
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Config, Flask

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
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "MAX_FORM_MEMORY_SIZE": 256 * 1024,
    "MAX_FORM_PARTS": 500,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "SESSION_COOKIE_NAME": "screening_session",
    "IDLE_TIMEOUT_MINUTES": 30,
    # However active: after this many hours since the login, log in again.
    "ABSOLUTE_SESSION_HOURS": 12,
    "RETENTION_FINAL_MONTHS": 24,
    "RETENTION_DRAFT_DAYS": 30,
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the (idle-limited) session
    "RATELIMIT_STORAGE_URI": "memory://",
    # memory:// counts per process: production refuses it unless told it runs as one process.
    "SINGLE_PROCESS": False,
    # Fail open: when the shared storage is down, logins go on unthrottled and every such
    # request logs an error (see screening/limits.py for why). Short timeouts keep a dead
    # storage from stalling the login page.
    "RATELIMIT_SWALLOW_ERRORS": True,
    "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
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
        generate = partial(instance_secret_key, Path(app.instance_path))
        if isinstance(app.config, LazySecretConfig):
            del app.config["SECRET_KEY"]
            app.config.make_secret_key = generate
        else:
            app.config["SECRET_KEY"] = generate()
    if app.config["PRODUCTION"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        # Requests for any other host name are refused (400): no Host header games.
        if not app.config.get("TRUSTED_HOSTS"):
            app.config["TRUSTED_HOSTS"] = [urlsplit(str(app.config["PUBLIC_URL"])).hostname]
        refuse_per_process_limits(app.config)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(
        minutes=int(app.config["IDLE_TIMEOUT_MINUTES"])
    )
    url = database_url(app.config["DATABASE_URL"], Path(app.instance_path))
    app.config["DATABASE_URL"] = url
    app.config["SQLALCHEMY_ENGINES"] = {"default": {"url": url, "pool_pre_ping": True}}


class LazySecretConfig(Config):
    """Flask's config, where a generated secret key is only made when first used.

    `screening --help` builds the app to list its commands: that must not write a key.
    """

    make_secret_key: Callable[[], str] | None = None

    def __missing__(self, key: str) -> Any:
        if key == "SECRET_KEY" and self.make_secret_key is not None:
            self[key] = self.make_secret_key()
            return self[key]
        raise KeyError(key)


def refuse_per_process_limits(config: Mapping[str, Any]) -> None:
    """Refuse memory:// throttling in production unless the app runs as one process.

    Each process would count login attempts on its own: with four workers an attacker
    gets four times the attempts, and every new worker starts from zero.
    """
    uri = str(config["RATELIMIT_STORAGE_URI"])
    if uri.startswith("memory://") and not config["SINGLE_PROCESS"]:
        raise RuntimeError(
            "RATELIMIT_STORAGE_URI is memory://: login throttling would count per process. "
            "Set SCREENING_RATELIMIT_STORAGE_URI=redis://... (shared by every instance), "
            "or SCREENING_SINGLE_PROCESS=true when exactly one process serves the app."
        )


def instance_secret_key(instance: Path) -> str:
    """Read the generated secret key from the instance folder, creating it once."""
    path = instance / SECRET_KEY_FILE
    if not path.exists():
        private_folder(instance)
        # Written in full under another name, then linked: owner-only, never overwritten,
        # and a second process that gets there first wins for both.
        fd, draft = tempfile.mkstemp(dir=instance, prefix=".secret_key-")
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(32) + "\n")
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    return path.read_text(encoding="ascii").strip()


def private_folder(folder: Path) -> None:
    """Create the instance folder for the owner only (0700), or close an existing one of ours.

    It holds the secret key and the SQLite database: nobody else on the server reads it.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    if info.st_mode & 0o077 and info.st_uid == os.getuid():
        folder.chmod(0o700)


def database_url(configured: str | None, instance: Path) -> str:
    """Return the SQLAlchemy URL: the configured one, or SQLite in the instance folder."""
    if not configured:
        private_folder(instance)
        return f"sqlite:///{instance / 'screening.sqlite3'}"
    # Hosting platforms hand out postgres:// URLs; we speak psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if configured.startswith(prefix):
            return "postgresql+psycopg://" + configured[len(prefix):]
    return configured
