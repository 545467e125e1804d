"""The database extension: one engine per app, one session per request."""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy_lite import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm.exc import StaleDataError

db = SQLAlchemy(session_options={"expire_on_commit": False})


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """Make SQLite enforce foreign keys, as PostgreSQL does."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
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
