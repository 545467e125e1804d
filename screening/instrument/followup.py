"""When to screen a family again: the interval the routes of a result declare."""

from __future__ import annotations

from .model import Instrument
from .results import Result


def rescreen_weeks(instrument: Instrument, result: Result) -> int | None:
    """Return the shortest interval of the result's routes, None when no route declares one.

    A result can have a safety route beside the tier's route: the sooner one wins.
    """
    weeks = [instrument.route(route_id).rescreen_weeks for route_id in result.routes]
    declared = [w for w in weeks if w is not None]
    return min(declared) if declared else None
