"""When to screen a family again: the interval the routes of a result declare."""

from __future__ import annotations

from .model import Instrument
from .results import Result


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
