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
from .contacts import CONTACT_KINDS
from .vocabulary import OPTIONAL_PARENTING, PARENTING, RAISED_SAFETY, TEXT_MAX_LENGTH, TIERS

if TYPE_CHECKING:
    from collections.abc import Callable

    from .model import Decision, Instrument, Item

    Check = Callable[[Instrument], list[str]]


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
    if item.type == "text" and not 1 <= item.text_limit <= TEXT_MAX_LENGTH:
        problems.append(f"{where}, field 'max_length': must be between 1 and {TEXT_MAX_LENGTH}")
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
        if outcome not in reached and outcome not in OPTIONAL_PARENTING:
            problems.append(
                f"field 'scoring.{name}': {name} '{outcome}' cannot be reached: "
                "no rule or default gives it"
            )
    return problems


def _all_items(instrument: Instrument) -> dict[str, Item]:
    return {item.id: item for section in instrument.sections for item in section.items}


def _domains(instrument: Instrument) -> list[str]:
    return [section.id for section in instrument.sections if section.score != "none"]


def _flag_ids(instrument: Instrument) -> list[str]:
    return [flag.id for flag in instrument.flags]


def _rule_condition(instrument: Instrument, condition: Condition, where: str) -> list[str]:
    """Check a condition that may test items, flags and domains (rules, steps, variants)."""
    items, flags = _all_items(instrument), _flag_ids(instrument)
    return check_condition(condition, where, kind="rule", items=items, all_items=items,
                           flags=flags, all_flags=flags, domains=_domains(instrument))


def check_publication(instrument: Instrument) -> list[str]:
    """A published or retired version needs its publication date."""
    if instrument.status in ("published", "retired") and instrument.published is None:
        return ["[instrument], field 'published': a published or retired version needs "
                "a publication date"]
    return []


def check_ids(instrument: Instrument) -> list[str]:
    """Section, item, flag and route ids are each used once."""
    problems = [f"section '{i}', field 'id': section id is used twice"
                for i in _twice(section.id for section in instrument.sections)]
    everything = [item.id for section in instrument.sections for item in section.items]
    problems += [f"item '{i}', field 'id': item id is used twice" for i in _twice(everything)]
    problems += [f"flag '{i}', field 'id': flag id is used twice"
                 for i in _twice(_flag_ids(instrument))]
    problems += [f"route '{i}', field 'id': route id is used twice"
                 for i in _twice(route.id for route in instrument.routes)]
    return problems


def check_items(instrument: Instrument) -> list[str]:
    """Each item is well formed, and its condition only refers to earlier items."""
    problems: list[str] = []
    every = [item for section in instrument.sections for item in section.items]
    all_items = _all_items(instrument)
    earlier: dict[str, Item] = {}
    for item in every:
        problems.extend(_check_item(item))
        if item.condition is not None:
            problems.extend(check_condition(
                item.condition, f"item '{item.id}', field 'condition'",
                kind="item", items=earlier, all_items=all_items,
            ))
        earlier.setdefault(item.id, item)
    return problems


def check_flags(instrument: Instrument) -> list[str]:
    """Flags refer to what exists, only to flags defined before them, and cover both levels."""
    problems: list[str] = []
    all_items, all_flags = _all_items(instrument), _flag_ids(instrument)
    defined: list[str] = []
    for flag in instrument.flags:
        problems.extend(check_condition(
            flag.when, f"flag '{flag.id}', field 'when'", kind="flag", items=all_items,
            all_items=all_items, flags=defined, all_flags=all_flags,
            domains=_domains(instrument),
        ))
        defined.append(flag.id)
    for level in reversed(RAISED_SAFETY):
        if not any(flag.safety == level for flag in instrument.flags):
            problems.append(f"field 'flags': at least one flag needs safety = \"{level}\"")
    return problems


def check_decisions(instrument: Instrument) -> list[str]:
    """Tier and parenting rules give known outcomes, reach every one, and refer to what exists."""
    problems: list[str] = []
    for name, decision, allowed in (
        ("tier", instrument.scoring.tier, TIERS),
        ("parenting", instrument.scoring.parenting, PARENTING),
    ):
        problems.extend(_check_decision(name, decision, allowed))
        for number, rule in enumerate(decision.rules, start=1):
            problems.extend(_rule_condition(
                instrument, rule.when, f"{name} rule {number}, field 'when'"))
    return problems


def check_routes(instrument: Instrument) -> list[str]:
    """Step conditions refer to what exists, no contact kind twice, no date beside a wait."""
    problems: list[str] = []
    for route in instrument.routes:
        for number, step in enumerate(route.steps, start=1):
            if step.when is not None:
                problems.extend(_rule_condition(
                    instrument, step.when, f"route '{route.id}', step {number}, field 'when'"))
        for kind in _twice(route.contacts):
            problems.append(f"route '{route.id}', field 'contacts': '{kind}' is named twice; "
                            f"use each of {', '.join(CONTACT_KINDS)} at most once")
        if route.rescreen_after is not None and route.rescreen_weeks is not None:
            problems.append(f"route '{route.id}', field 'rescreen_after': a route whose next "
                            "screening waits for the Meldcode steps has no rescreen_weeks")
    return problems


def check_route_map(instrument: Instrument) -> list[str]:
    """Every mapped route exists, and each variant is for a real tier and can match."""
    route_ids = {route.id for route in instrument.routes}
    route_map = instrument.route_map
    mapped = [(f"safety.{level}", getattr(route_map.safety, level))
              for level in ("concern", "acute", "unknown")]
    mapped += [(f"tier.{tier}", getattr(route_map.tier, tier)) for tier in TIERS]
    problems = [f"field 'route_map.{where}': route '{route_id}' does not exist"
                for where, route_id in mapped if route_id is not None and route_id not in route_ids]
    for number, variant in enumerate(route_map.variants, start=1):
        where = f"route_map variant {number}"
        if variant.route not in route_ids:
            problems.append(f"{where}, field 'route': route '{variant.route}' does not exist")
        if variant.safety is not None and not variant.safety:
            problems.append(f"{where}, field 'safety': leave it out or name at least one level")
        if variant.when is not None:
            problems.extend(_rule_condition(instrument, variant.when, f"{where}, field 'when'"))
    return problems


def _role_item(instrument: Instrument, role: str, item_id: str | None) -> list[str]:
    if item_id is None or item_id in _all_items(instrument):
        return []
    return [f"[roles], field '{role}': item '{item_id}' does not exist"]


def check_roles(instrument: Instrument) -> list[str]:
    """Every role names an existing item or section of the right kind."""
    roles = instrument.roles
    items = _all_items(instrument)
    problems: list[str] = []
    for role in ("safety_gate", "screener_role", "setting", "one_sided_knowledge"):
        problems += _role_item(instrument, role, getattr(roles, role))
    gate = items.get(roles.safety_gate or "")
    if gate is not None:
        if gate.type not in ("choice", "yesno") or gate.option(UNKNOWN) is None:
            problems.append(f"[roles], field 'safety_gate': item '{gate.id}' must be a choice "
                            "or yesno item with the option 'unknown'")
        if gate.condition is not None:
            problems.append(f"[roles], field 'safety_gate': item '{gate.id}' must always be "
                            "shown (no condition): safety is asked of every family")
    for item_id in _twice(roles.required_for_ordinary):
        problems.append(f"[roles], field 'required_for_ordinary': item '{item_id}' is named twice")
    for item_id in roles.required_for_ordinary:
        if item_id not in items:
            problems.append(
                f"[roles], field 'required_for_ordinary': item '{item_id}' does not exist")
        elif items[item_id].type == "text":
            problems.append(f"[roles], field 'required_for_ordinary': item '{item_id}' is a "
                            "text item; name items whose answer can be known or unknown")
    one_sided = items.get(roles.one_sided_knowledge or "")
    if one_sided is not None and one_sided.option("yes") is None:
        problems.append(f"[roles], field 'one_sided_knowledge': item '{one_sided.id}' needs "
                        "the option 'yes'")
    sections = {section.id for section in instrument.sections}
    if roles.child_section is not None and roles.child_section not in sections:
        problems.append(
            f"[roles], field 'child_section': section '{roles.child_section}' does not exist")
    screener = items.get(roles.screener_role or "")
    if roles.profession_options and roles.screener_role is None:
        problems.append("[roles], field 'profession_options': name the item in "
                        "'screener_role' first")
    for profession, code in roles.profession_options.items():
        if screener is not None and screener.option(code) is None:
            problems.append(f"[roles], field 'profession_options.{profession}': '{code}' is "
                            f"not an option of item '{screener.id}'")
    return problems


CHECKS: tuple[Check, ...] = (
    check_publication, check_ids, check_items, check_flags, check_decisions,
    check_routes, check_route_map, check_roles,
)


def cross_check(instrument: Instrument) -> list[str]:
    """Return every consistency problem of an instrument, one check per concern, in order."""
    return [problem for check in CHECKS for problem in check(instrument)]
