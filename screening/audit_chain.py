"""The audit log as a hash chain: each row seals its content and the previous row's hash.

Rows are sealed at commit, as the last thing a transaction does: under a lock (an
advisory lock on PostgreSQL, the write lock on SQLite) the row gets
the next id and a keyed hash over its content and the previous row's hash. So rows
are numbered without gaps in the order they were committed, two writers can never
fork the chain, and the lock is held only for the instant before the commit.

The hash is keyed with the installation's secret key, so someone who can write to the
database but does not have the key cannot recompute the chain after an edit.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from screening.models import AuditEvent

PENDING = "audit_pending"
# Any constant works; it names the one lock that orders the audit chain on PostgreSQL.
ADVISORY_LOCK = 7513
SQLITE_TRIGGERS = frozenset({"audit_events_no_update", "audit_events_no_delete",
                             "audit_events_no_replace"})
POSTGRESQL_TRIGGERS = frozenset({"audit_events_append_only"})
HEALTH_TAIL = 1000


def chain_key(secret_key: str) -> bytes:
    """Derive the chain's key from the secret key (never the key itself)."""
    return hmac.new(secret_key.encode("utf-8"), b"audit-chain", hashlib.sha256).digest()


def _field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(timespec="microseconds")
    return str(value)


@dataclass(slots=True)
class PendingRow:
    """An audit row waiting for its commit: AuditEvent's columns, without the ORM's bookkeeping.

    It is never changed after it is written, so nothing needs to track it.
    """

    at: datetime
    event: str
    user_id: int | None
    organisation_id: int | None
    screening_id: int | None
    case_pointer: str | None
    target_user_id: int | None
    client_address: str | None
    id: int | None = None
    row_hash: str | None = None


def row_hash(key: bytes, row: Any, previous: str) -> str:
    """Hash one row's content together with the previous row's hash.

    `row` is anything with AuditEvent's column names as attributes: a PendingRow, an
    AuditEvent, or a row read with AUDIT_ROWS.
    """
    content = "|".join(_field(v) for v in (
        row.id, row.at, row.event, row.user_id, row.organisation_id, row.screening_id,
        row.case_pointer, row.target_user_id, row.client_address, previous))
    return hmac.new(key, content.encode("utf-8"), hashlib.sha256).hexdigest()


def queue(session: Session, row: PendingRow) -> None:
    """Keep a row until the session commits; it is numbered and sealed then."""
    session.info.setdefault(PENDING, []).append(row)


# The statements of sealing, written once: they run on every request that writes an audit
# row (every page view), so they skip the ORM and its statement compilation.
POSTGRESQL_LOCK = f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK})"
# A write that changes nothing takes SQLite's one write lock (waiting for it up to the busy
# timeout) before the last row is read, so two writers cannot both read the same last row.
SQLITE_LOCK = "DELETE FROM audit_events WHERE 0 = 1"
LAST_ROW = "SELECT id, row_hash FROM audit_events ORDER BY id DESC LIMIT 1"
COLUMNS = tuple(AuditEvent.__table__.columns.keys())
# The insert in each driver's own parameter style (psycopg: %(name)s; sqlite3: :name), so
# it skips Core's compilation too; `at` goes through the column type's own conversion.
INSERTS = {
    style: f"INSERT INTO audit_events ({', '.join(COLUMNS)}) VALUES "
           f"({', '.join(pattern.format(column) for column in COLUMNS)})"
    for style, pattern in (("pyformat", "%({})s"), ("named", ":{}"))
}


def _inserter(dialect: Dialect) -> tuple[str, Callable[[Any], Any] | None]:
    """The insert statement and the conversion of `at` for one database driver."""
    found = _INSERTERS.get(dialect.name)
    if found is None:
        style = "pyformat" if dialect.paramstyle in ("pyformat", "format") else "named"
        at_type = AuditEvent.__table__.c.at.type
        found = _INSERTERS[dialect.name] = (INSERTS[style], at_type.bind_processor(dialect))
    return found


_INSERTERS: dict[str, tuple[str, Callable[[Any], Any] | None]] = {}


def seal(session: Session, key: bytes) -> None:
    """Number and hash the session's pending rows after the last row in the log.

    The rows are inserted directly, not added to the session: they are never changed
    afterwards, so the unit of work has nothing to track.
    """
    rows: list[PendingRow] = session.info.pop(PENDING, [])
    if not rows:
        return
    session.flush()  # every other lock of this transaction is taken before the chain's
    connection = session.connection()
    postgresql = connection.dialect.name == "postgresql"
    connection.exec_driver_sql(POSTGRESQL_LOCK if postgresql else SQLITE_LOCK)
    last = connection.exec_driver_sql(LAST_ROW).first()
    last_id, previous = (last[0], last[1] or "") if last else (0, "")
    for row in rows:
        last_id += 1
        row.id = last_id
        row.row_hash = previous = row_hash(key, row, previous)
    statement, convert_at = _inserter(connection.dialect)
    values = [{column: getattr(row, column) for column in COLUMNS} for row in rows]
    if convert_at is not None:
        for value in values:
            value["at"] = convert_at(value["at"])
    connection.exec_driver_sql(statement, values[0] if len(values) == 1 else values)


def forget(session: Session) -> None:
    session.info.pop(PENDING, None)


def register(key_of: Any) -> None:
    """Seal pending audit rows whenever any session commits; drop them on a rollback."""

    @event.listens_for(Session, "before_commit")
    def _before_commit(session: Session) -> None:
        if session.info.get(PENDING):
            seal(session, key_of())

    event.listen(Session, "after_rollback", forget)


@dataclass(frozen=True)
class Verdict:
    """The outcome of walking the chain."""

    rows: int
    sealed: int
    head: str | None
    broken_id: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def missing_triggers(session: Session) -> set[str]:
    """The triggers that keep the log append-only and are not there (or switched off)."""
    if session.get_bind().dialect.name == "postgresql":
        present = set(session.scalars(text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass "
            "AND tgenabled <> 'D'")))
        return set(POSTGRESQL_TRIGGERS - present)
    present = set(session.scalars(text(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'")))
    return set(SQLITE_TRIGGERS - present)


def walk(key: bytes, rows: Iterable[Any], previous: str | None = None,
         previous_id: int | None = None) -> Verdict:
    """Check every link; name the first row whose hash, or whose predecessor, is wrong."""
    count = sealed = 0
    for row in rows:
        count += 1
        if row.row_hash is None:
            if previous is not None:
                return Verdict(count, sealed, previous, row.id, "row has no hash")
            previous_id = row.id
            continue  # from before the chain started
        if previous is not None and previous_id is not None and row.id != previous_id + 1:
            return Verdict(count, sealed, previous, row.id,
                           f"rows missing between {previous_id} and {row.id}")
        expected = row_hash(key, row, previous or "")
        if not hmac.compare_digest(expected, row.row_hash):
            return Verdict(count, sealed, previous, row.id, "content or order changed")
        previous, previous_id = row.row_hash, row.id
        sealed += 1
    return Verdict(count, sealed, previous)


# The chain is read as plain rows (attributes by column name), not as ORM objects: reading
# the thousand newest rows for every health check costs a tenth of loading them.
AUDIT_ROWS = select(*AuditEvent.__table__.c)


def verify(session: Session, key: bytes) -> Verdict:
    """Walk the whole chain, oldest row first, and check the triggers are in place."""
    rows = session.execute(
        AUDIT_ROWS.order_by(AuditEvent.id).execution_options(yield_per=1000))
    verdict = walk(key, rows)
    return _with_triggers(session, verdict)


def verify_tail(session: Session, key: bytes, size: int = HEALTH_TAIL) -> Verdict:
    """Check the newest rows only (cheap enough for a health check) and the triggers."""
    newest: Sequence[Any] = session.execute(
        AUDIT_ROWS.order_by(AuditEvent.id.desc()).limit(size + 1)).all()
    rows = list(reversed(newest))
    if len(rows) > size and rows[0].row_hash is not None:
        first = rows.pop(0)
        verdict = walk(key, rows, first.row_hash, first.id)
    else:
        verdict = walk(key, rows)
    return _with_triggers(session, verdict)


def _with_triggers(session: Session, verdict: Verdict) -> Verdict:
    missing = missing_triggers(session)
    if verdict.ok and missing:
        return Verdict(verdict.rows, verdict.sealed, verdict.head, None,
                       "trigger missing: " + ", ".join(sorted(missing)))
    return verdict
