"""Choose and look up the routes of an outcome: the safety route first, then the tier's route.

The tier's route may be replaced by the first `route_map.variants` entry that matches; a
route's steps may be limited by their `when`. Both are decided when the answers are scored
(`Result.routes`, `Result.route_steps`), so a stored result always shows the same advice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Instrument, Route, Step

if TYPE_CHECKING:
    from .conditions import Facts
    from .results import Result


@dataclass(frozen=True, slots=True)
class RouteAdvice:
    """A route of a result with only the steps that apply to it, in order."""

    route: Route
    steps: tuple[Step, ...]

    @property
    def id(self) -> str:
        """Return the route id."""
        return self.route.id


def tier_route(instrument: Instrument, safety: str, tier: str, facts: Facts | None) -> str:
    """Return the route of a tier: the first matching variant's, else the plain route_map's.

    Without facts (no answers at hand) a variant with a `when` never matches.
    """
    for variant in instrument.route_map.variants:
        if variant.tier != tier:
            continue
        if variant.safety is not None and safety not in variant.safety:
            continue
        if variant.when is not None and (facts is None or not variant.test(facts)):
            continue
        return variant.route
    return instrument.route_map.for_tier(tier)


def route_ids(instrument: Instrument, safety: str, tier: str,
              facts: Facts | None = None) -> tuple[str, ...]:
    """Return the route ids for an outcome; the safety route never replaces the tier's."""
    safety_route = instrument.route_map.for_safety(safety)
    chosen = tier_route(instrument, safety, tier, facts)
    if safety_route is None or safety_route == chosen:
        return (chosen,)
    return (safety_route, chosen)


def applicable_steps(route: Route, facts: Facts) -> tuple[int, ...]:
    """Return the indexes of the steps of a route that apply for these facts."""
    return tuple(index for index, step in enumerate(route.steps)
                 if step.test(facts))


def routes_for(instrument: Instrument, safety: str, tier: str) -> list[Route]:
    """Return the plain routes of an outcome (every step), from the version it was scored with.

    Prefer `route_advice(instrument, result)`, which honours variants and step conditions.
    """
    return [instrument.route(route_id) for route_id in route_ids(instrument, safety, tier)]


def route_advice(instrument: Instrument, result: Result) -> tuple[RouteAdvice, ...]:
    """Return the routes of a scored result, each with the steps that apply, safety first.

    Results stored before steps could have a condition carry no `route_steps`: all steps.
    """
    advice: list[RouteAdvice] = []
    for position, route_id in enumerate(result.routes):
        route = instrument.route(route_id)
        indexes = (result.route_steps[position]
                   if result.route_steps is not None and position < len(result.route_steps)
                   else range(len(route.steps)))
        advice.append(RouteAdvice(route, tuple(route.steps[i] for i in indexes
                                               if i < len(route.steps))))
    return tuple(advice)
