"""Describe an instrument's declarations (roles, route extras, route variants) as plain lines.

`screening questionnaire show` and `diff` print these, so a reviewer sees what the app will
take from a version: which item is the safety gate, what 'ordinary' needs, which route a tier
gets in which case, and the local contacts and rescreen weeks of each route.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from .conditions import describe
from .model import Instrument, Roles, Route, RouteMap, RouteVariant

_ROLE_FIELDS = ("safety_gate", "required_for_ordinary", "screener_role", "setting",
                "child_section", "one_sided_knowledge", "profession_options")


def _value(value: object) -> str:
    if value is None or value == () or value == {}:
        return "-"
    if isinstance(value, tuple):
        return ", ".join(str(part) for part in value)
    if isinstance(value, dict):
        return ", ".join(f"{key} -> {code}" for key, code in value.items())
    return str(value)


def role_lines(roles: Roles) -> list[str]:
    """Return one line per declared role."""
    return [f"  {name}: {_value(getattr(roles, name))}" for name in _ROLE_FIELDS
            if getattr(roles, name) not in (None, (), {})]


def variant_text(variant: RouteVariant) -> str:
    """Write a route variant as one line."""
    parts = [f"tier {variant.tier}"]
    if variant.safety is not None:
        parts.append(f"safety in [{', '.join(variant.safety)}]")
    if variant.when is not None:
        parts.append(f"when {describe(variant.when)}")
    return f"{'; '.join(parts)} -> {variant.route}"


def route_extra_lines(route: Route) -> list[str]:
    """Return the lines for a route's step conditions, contacts and rescreen weeks."""
    lines = [f"    step {number} only when {describe(step.when)}"
             for number, step in enumerate(route.steps, start=1) if step.when is not None]
    if route.contacts:
        lines.append(f"    contacts: {', '.join(route.contacts)}")
    if route.rescreen_weeks is not None:
        lines.append(f"    screen again after {route.rescreen_weeks} weeks")
    if route.rescreen_after is not None:
        lines.append(f"    screen again after the {route.rescreen_after} steps (no date in weeks)")
    return lines


def declaration_lines(instrument: Instrument) -> list[str]:
    """Return the roles and route variants of a version, for `questionnaire show`."""
    lines = ["", "roles:", *(role_lines(instrument.roles) or ["  (none declared)"])]
    if instrument.route_map.safety.unknown is not None:
        lines.append(f"route for safety unknown: {instrument.route_map.safety.unknown}")
    if instrument.route_map.variants:
        lines += ["route variants (first match wins):"]
        lines += [f"  {n}. {variant_text(v)}"
                  for n, v in enumerate(instrument.route_map.variants, start=1)]
    return lines


def roles_changes(old: Roles, new: Roles) -> list[str]:
    """Return one '~ roles ...' line per role that changed between two versions."""
    return [f"~ roles {name}: {_value(getattr(old, name))} -> {_value(getattr(new, name))}"
            for name in _ROLE_FIELDS if getattr(old, name) != getattr(new, name)]


def route_extra_changes(old: Route, new: Route) -> list[str]:
    """Return the changes of a route's contacts, rescreen weeks and step conditions."""
    changes: list[str] = []
    if old.contacts != new.contacts:
        changes.append(f"contacts {_value(old.contacts)} -> {_value(new.contacts)}")
    if old.rescreen_weeks != new.rescreen_weeks:
        changes.append(f"rescreen_weeks {_value(old.rescreen_weeks)} -> "
                       f"{_value(new.rescreen_weeks)}")
    if old.rescreen_after != new.rescreen_after:
        changes.append(f"rescreen_after {_value(old.rescreen_after)} -> "
                       f"{_value(new.rescreen_after)}")
    old_when = [None if s.when is None else describe(s.when) for s in old.steps]
    new_when = [None if s.when is None else describe(s.when) for s in new.steps]
    if old_when != new_when:
        changes.append("step conditions changed")
    return changes


def route_map_changes(old: RouteMap, new: RouteMap) -> list[str]:
    """Return one line per changed mapping or variant of the route map."""
    lines: list[str] = []
    for level in ("concern", "acute", "unknown"):
        before, after = getattr(old.safety, level), getattr(new.safety, level)
        if before != after:
            lines.append(f"~ route_map safety.{level}: {_value(before)} -> {_value(after)}")
    for tier in ("insufficient", "ordinary", "watch", "complex"):
        before, after = getattr(old.tier, tier), getattr(new.tier, tier)
        if before != after:
            lines.append(f"~ route_map tier.{tier}: {before} -> {after}")
    lines += _variant_changes(old.variants, new.variants)
    return lines


def _variant_changes(old: tuple[RouteVariant, ...], new: tuple[RouteVariant, ...]) -> list[str]:
    """Return the variants added, removed or changed, matched by content, not by position.

    An inserted variant reads as one '+' line (numbered as in the new version), not as a
    change of every variant after it.
    """
    before, after = [variant_text(v) for v in old], [variant_text(v) for v in new]
    lines: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            lines += [f"~ route_map variant {j + 1}: {before[i]} -> {after[j]}"
                      for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
            continue
        lines += [f"- route_map variant {i + 1} (old): {before[i]}" for i in range(i1, i2)]
        lines += [f"+ route_map variant {j + 1}: {after[j]}" for j in range(j1, j2)]
    return lines
