"""Choose and look up the routes of an outcome: the safety route first, then the tier's route."""

from __future__ import annotations

from .model import Instrument, Route


def route_ids(instrument: Instrument, safety: str, tier: str) -> tuple[str, ...]:
    """Return the route ids for an outcome; the safety route never replaces the tier's."""
    safety_route = instrument.route_map.for_safety(safety)
    tier_route = instrument.route_map.for_tier(tier)
    return (safety_route, tier_route) if safety_route else (tier_route,)


def routes_for(instrument: Instrument, safety: str, tier: str) -> list[Route]:
    """Return the routes of an outcome, from the version it was scored with."""
    return [instrument.route(route_id) for route_id in route_ids(instrument, safety, tier)]
