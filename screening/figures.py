"""What coordinators and regions see: figures from the kept counts, rounded so none betrays a family.

Completed months are split by outcome, safety, municipality, profession, parenting and
follow-up; the running month only counts finalisations (see Figures.running_total).

Suppression that holds: every kept count (one organisation, month, municipality,
profession, outcome, safety, parenting and follow-up) is rounded to a multiple of 5 on
its own, up or down at random with the chance that keeps it unbiased (a keyed hash, so a
page shows the same figure every time). Every number shown - a bar, a cell, a total, a
share, a CSV cell - is a sum of these rounded counts, never of the true ones. A reader
therefore learns nothing beyond the rounded counts, and a rounded count never pins a true
one: a shown 0 may be 0 to 4, a shown 5 may be 1 to 9.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from screening.figure_counts import NO_DUE_MONTH, Key, month_of
from screening.instrument import PARENTING, SAFETY_LEVELS
from screening.models import FigureCount

BASE = 5
WINDOW_MONTHS = 12
OUTCOMES = ("ordinary", "watch", "complex", "insufficient")
SAFETY = SAFETY_LEVELS
PATTERNS = ("cooperative", "parallel", "conflicted")
# Kelly (2007) and later Dutch summaries: roughly how separated parents go on to parent.
# A reference to compare with, not a norm: a screened group is not all separating parents.
REFERENCE_SPLIT = {"cooperative": (25, 30), "parallel": (50, 50), "conflicted": (20, 23)}


def rounded(count: int, key: tuple[object, ...], secret: bytes, base: int = BASE) -> int:
    """Round a count to a multiple of `base`, up with chance (count mod base) / base."""
    if count <= 0:
        return 0
    rest = count % base
    if rest == 0:
        return count
    digest = hmac.new(secret, repr((tuple(key), count)).encode(), hashlib.sha256).digest()
    draw = int.from_bytes(digest[:8], "big") / 2**64
    return count - rest + (base if draw < rest / base else 0)


def months_back(today: date, count: int = WINDOW_MONTHS) -> list[str]:
    """The last `count` months up to and including today's, oldest first."""
    index = today.year * 12 + today.month - 1
    return [f"{(i // 12):04d}-{(i % 12) + 1:02d}" for i in range(index - count + 1, index + 1)]


def load_counts(session: Session, organisation_ids: Iterable[int], first_month: str) -> dict[Key, int]:
    """The kept counts of these organisations from `first_month` on (an index range scan)."""
    columns = [getattr(FigureCount, name) for name in Key._fields]
    rows = session.execute(select(*columns, FigureCount.count).where(
        FigureCount.organisation_id.in_(list(organisation_ids)),
        FigureCount.month >= first_month, FigureCount.count > 0))
    return {Key(*row[:-1]): row[-1] for row in rows}


Table = dict[str, dict[str, int]]


@dataclass
class Figures:
    """Rounded figures of the last 12 months; the last month is still running."""

    months: list[str]
    municipalities: list[str]
    professions: list[str]
    outcome_by_month: Table = field(default_factory=dict)
    safety_by_month: Table = field(default_factory=dict)
    outcome_by_municipality: Table = field(default_factory=dict)
    safety_by_municipality: Table = field(default_factory=dict)
    outcome_by_profession: Table = field(default_factory=dict)
    safety_by_profession: Table = field(default_factory=dict)
    parenting: dict[str, int] = field(default_factory=dict)
    follow_up: Table = field(default_factory=dict)  # due month -> {"due", "in_time"}
    # The running month shows only how many were finalised: split by outcome, a change
    # could be matched to one finalisation in the audit log, which says that one happened.
    running_total: int = 0

    @property
    def current_month(self) -> str:
        return self.months[-1]

    @property
    def total(self) -> int:
        return self.running_total + sum(sum(row.values()) for row in self.outcome_by_month.values())

    @property
    def pattern_total(self) -> int:
        return sum(self.parenting.get(code, 0) for code in PATTERNS)

    def pattern_share(self, code: str) -> int | None:
        total = self.pattern_total
        return round(100 * self.parenting.get(code, 0) / total) if total else None

    @property
    def follow_up_due(self) -> int:
        return sum(row["due"] for row in self.follow_up.values())

    @property
    def follow_up_in_time(self) -> int:
        return sum(row["in_time"] for row in self.follow_up.values())

    @property
    def follow_up_share(self) -> int | None:
        due = self.follow_up_due
        return round(100 * self.follow_up_in_time / due) if due else None


def _table(rows: Iterable[str], columns: Iterable[str]) -> Table:
    return {row: dict.fromkeys(columns, 0) for row in rows}


def publish(counts: Mapping[Key, int], secret: bytes, today: date, *,
            municipality: str | None = None, profession: str | None = None,
            base: int = BASE) -> Figures:
    """Round each kept count, then sum the rounded counts into every table shown.

    `municipality` and `profession` narrow the monthly bars; the split tables show all.
    `base` 1 gives the true figures, for tests only.
    """
    months = months_back(today)
    window = set(months)
    shown = {key: rounded(count, key, secret, base) for key, count in counts.items()
             if key.month in window}
    municipalities = sorted({key.municipality for key in shown})
    professions = sorted({key.profession for key in shown})
    figures = Figures(months, municipalities, professions,
                      outcome_by_month=_table(months, OUTCOMES),
                      safety_by_month=_table(months, SAFETY),
                      outcome_by_municipality=_table(municipalities, OUTCOMES),
                      safety_by_municipality=_table(municipalities, SAFETY),
                      outcome_by_profession=_table(professions, OUTCOMES),
                      safety_by_profession=_table(professions, SAFETY),
                      parenting=dict.fromkeys(PARENTING, 0))
    follow_up: Table = defaultdict(lambda: {"due": 0, "in_time": 0})
    for key, number in shown.items():
        if number == 0:
            continue
        selected = (municipality in (None, key.municipality)
                    and profession in (None, key.profession))
        if key.month == figures.current_month:
            figures.running_total += number if selected else 0
            continue
        if selected:
            _bump(figures.outcome_by_month, key.month, key.outcome, number)
            _bump(figures.safety_by_month, key.month, key.safety, number)
        _bump(figures.outcome_by_municipality, key.municipality, key.outcome, number)
        _bump(figures.safety_by_municipality, key.municipality, key.safety, number)
        _bump(figures.outcome_by_profession, key.profession, key.outcome, number)
        _bump(figures.safety_by_profession, key.profession, key.safety, number)
        if selected:
            figures.parenting[key.parenting] = figures.parenting.get(key.parenting, 0) + number
            # Follow-up in time: only once the planned month is over.
            if key.due_month != NO_DUE_MONTH and key.due_month < month_of(today):
                follow_up[key.due_month]["due"] += number
                if key.followed == "in_time":
                    follow_up[key.due_month]["in_time"] += number
    figures.follow_up = dict(sorted(follow_up.items()))
    return figures


def _bump(table: Table, row: str, column: str, number: int) -> None:
    if row in table and column in table[row]:
        table[row][column] += number


def to_csv(figures: Figures, label: Callable[[str, str], str]) -> str:
    """The same figures as one CSV: section, row, column, count (all rounded)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["section", "row", "column", "count"])
    sections: list[tuple[str, Table]] = [
        ("outcome_by_month", figures.outcome_by_month),
        ("safety_by_month", figures.safety_by_month),
        ("outcome_by_municipality", figures.outcome_by_municipality),
        ("safety_by_municipality", figures.safety_by_municipality),
        ("outcome_by_profession", figures.outcome_by_profession),
        ("safety_by_profession", figures.safety_by_profession),
        ("follow_up_by_due_month", figures.follow_up),
    ]
    for section, table in sections:
        for row, cells in table.items():
            if section.endswith("_by_month") and row == figures.current_month:
                writer.writerow([section, label(section, row), "total", figures.running_total])
                continue
            for column, number in cells.items():
                writer.writerow([section, label(section, row), label(section, column), number])
            if section != "follow_up_by_due_month":
                writer.writerow([section, label(section, row), "total", sum(cells.values())])
    for code, number in figures.parenting.items():
        writer.writerow(["parenting", "", label("parenting", code), number])
    return out.getvalue()
