"""The database extension: one engine per app, one session per request."""

from __future__ import annotations

from typing import Any

from flask_sqlalchemy_lite import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm.exc import StaleDataError

db = SQLAlchemy(session_options={"expire_on_commit": False})


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
