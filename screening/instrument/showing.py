"""An instrument version as readable lines: what `screening questionnaire show` prints."""

from __future__ import annotations

from .conditions import describe
from .declarations import declaration_lines, route_extra_lines
from .model import Instrument, Item, Text


def both(text: Text | None) -> str:
    """Write a text in both languages, Dutch first."""
    return "" if text is None else f"{text.nl} / {text.en}"


def _item_lines(item: Item) -> list[str]:
    kind: str = item.type
    if item.type == "number":
        kind += f" {item.min}..{item.max}"
    elif item.type == "text":
        kind += f" up to {item.text_limit} characters"
    essential = ", essential" if item.essential else ""
    lines = [f"  {item.id} [{kind}{essential}]: {both(item.text)}"]
    if item.condition is not None:
        lines.append(f"    shown if {describe(item.condition)}")
    return lines + [f"    {option.code} = {option.score}: {both(option.label)}" for option in item.options]


def _scoring_lines(instrument: Instrument) -> list[str]:
    lines = ["", "flags:"]
    for flag in instrument.flags:
        safety = f" (safety: {flag.safety})" if flag.safety else ""
        lines.append(f"  {flag.id}{safety} when {describe(flag.when)}")
    for name in ("tier", "parenting"):
        decision = getattr(instrument.scoring, name)
        lines += ["", f"{name} rules (default {decision.default}):"]
        for number, rule in enumerate(decision.rules, start=1):
            lines.append(f"  {number}. {rule.outcome} when {describe(rule.when)}")
    return lines


def _route_lines(instrument: Instrument) -> list[str]:
    lines = ["", "routes:"]
    for route in instrument.routes:
        lines.append(f"  {route.id}: {both(route.title)}")
        lines += [f"    {n}. {both(step)}" for n, step in enumerate(route.steps, start=1)]
        lines += [f"    avoid: {both(avoid)}" for avoid in route.avoid]
        lines += route_extra_lines(route)
    levels, tier = instrument.route_map.safety, instrument.route_map.tier
    return lines + ["", f"route map: safety concern -> {levels.concern}, acute -> {levels.acute}; "
                    f"tier insufficient -> {tier.insufficient}, ordinary -> {tier.ordinary}, "
                    f"watch -> {tier.watch}, complex -> {tier.complex}"]


def show_lines(instrument: Instrument) -> list[str]:
    """Describe one version: header, sections with their items, flags, rules, routes."""
    lines = [
        f"{instrument.id} {instrument.version} ({instrument.status}"
        + (f", published {instrument.published}" if instrument.published else "")
        + f") sha256:{instrument.hash}",
        f"title: {both(instrument.title)}",
        f"changelog: {both(instrument.changelog)}",
    ]
    for section in instrument.sections:
        lines += ["", f"section {section.id} (score: {section.score}, max {section.max_score}): "
                  f"{both(section.title)}"]
        for item in section.items:
            lines += _item_lines(item)
    return lines + _scoring_lines(instrument) + _route_lines(instrument) + declaration_lines(instrument)
