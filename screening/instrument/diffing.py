"""What changed between two versions of an instrument: `screening questionnaire diff`.

One plain line per change: `+` added, `-` removed, `~` changed, so a reviewer of a new
version reads every consequence before it is published.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from difflib import SequenceMatcher
from typing import TypeVar

from .conditions import Condition, describe
from .declarations import roles_changes, route_extra_changes, route_map_changes
from .model import Decision, Flag, Instrument, Item, Rule, Section, Text
from .routing import Route

T = TypeVar("T")

_INSTRUMENT_TEXTS = ("title", "changelog", "intended_users", "purpose", "disclaimer")
_ITEM_FIELDS = ("type", "essential", "min", "max", "max_length", "source")


def text_changes(name: str, old: Text | None, new: Text | None) -> list[str]:
    """Name the languages in which a text changed, or that it was added or removed."""
    if old is None or new is None:
        return [] if old == new else [f"{name} ({'added' if old is None else 'removed'})"]
    return [f"{name} ({lang})" for lang in ("nl", "en") if getattr(old, lang) != getattr(new, lang)]


def _condition(condition: Condition | None) -> str:
    return "-" if condition is None else describe(condition)


def _option_changes(old: Item, new: Item) -> list[str]:
    old_options = {option.code: option for option in old.options}
    new_options = {option.code: option for option in new.options}
    changes = [f"option {code} removed" for code in old_options.keys() - new_options.keys()]
    for code, option in new_options.items():
        before = old_options.get(code)
        if before is None:
            changes.append(f"option {code} added (score {option.score})")
            continue
        if before.score != option.score:
            changes.append(f"option {code} score {before.score} -> {option.score}")
        changes += text_changes(f"option {code} label", before.label, option.label)
    if [o.code for o in old.options if o.code in new_options] != \
            [o.code for o in new.options if o.code in old_options]:
        changes.append("options reordered")
    return changes


def item_changes(old: Item, new: Item, old_section: str, new_section: str) -> list[str]:
    """List what changed in one item, which may have moved to another section."""
    changes = text_changes("text", old.text, new.text) + text_changes("help", old.help, new.help)
    for field in _ITEM_FIELDS:
        if getattr(old, field) != getattr(new, field):
            changes.append(f"{field} {getattr(old, field)} -> {getattr(new, field)}")
    if old_section != new_section:
        changes.append(f"moved from section {old_section} to {new_section}")
    if old.condition != new.condition:
        changes.append(f"condition {_condition(old.condition)} -> {_condition(new.condition)}")
    return changes + _option_changes(old, new)


def _keyed(kind: str, old: Mapping[str, T], new: Mapping[str, T],
           compare: Callable[[T, T], list[str]]) -> list[str]:
    lines = [f"- {kind} {key}" for key in old if key not in new]
    for key, value in new.items():
        if key not in old:
            lines.append(f"+ {kind} {key}")
        else:
            lines += [f"~ {kind} {key}: {change}" for change in compare(old[key], value)]
    return lines


def _section_changes(old: Section, new: Section) -> list[str]:
    return (text_changes("title", old.title, new.title) + text_changes("intro", old.intro, new.intro)
            + ([f"score {old.score} -> {new.score}"] if old.score != new.score else []))


def _flag_changes(old: Flag, new: Flag) -> list[str]:
    changes = text_changes("label", old.label, new.label)
    if old.safety != new.safety:
        changes.append(f"safety {old.safety} -> {new.safety}")
    if old.when != new.when:
        changes.append(f"when {describe(old.when)} -> {describe(new.when)}")
    return changes


def _route_changes(old: Route, new: Route) -> list[str]:
    changes = text_changes("title", old.title, new.title) + text_changes("why", old.why, new.why)
    for field in ("steps", "avoid"):
        if getattr(old, field) != getattr(new, field):
            changes.append(f"{field} changed")
    return changes + route_extra_changes(old, new)


def _rule_line(sign: str, name: str, number: int, rule: Rule) -> str:
    label = f"{name} rule {number}" if sign == "+" else f"{name} rule (was {number})"
    return f"{sign} {label}: {rule.outcome} when {describe(rule.when)}"


def _changed_rule(name: str, number: int, old_number: int, a: Rule, b: Rule) -> list[str]:
    label = f"{name} rule {number}" + (f" (was {old_number})" if old_number != number else "")
    lines = []
    if a.outcome != b.outcome:
        lines.append(f"~ {label}: outcome {a.outcome} -> {b.outcome}")
    if a.when != b.when:
        lines.append(f"~ {label}: when {describe(a.when)} -> {describe(b.when)}")
    return lines + [f"~ {label}: {c}" for c in text_changes("reason", a.reason, b.reason)]


def rule_changes(name: str, before: Decision, after: Decision) -> list[str]:
    """Compare the tier or parenting rules, matching a rule that stayed to itself.

    Rules are aligned on their outcome and condition, so one rule added at the top reads as one
    added rule, not as every rule below it changed. Numbers are those of the new version; a
    moved or removed rule also says its old number ("was 5").
    """
    lines = []
    if before.default != after.default:
        lines.append(f"~ {name} default: {before.default} -> {after.default}")

    def keys(rules: tuple[Rule, ...]) -> list[str]:
        return [f"{rule.outcome} when {describe(rule.when)}" for rule in rules]

    matcher = SequenceMatcher(None, keys(before.rules), keys(after.rules), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace") and i2 - i1 == j2 - j1:
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                lines += _changed_rule(name, j + 1, i + 1, before.rules[i], after.rules[j])
            continue
        lines += [_rule_line("-", name, i + 1, before.rules[i]) for i in range(i1, i2)]
        lines += [_rule_line("+", name, j + 1, after.rules[j]) for j in range(j1, j2)]
    return lines


def diff_lines(old: Instrument, new: Instrument) -> list[str]:
    """List what changed from one version to another, one plain line per change."""
    lines = [f"~ instrument: {change}" for name in _INSTRUMENT_TEXTS
             for change in text_changes(name, getattr(old, name), getattr(new, name))]
    lines += _keyed("section", {s.id: s for s in old.sections}, {s.id: s for s in new.sections},
                    _section_changes)
    lines += _keyed("item", {i.id: i for i in old.items()}, {i.id: i for i in new.items()},
                    lambda a, b: item_changes(a, b, old.section_of(a.id).id, new.section_of(b.id).id))
    lines += _keyed("flag", {f.id: f for f in old.flags}, {f.id: f for f in new.flags}, _flag_changes)
    for name in ("tier", "parenting"):
        lines += rule_changes(name, getattr(old.scoring, name), getattr(new.scoring, name))
    lines += _keyed("route", {r.id: r for r in old.routes}, {r.id: r for r in new.routes},
                    _route_changes)
    lines += route_map_changes(old.route_map, new.route_map)
    return roles_changes(old.roles, new.roles) + lines
