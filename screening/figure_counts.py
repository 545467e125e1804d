"""Counts of finalised screenings per month and organisation, kept up to date as they change.

Figures pages read these instead of counting every screening at every view. Each count
row is one combination of what the figures show (month, municipality, profession of the
screener, outcome, safety, parenting, follow-up). Finalising, changing a rescreen date,
starting a follow-up, erasing and retention change them in the same transaction, through
`moved`; `rebuild` recounts them from the screenings (`screening figures rebuild`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import Connection, delete, event, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, object_session

from screening.models import FigureCount, Screening

# A follow-up started up to a week after the planned day still counts as in time.
FOLLOW_UP_GRACE = timedelta(days=7)
NO_DUE_MONTH = ""
UNKNOWN_PROFESSION = "unknown"


class Key(NamedTuple):
    """The combination one count row stands for."""

    organisation_id: int
    month: str
    municipality: str
    profession: str
    outcome: str
    safety: str
    parenting: str
    due_month: str
    followed: str


def month_of(moment: date | datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def followed(rescreen_on: date | None, followed_up_at: datetime | None) -> str:
    """'no' until a follow-up starts; then 'in_time' or 'late' against the planned day."""
    if followed_up_at is None:
        return "no"
    if rescreen_on is None or followed_up_at.date() <= rescreen_on + FOLLOW_UP_GRACE:
        return "in_time"
    return "late"


def key_of(screening: Screening) -> Key | None:
    """The count row a screening belongs in; None for a draft (drafts are not counted).

    Safety is the one every page shows ('unknown' for an open safety gate).
    """
    if not screening.is_final or screening.finalised_at is None:
        return None
    return _key(screening.organisation_id, screening.finalised_at, screening.municipality,
                screening.screener_profession, screening.outcome,
                screening.shown_safety or screening.safety, screening.parenting,
                screening.rescreen_on, screening.followed_up_at)


def _key(organisation_id: int, finalised_at: datetime, municipality: str, profession: str | None,
         outcome: str | None, safety: str | None, parenting: str | None,
         rescreen_on: date | None, followed_up_at: datetime | None) -> Key:
    """The count row of a finalised screening's stored values (one object or a recount row)."""
    return Key(organisation_id, month_of(finalised_at), municipality,
               profession or UNKNOWN_PROFESSION, outcome or "insufficient", safety or "none",
               parenting or "unknown", month_of(rescreen_on) if rescreen_on else NO_DUE_MONTH,
               followed(rescreen_on, followed_up_at))


PENDING = "figure_count_deltas"


def add(session: Session, key: Key | None, delta: int) -> None:
    """Add `delta` to one count row at the session's next flush, with the screening's change.

    Written after the screenings in the same flush: a concurrent change that makes the
    screening's write fail (its version moved on) leaves the counts untouched as well.
    """
    if key is None or delta == 0:
        return
    session.info.setdefault(PENDING, []).append((key, delta))


def _upsert(connection: Connection, key: Key, delta: int) -> None:
    """Add to one count row, creating it when needed (an upsert: no race between two)."""
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(FigureCount).values({**key._asdict(), "count": delta})
    statement = statement.on_conflict_do_update(
        index_elements=list(Key._fields),
        set_={"count": FigureCount.count + statement.excluded.count})
    connection.execute(statement)


@event.listens_for(Session, "after_flush")
def _write_pending(session: Session, _context: object) -> None:
    deltas: Counter[Key] = Counter()
    for key, delta in session.info.pop(PENDING, []):
        deltas[key] += delta
    connection = session.connection()
    for key, delta in deltas.items():
        if delta:
            _upsert(connection, key, delta)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, _previous: object) -> None:
    session.info.pop(PENDING, None)


@contextmanager
def moved(screening: Screening) -> Iterator[None]:
    """Move a screening's count from the row it was in to the row it is in after the block."""
    before = key_of(screening)
    yield
    after = key_of(screening)
    if before != after:
        session = object_session(screening)
        assert session is not None
        add(session, before, -1)
        add(session, after, +1)


def forget(session: Session, screening: Screening) -> None:
    """Take a screening out of the counts before it is erased."""
    add(session, key_of(screening), -1)


def recount(session: Session) -> Counter[Key]:
    """Count every finalised screening again, from the screenings themselves."""
    counts: Counter[Key] = Counter()
    rows = session.execute(select(
        Screening.organisation_id, Screening.finalised_at, Screening.municipality,
        Screening.screener_profession, Screening.chosen_tier, Screening.tier,
        Screening.shown_safety, Screening.safety, Screening.parenting, Screening.rescreen_on,
        Screening.followed_up_at,
    ).where(Screening.status == "final").execution_options(yield_per=5000))
    for (organisation_id, finalised_at, municipality, profession, chosen, tier, shown_safety,
         safety, parenting, rescreen_on, followed_up_at) in rows:
        assert finalised_at is not None  # final_is_complete
        counts[_key(organisation_id, finalised_at, municipality, profession, chosen or tier,
                    shown_safety or safety, parenting, rescreen_on, followed_up_at)] += 1
    return counts


def maintained(session: Session) -> Counter[Key]:
    """The counts as kept, without empty rows."""
    rows = session.execute(select(FigureCount).where(FigureCount.count != 0))
    return Counter({Key(*(getattr(row, name) for name in Key._fields)): row.count
                    for (row,) in rows})


def rebuild(session: Session) -> int:
    """Replace the kept counts by a full recount; return how many rows were written."""
    counts = recount(session)
    session.execute(delete(FigureCount))
    rows = [{**key._asdict(), "count": count} for key, count in counts.items()]
    for start in range(0, len(rows), 1000):
        session.execute(insert(FigureCount), rows[start:start + 1000])
    return len(rows)

