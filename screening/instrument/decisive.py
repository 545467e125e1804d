"""How serious the outcome becomes when one open question takes its most serious answer.

`outlook.could_become_and_decisive` asks this once per open question. A full evaluation per
question costs as much as a score, so this module re-evaluates only what the one answer can
change: it walks the items from that question on, notes which answers and shown items differ
from the evaluation at hand, and re-tests only the flags that read them (or a flag, domain or
count that changed). Flags that neither safety nor tier depends on are not tested at all.
Everything here gives the same safety and tier as `scoring.evaluate_visible`; a test holds
the two side by side.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import dataclass
from heapq import heapify, heappop, heappush
from typing import TYPE_CHECKING

from .answers import Answer, is_known
from .compiled import Test
from .conditions import (
    UNKNOWN,
    Condition,
    DomainLeaf,
    Facts,
    FlagLeaf,
    ItemLeaf,
    leaves,
)
from .vocabulary import SAFETY_SEVERITY, TIER_SEVERITY

if TYPE_CHECKING:
    from .model import Instrument, Rule
    from .scoring import Evaluation



# Marks for what is not an item in the set of changes (ids never hold these characters).
_DOMAIN, _FLAG, _COUNT = "@", "#", "!"


def triggers(condition: Condition) -> frozenset[str]:
    """Return what a condition reads, as marks: item ids, "@domain", "#flag" and "!" (the count
    of open essential items); a condition whose marks did not change holds as it held."""
    found: set[str] = set()
    for leaf in leaves(condition):
        if isinstance(leaf, ItemLeaf):
            found.add(leaf.item)
        elif isinstance(leaf, DomainLeaf):
            found.add(_DOMAIN + leaf.domain)
        elif isinstance(leaf, FlagLeaf):
            found.add(_FLAG + leaf.flag)
        else:
            found.add(_COUNT)
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class _Flag:
    id: str
    mark: str
    test: Test
    safety: str | None
    triggers: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Rule:
    rule: Rule
    test: Test
    outcome: str
    triggers: frozenset[str]


@dataclass(frozen=True, slots=True)
class SeverityPlan:
    """What safety and tier depend on, worked out once per instrument version."""

    flags: tuple[_Flag, ...]
    """The flags with a safety level and every flag the tier or these read, in file order."""
    rules: tuple[_Rule, ...]
    default_tier: str
    required: tuple[str, ...]
    gate: str | None
    domains: tuple[tuple[str, bool, tuple[tuple[str, Mapping[str, int]], ...]], ...]
    """The domains read: id, whether scores add up, and the scored items with their options."""
    essential: tuple[str, ...]
    """The essential items in file order, when a condition counts the open ones; else ()."""
    flag_readers: Mapping[str, tuple[int, ...]]
    """For each mark, the positions in `flags` of the flags that read it."""
    rule_readers: Mapping[str, frozenset[int]]
    """For each mark, the positions in `rules` of the tier rules that read it."""


def severity_plan(instrument: Instrument) -> SeverityPlan:
    """Work out which flags, domains and counts safety and tier depend on."""
    by_id = instrument.flags_by_id
    tier = instrument.scoring.tier
    needed = {flag.id for flag in instrument.flags if flag.safety is not None}
    waiting = [rule.when for rule in tier.rules] + [by_id[flag_id].when for flag_id in needed]
    while waiting:
        for leaf in leaves(waiting.pop()):
            if isinstance(leaf, FlagLeaf) and leaf.flag in by_id and leaf.flag not in needed:
                needed.add(leaf.flag)
                waiting.append(by_id[leaf.flag].when)
    flags = tuple(_Flag(flag.id, _FLAG + flag.id, flag.test, flag.safety, triggers(flag.when))
                  for flag in instrument.flags if flag.id in needed)
    rules = tuple(_Rule(rule, rule.test, rule.outcome, triggers(rule.when)) for rule in tier.rules)
    marks = set().union(*(flag.triggers for flag in flags), *(rule.triggers for rule in rules))
    scored = instrument.scored_options
    domains = tuple(
        (section.id, section.score == "sum",
         tuple((item.id, scored[item.id][1]) for item in section.items if item.id in scored))
        for section in instrument.sections
        if _DOMAIN + section.id in marks and section.score != "none")
    counted = _COUNT in marks
    return SeverityPlan(
        flags=flags,
        rules=rules,
        default_tier=tier.default,
        required=tuple(instrument.roles.required_for_ordinary),
        gate=instrument.roles.safety_gate,
        domains=domains,
        essential=tuple(item.id for item in instrument.all_items
                        if item.essential) if counted else (),
        flag_readers=_readers(flag.triggers for flag in flags),
        rule_readers={mark: frozenset(positions) for mark, positions
                      in _readers(rule.triggers for rule in rules).items()},
    )


@dataclass(frozen=True, slots=True)
class Reach:
    """What answering one item can change at most: found once per item and version."""

    safety: int
    """The most serious safety level of a flag it can raise or clear (SAFETY_SEVERITY)."""
    rules: frozenset[int]
    """The positions of the tier rules that can hold or fail because of it."""
    roles: bool
    """Whether it (or a follow-up it shows or hides) is required for 'ordinary' or the gate."""


def reaches(instrument: Instrument, plan: SeverityPlan) -> dict[str, Reach]:
    """Return, for every item, what its answer (with the follow-ups it shows) can change."""
    sections = instrument.sections_by_item
    essential = set(plan.essential)
    roles = set(plan.required) | ({plan.gate} if plan.gate else set())
    found: dict[str, Reach] = {}
    for item in instrument.all_items:
        items = {item.id}
        waiting = [item.id]
        while waiting:  # follow-ups, and theirs
            for position in instrument.followers.get(waiting.pop(), ()):
                follower = instrument.all_items[position].id
                if follower not in items:
                    items.add(follower)
                    waiting.append(follower)
        marks = items | {_DOMAIN + sections[i].id for i in items}
        if essential & items:
            marks.add(_COUNT)
        flags: set[int] = set()
        waiting_marks = list(marks)
        while waiting_marks:  # flags read by what changes, and the flags reading those
            for position in plan.flag_readers.get(waiting_marks.pop(), ()):
                if position not in flags:
                    flags.add(position)
                    marks.add(plan.flags[position].mark)
                    waiting_marks.append(plan.flags[position].mark)
        found[item.id] = Reach(
            safety=max((SAFETY_SEVERITY[plan.flags[p].safety or "none"] for p in flags),
                       default=0),
            rules=frozenset().union(*(plan.rule_readers.get(mark, ()) for mark in marks)),
            roles=bool(roles & items))
    return found


def can_rise(plan: SeverityPlan, reach: Reach, base: Evaluation) -> bool:
    """Tell whether answering the item can make safety or tier more serious than base's.

    Flags and rules out of its reach keep their truth, so: safety rises only through a flag
    in reach above base's level (or the gate, hidden by a follow-up); the tier only through a
    rule in reach with a more serious outcome, or base's rule in reach with a more serious
    outcome (or default) after it, or a required item.
    """
    safety, tier = SAFETY_SEVERITY[base.safety], TIER_SEVERITY[base.tier]
    if reach.safety > safety or reach.roles:
        return True
    outcomes = [TIER_SEVERITY[plan.rules[p].outcome] for p in reach.rules]
    if max(outcomes, default=-1) > tier:
        return True
    matched = next((p for p, rule in enumerate(plan.rules) if rule.rule is base.tier_rule), None)
    if matched is None or matched not in reach.rules:
        return False
    after = [TIER_SEVERITY[rule.outcome] for rule in plan.rules[matched + 1:]]
    return max(after, default=-1) > tier or TIER_SEVERITY[plan.default_tier] > tier


def _readers(reads: Iterable[frozenset[str]]) -> dict[str, tuple[int, ...]]:
    """Return, for each mark, the positions of the conditions that read it."""
    found: dict[str, list[int]] = {}
    for position, marks in enumerate(reads):
        for mark in marks:
            found.setdefault(mark, []).append(position)
    return {mark: tuple(positions) for mark, positions in found.items()}


def _domain_score(adds_up: bool, items: tuple[tuple[str, Mapping[str, int]], ...],
                  answers: Mapping[str, Answer]) -> int:
    """Add up (or take the highest of) the option scores of the known answers, as scoring does."""
    found = []
    for item_id, options in items:
        answer = answers.get(item_id)
        if answer is not None and answer != UNKNOWN:
            option_score = options.get(answer)  # type: ignore[arg-type]
            if option_score is not None:
                found.append(option_score)
    return sum(found) if adds_up else max(found, default=0)


def _open_essential(plan: SeverityPlan, answers: Mapping[str, Answer], shown: Set[str]) -> int:
    return sum(1 for item_id in plan.essential
               if item_id in shown and not is_known(answers.get(item_id)))


def changed_outcome(plan: SeverityPlan, base: Evaluation, answers: Mapping[str, Answer],
                    shown: Set[str], changed: set[str]) -> tuple[str, str]:
    """Return safety and tier for answers that differ from base's only in `changed` items.

    `answers` and `shown` are complete (as visibility makes them); `changed` names every item
    whose answer or being shown differs from base; it gains the marks of what changed with them.
    """
    dirty = changed
    domains = dict(base.facts.domains)
    for section_id, adds_up, items in plan.domains:
        if any(item_id in dirty for item_id, _ in items):
            score = _domain_score(adds_up, items, answers)
            if score != domains.get(section_id):
                domains[section_id] = score
                dirty.add(_DOMAIN + section_id)
    count = base.facts.unknown_essential
    if plan.essential and not dirty.isdisjoint(plan.essential):
        count = _open_essential(plan, answers, shown)
        if count != base.facts.unknown_essential:
            dirty.add(_COUNT)
    before = base.facts.flags
    raised = set(before)
    facts = Facts(answers=answers, shown=shown, flags=raised, domains=domains,
                  unknown_essential=count)
    acute = sum(1 for flag in base.raised if flag.safety == "acute")
    concern = sum(1 for flag in base.raised if flag.safety == "concern")
    readers = plan.flag_readers
    waiting = [position for mark in dirty for position in readers.get(mark, ())]
    heapify(waiting)
    # A flag reads only flags before it, so testing in file order sees them as they end up.
    for position in in_file_order(waiting):
        flag = plan.flags[position]
        held = flag.id in before
        if flag.test(facts) != held:
            if held:
                raised.discard(flag.id)
            else:
                raised.add(flag.id)
            if flag.safety == "acute":
                acute += -1 if held else 1
            elif flag.safety == "concern":
                concern += -1 if held else 1
            dirty.add(flag.mark)
            for later in readers.get(flag.mark, ()):
                heappush(waiting, later)
    tier = _tier(plan, base, facts, dirty)
    if tier == "ordinary" and any(item_id in shown and not is_known(answers.get(item_id))
                                  for item_id in plan.required):
        tier = "insufficient"
    return _safety(plan, answers, acute, concern), tier


def in_file_order(waiting: list[int]) -> Iterator[int]:
    """Yield each position of a heap once, lowest first; the caller may push more meanwhile.

    Flags and show conditions read only what comes before them, so a worklist walked in
    file order sees every input as it ends up.
    """
    done: set[int] = set()
    while waiting:
        position = heappop(waiting)
        if position not in done:
            done.add(position)
            yield position


def _safety(plan: SeverityPlan, answers: Mapping[str, Answer], acute: int, concern: int) -> str:
    """Return the safety level from the count of raised flags per level and the safety gate."""
    if acute > 0:
        return "acute"
    if concern > 0:
        return "concern"
    if plan.gate is not None and not is_known(answers.get(plan.gate)):
        return "unknown"
    return "none"


def _tier(plan: SeverityPlan, base: Evaluation, facts: Facts, dirty: Set[str]) -> str:
    """Return the outcome of the first tier rule that holds; base tested the rules up to its
    own match, so those that read nothing that changed need no test."""
    readers = plan.rule_readers
    retest = set().union(*(readers.get(mark, ()) for mark in dirty))
    known = True
    for position, rule in enumerate(plan.rules):
        if known and position not in retest:
            if rule.rule is base.tier_rule:
                return rule.outcome
            continue  # it did not hold, and nothing it reads changed
        if rule.test(facts):
            return rule.outcome
        if rule.rule is base.tier_rule:
            known = False  # base stopped here: the rules after it were never tested
    return plan.default_tier
