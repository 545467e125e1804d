"""When to screen a family again: the interval the routes of a result declare, and the plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .model import Instrument
from .results import Result


@dataclass(frozen=True)
class Plan:
    """The next screening as planned for a finalised screening (case management, may change).

    `on` is the stored day; the owner may change or clear it. With no day, `after` names the
    steps the result's routes wait for first ('meldcode'); with neither, nothing is planned.
    A draft's summary gets the plan it would have if finalised today (the page's suggestion).
    """

    on: date | None
    after: str | None = None


def planned(instrument: Instrument, result: Result, on: date | None) -> Plan:
    """Return the plan of a finalised screening from its stored day and its frozen result."""
    if on is not None:
        return Plan(on)
    return Plan(None, rescreen_after(instrument, result))


def rescreen_after(instrument: Instrument, result: Result) -> str | None:
    """Return the steps the next screening waits for ('meldcode'), None when none waits.

    A route that declares `rescreen_after` (1.2's safety routes) means: no date in weeks
    until those steps are done. It wins over every interval of the other routes.
    """
    for route_id in result.routes:
        waits = instrument.route(route_id).rescreen_after
        if waits is not None:
            return waits
    return None


def rescreen_weeks(instrument: Instrument, result: Result) -> int | None:
    """Return the shortest interval of the result's routes, None when none declares one.

    A result can have a safety route beside the tier's route: the sooner one wins. When a
    route waits for the Meldcode steps (`rescreen_after`), there is no interval: None.
    """
    if rescreen_after(instrument, result) is not None:
        return None
    weeks = [instrument.route(route_id).rescreen_weeks for route_id in result.routes]
    declared = [w for w in weeks if w is not None]
    return min(declared) if declared else None
