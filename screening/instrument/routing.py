"""Describe routes, the route map with its variants, and the roles an instrument declares."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictInt

from .base import Text, _Model
from .compiled import Conditional
from .conditions import Condition, Id
from .contacts import ContactKind
from .vocabulary import SafetyLevel, Tier


class Step(Conditional, Text):
    """Say one thing to do; `when` limits it to results where the condition holds."""

    when: Condition | None = None


class Route(_Model):
    """Describe what to do next: why, the steps in order, what to avoid, whom to involve."""

    id: Id
    title: Text
    why: Text
    steps: tuple[Step, ...] = Field(min_length=1)
    avoid: tuple[Text, ...] = ()
    rescreen_weeks: Annotated[StrictInt, Field(ge=1, le=104)] | None = None
    rescreen_after: Literal["meldcode"] | None = None
    """Optional: the next screening waits until these steps are done; no date in weeks."""
    contacts: tuple[ContactKind, ...] = ()


class SafetyRoutes(_Model):
    """Map each safety level but 'none' to a route id; 'unknown' is optional."""

    concern: Id
    acute: Id
    unknown: Id | None = None


class TierRoutes(_Model):
    """Map each tier to a route id."""

    insufficient: Id
    ordinary: Id
    watch: Id
    complex: Id


class RouteVariant(Conditional, _Model):
    """Replace a tier's route when safety and a condition match; the first match wins."""

    tier: Tier
    safety: tuple[SafetyLevel, ...] | None = None
    when: Condition | None = None
    route: Id


class RouteMap(_Model):
    """Map safety levels and tiers to routes, with ordered variants per tier."""

    safety: SafetyRoutes
    tier: TierRoutes
    variants: tuple[RouteVariant, ...] = ()

    def for_safety(self, level: str) -> str | None:
        """Return the route id for a safety level, None for 'none' (or an unmapped 'unknown')."""
        if level == "none":
            return None
        route_id = getattr(self.safety, level)
        return None if route_id is None else str(route_id)

    def for_tier(self, tier: str) -> str:
        """Return the route id for a tier."""
        return str(getattr(self.tier, tier))


class Roles(_Model):
    """Name the items and sections the app needs, so nothing about an instrument is hard-coded."""

    safety_gate: Id | None = None
    required_for_ordinary: tuple[Id, ...] = ()
    screener_role: Id | None = None
    setting: Id | None = None
    child_section: Id | None = None
    one_sided_knowledge: Id | None = None
    profession_options: dict[Id, Id] = Field(default_factory=dict)

    @property
    def declared(self) -> bool:
        """Tell whether the instrument declares the outcome roles (safety gate or ordinary)."""
        return self.safety_gate is not None or bool(self.required_for_ordinary)
