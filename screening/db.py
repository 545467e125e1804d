"""The database: one engine per app, one session per request, and the migrations."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from flask import Flask
from flask_alembic import Alembic
from flask_sqlalchemy_lite import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm.exc import StaleDataError

from screening.models import Base

MIGRATIONS = Path(__file__).parent / "migrations"
VERSIONS = MIGRATIONS / "versions"

db = SQLAlchemy(session_options={"expire_on_commit": False})


class Migrations(Alembic):
    """Flask-Alembic, numbering revisions 0001, 0002, ... as the shipped ones are."""

    def rev_id(self) -> str:
        numbers = [int(match.group()) for script in self.script_directory.walk_revisions()
                   if (match := re.match(r"\d+", script.revision))]
        return f"{max(numbers, default=0) + 1:04d}"


# The migrations ship inside the package; nothing is created at start-up.
migrations = Migrations(metadatas=Base.metadata, run_mkdir=False, command_name="")


def register_database(app: Flask) -> None:
    """Engines and sessions from DATABASE_URL; Alembic on the same engine, in batch mode."""
    db.init_app(app)
    # Flask-SQLAlchemy-Lite also registers a teardown that closes async sessions; Flask runs
    # an async teardown through asgiref, which starts a thread on every request. We have no
    # async engines, so that teardown goes.
    app.teardown_appcontext_funcs[:] = [
        function for function in app.teardown_appcontext_funcs
        if getattr(function, "__name__", "") != "_close_async_sessions"
    ]
    app.config["ALEMBIC"] = {
        "script_location": str(MIGRATIONS),
        "version_locations": [str(VERSIONS)],
        **app.config.get("ALEMBIC", {}),
    }
    app.config["ALEMBIC_CONTEXT"] = {
        "render_as_batch": True,  # SQLite cannot ALTER most things; batch mode recreates tables
        "compare_type": True,
        **app.config.get("ALEMBIC_CONTEXT", {}),
    }
    migrations.init_app(app)


# Every SQLite connection: foreign keys enforced as on PostgreSQL; a write-ahead log, so
# readers never wait for the writer and a commit appends instead of rewriting pages;
# synchronous=NORMAL, which in WAL mode stays consistent after a crash (a power cut can
# lose the last commits, never corrupt); and a writer waits up to 5 s for another one.
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=5000",
)


@event.listens_for(Engine, "do_connect")
def _sqlite_owner_only(dialect: Any, _record: Any, cargs: Any, _cparams: Any) -> None:
    """Create a SQLite database file owner-only (0600) before SQLite opens it.

    SQLite gives its journal and write-ahead log the database file's permissions, so
    they are owner-only too. A file that exists with wider permissions is narrowed.
    """
    if dialect.name != "sqlite" or not cargs:
        return
    name = str(cargs[0])
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    try:
        descriptor = os.open(name, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return  # SQLite reports it in its own words (a missing folder: database unavailable)
    try:
        if os.fstat(descriptor).st_mode & 0o077:
            os.fchmod(descriptor, 0o600)
    finally:
        os.close(descriptor)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Set the SQLite pragmas above on every new connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()


def commit_unless_changed() -> bool:
    """Commit the request's work; False, with nothing written, if a screening changed meanwhile.

    Screenings carry a version number: when another request saved the same one first,
    SQLAlchemy refuses the stale write and the whole transaction is rolled back.
    """
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return False
    return True
