"""Look up the routes a result points to: the safety route first, then the tier's route."""

from __future__ import annotations

from .model import Instrument, Route
from .scoring import Result


def routes_for(instrument: Instrument, result: Result) -> list[Route]:
    """Return the routes of a result: the safety route (if any) first, then the tier's route.

    The route ids are taken from the instrument's route map, not from `result.routes`, so
    that a stored result always leads to routes of the version it was scored with.
    """
    ids: list[str] = []
    safety_route = instrument.route_map.for_safety(result.safety)
    if safety_route is not None:
        ids.append(safety_route)
    ids.append(instrument.route_map.for_tier(result.tier))
    return [instrument.route(route_id) for route_id in ids]
