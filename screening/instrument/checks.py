"""Cross-check an instrument: references, ordering, reachability; problems in plain words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .conditions import (
    UNKNOWN,
    Condition,
    DomainLeaf,
    FlagLeaf,
    ItemLeaf,
    UnknownEssentialLeaf,
    leaves,
)

if TYPE_CHECKING:
    from .model import Decision, Instrument, Item

_TIERS = ("insufficient", "ordinary", "watch", "complex")
_PARENTING = ("cooperative", "parallel", "conflicted", "unknown")
_TEXT_MAX = 1000


def _twice(ids: Iterable[str]) -> list[str]:
    return [key for key, count in Counter(ids).items() if count > 1]


def _answer_codes(item: Item) -> frozenset[str]:
    """Return the codes a condition may test for an item (number items may be 'unknown')."""
    if item.type == "number":
        return frozenset({UNKNOWN})
    return frozenset(option.code for option in item.options)


def check_condition(
    condition: Condition,
    where: str,
    *,
    kind: str,
    items: Mapping[str, Item],
    all_items: Mapping[str, Item],
    flags: Iterable[str] = (),
    all_flags: Iterable[str] = (),
    domains: Iterable[str] = (),
) -> list[str]:
    """Check one condition's references; `kind` is 'item', 'flag' or 'rule'."""
    problems: list[str] = []
    flags, all_flags, domains = set(flags), set(all_flags), set(domains)
    for leaf in leaves(condition):
        if isinstance(leaf, ItemLeaf):
            item = items.get(leaf.item)
            if item is None:
                later = "does not come before it" if leaf.item in all_items else "does not exist"
                problems.append(f"{where}: refers to item '{leaf.item}', which {later}")
                continue
            if leaf.op in ("gte", "lte") and item.type != "number":
                problems.append(
                    f"{where}: op '{leaf.op}' needs a number item, "
                    f"but '{item.id}' is a {item.type} item"
                )
            if leaf.values:
                codes = _answer_codes(item)
                for value in leaf.values:
                    if value not in codes:
                        problems.append(
                            f"{where}: '{value}' is not an option of item '{item.id}'"
                        )
        elif kind == "item":
            name = type(leaf).__name__.replace("Leaf", "").lower()
            name = "unknown_essential" if isinstance(leaf, UnknownEssentialLeaf) else name
            problems.append(f"{where}: an item condition may only test items, not a {name}")
        elif isinstance(leaf, FlagLeaf) and leaf.flag not in flags:
            later = "is not defined before it" if leaf.flag in all_flags else "does not exist"
            problems.append(f"{where}: refers to flag '{leaf.flag}', which {later}")
        elif isinstance(leaf, DomainLeaf) and leaf.domain not in domains:
            problems.append(f"{where}: domain '{leaf.domain}' is not a scored section")
    return problems


def _check_item(item: Item) -> list[str]:
    where = f"item '{item.id}'"
    problems: list[str] = []
    rules = {
        "options": item.type in ("choice", "yesno") or not item.options,
        "yes_score": item.type == "yesno" or item.yes_score is None,
        "unknown": item.type == "yesno" or item.unknown is None,
        "min": item.type == "number" or item.min is None,
        "max": item.type == "number" or item.max is None,
        "max_length": item.type == "text" or item.max_length is None,
    }
    owner = {"options": "choice", "yes_score": "yesno", "unknown": "yesno",
             "min": "number", "max": "number", "max_length": "text"}
    for name, fine in rules.items():
        if not fine:
            problems.append(
                f"{where}, field '{name}': only {owner[name]} items have {name}, "
                f"this is a {item.type} item"
            )
    if item.type == "choice" and len(item.options) < 2:
        problems.append(f"{where}, field 'options': a choice item needs at least two options")
    for code in _twice(option.code for option in item.options):
        problems.append(f"{where}, field 'options': option code '{code}' is used twice")
    for option in item.options:
        if option.code == UNKNOWN and option.score != 0:
            problems.append(
                f"{where}, field 'options': the option 'unknown' must score 0, not {option.score}"
            )
    if item.type == "number":
        if item.min is None or item.max is None:
            missing = "min" if item.min is None else "max"
            problems.append(f"{where}, field '{missing}': a number item needs both min and max")
        elif item.min > item.max:
            problems.append(f"{where}, field 'min': min ({item.min}) is more than max ({item.max})")
    if item.type == "text" and not 1 <= item.text_limit <= _TEXT_MAX:
        problems.append(f"{where}, field 'max_length': must be between 1 and {_TEXT_MAX}")
    return problems


def _check_decision(name: str, decision: Decision, allowed: tuple[str, ...]) -> list[str]:
    problems: list[str] = []
    choices = ", ".join(allowed)
    if decision.default not in allowed:
        problems.append(
            f"field 'scoring.{name}.default': '{decision.default}' is not a {name} "
            f"outcome; use one of {choices}"
        )
    for number, rule in enumerate(decision.rules, start=1):
        if rule.outcome not in allowed:
            problems.append(
                f"{name} rule {number}, field 'outcome': '{rule.outcome}' is not a {name} "
                f"outcome; use one of {choices}"
            )
    reached = {decision.default, *(rule.outcome for rule in decision.rules)}
    for outcome in allowed:
        if outcome not in reached:
            problems.append(
                f"field 'scoring.{name}': {name} '{outcome}' cannot be reached: "
                "no rule or default gives it"
            )
    return problems


def cross_check(instrument: Instrument) -> list[str]:
    """Return every consistency problem of an instrument, in file order."""
    problems: list[str] = []
    if instrument.status in ("published", "retired") and instrument.published is None:
        problems.append(
            "[instrument], field 'published': a published or retired version needs "
            "a publication date"
        )
    for section_id in _twice(section.id for section in instrument.sections):
        problems.append(f"section '{section_id}', field 'id': section id is used twice")
    every = [item for section in instrument.sections for item in section.items]
    for item_id in _twice(item.id for item in every):
        problems.append(f"item '{item_id}', field 'id': item id is used twice")
    all_items = {item.id: item for item in every}
    earlier: dict[str, Item] = {}
    for item in every:
        problems.extend(_check_item(item))
        if item.condition is not None:
            problems.extend(check_condition(
                item.condition, f"item '{item.id}', field 'condition'",
                kind="item", items=earlier, all_items=all_items,
            ))
        earlier.setdefault(item.id, item)

    domains = [section.id for section in instrument.sections if section.score != "none"]
    all_flags = [flag.id for flag in instrument.flags]
    for flag_id in _twice(all_flags):
        problems.append(f"flag '{flag_id}', field 'id': flag id is used twice")
    defined: list[str] = []
    for flag in instrument.flags:
        problems.extend(check_condition(
            flag.when, f"flag '{flag.id}', field 'when'", kind="flag", items=all_items,
            all_items=all_items, flags=defined, all_flags=all_flags, domains=domains,
        ))
        defined.append(flag.id)
    for level in ("acute", "concern"):
        if not any(flag.safety == level for flag in instrument.flags):
            problems.append(f"field 'flags': at least one flag needs safety = \"{level}\"")

    for name, decision, allowed in (
        ("tier", instrument.scoring.tier, _TIERS),
        ("parenting", instrument.scoring.parenting, _PARENTING),
    ):
        problems.extend(_check_decision(name, decision, allowed))
        for number, rule in enumerate(decision.rules, start=1):
            problems.extend(check_condition(
                rule.when, f"{name} rule {number}, field 'when'", kind="rule", items=all_items,
                all_items=all_items, flags=all_flags, all_flags=all_flags, domains=domains,
            ))

    route_ids = [route.id for route in instrument.routes]
    for route_id in _twice(route_ids):
        problems.append(f"route '{route_id}', field 'id': route id is used twice")
    route_map = instrument.route_map
    mapped = [(f"safety.{level}", getattr(route_map.safety, level))
              for level in ("concern", "acute")]
    mapped += [(f"tier.{tier}", getattr(route_map.tier, tier)) for tier in _TIERS]
    for where, route_id in mapped:
        if route_id not in route_ids:
            problems.append(f"field 'route_map.{where}': route '{route_id}' does not exist")
    return problems
