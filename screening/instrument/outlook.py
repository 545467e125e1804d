"""Work out what an outcome could still become, and which open questions decide that.

An open question is a shown item answered 'unknown' or not answered (text items excepted:
they are notes and never decide anything). Each item has one *most serious answer*, fixed
per instrument version: starting from every item at its highest-scoring option, each item in
turn takes the answer that, with the others at theirs, gives the most serious outcome (safety,
then tier, then the number of raised flags, the domain scores and the questions shown), until
nothing changes. It is worked out once per loaded version.

- `could_become`: the tier when every open question, and every follow-up question that then
  appears unanswered, takes its most serious answer.
- `decisive`: the open questions that each on their own (with the follow-ups they open) at
  their most serious answer make the outcome (safety or tier) more serious, the biggest change
  first (safety before tier), ties in questionnaire order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .answers import Answer, is_known
from .conditions import DomainLeaf, Facts, ItemLeaf, UnknownEssentialLeaf, leaves
from .vocabulary import SAFETY_SEVERITY, TIER_SEVERITY

if TYPE_CHECKING:
    from .model import Instrument, Item
    from .scoring import Evaluation

Table = dict[str, Answer]
Severity = tuple[int, int]

_TABLES: dict[int, tuple[Instrument, Table]] = {}
_PASSES = 3


def severity(safety: str, tier: str) -> Severity:
    """Return how serious an outcome is, safety first, as a sortable pair."""
    return SAFETY_SEVERITY[safety], TIER_SEVERITY[tier]


def _number_candidates(instrument: Instrument, item: Item) -> list[int]:
    low = item.min if item.min is not None else 0
    high = item.max if item.max is not None else low
    values = {low, high}
    conditions = [i.condition for i in instrument.all_items if i.condition is not None]
    conditions += [flag.when for flag in instrument.flags]
    conditions += [rule.when for rule in instrument.scoring.tier.rules]
    for condition in conditions:
        for leaf in leaves(condition):
            if isinstance(leaf, ItemLeaf) and leaf.item == item.id and leaf.value is not None:
                values.update(v for v in (leaf.value - 1, leaf.value, leaf.value + 1)
                              if low <= v <= high)
    return sorted(values)


def _candidates(instrument: Instrument, item: Item) -> list[Answer]:
    if item.type == "number":
        return list(_number_candidates(instrument, item))
    if item.type == "text":
        return []
    return [option.code for option in item.options if is_known(option.code)]


def _first_guess(item: Item, candidates: list[Answer]) -> Answer:
    if item.type == "number":
        return candidates[-1]
    return max(candidates, key=lambda code: (item.options_by_code[str(code)].score,
                                             code == "yes"))


def _weight(instrument: Instrument, answers: Mapping[str, Answer]) -> tuple[int, ...]:
    from .answers import visibility
    from .scoring import evaluate_visible

    shown, given = visibility(instrument, answers)
    found = evaluate_visible(instrument, shown, given)
    return (*severity(found.safety, found.tier), len(found.raised),
            sum(found.facts.domains.values()), len(shown))


def _build_table(instrument: Instrument) -> Table:
    choices = {item.id: _candidates(instrument, item) for item in instrument.all_items}
    table: Table = {item.id: _first_guess(item, choices[item.id])
                    for item in instrument.all_items if choices[item.id]}
    for _ in range(_PASSES):
        changed = False
        for item_id, candidates in choices.items():
            best, best_weight = table.get(item_id), None
            for candidate in candidates:
                weight = _weight(instrument, {**table, item_id: candidate})
                if best_weight is None or weight > best_weight:
                    best, best_weight = candidate, weight
            if best is not None and best != table[item_id]:
                table[item_id] = best
                changed = True
        if not changed:
            break
    return table


def most_serious_answers(instrument: Instrument) -> Table:
    """Return each item's most serious answer (text items have none); cached per version."""
    key = id(instrument)
    cached = _TABLES.get(key)
    if cached is None or cached[0] is not instrument:
        if len(_TABLES) > 64:
            _TABLES.clear()
        cached = (instrument, _build_table(instrument))
        _TABLES[key] = cached
    return cached[1]


def fill(instrument: Instrument, given: Mapping[str, Answer], shown_before: set[str],
         targets: set[str] | None, start: int = 0,
         prefix: list[Item] | None = None) -> tuple[list[Item], dict[str, Answer]]:
    """Walk the items, giving open targets (None: every open item) their most serious answer.

    A follow-up that was not shown before and appears unanswered is filled too. Returns the
    shown items and their answers, as `answers.visibility` does. Nothing before the first
    target changes, so a walk may start there (`start`), given the items shown before it.
    """
    table = most_serious_answers(instrument)
    shown: list[Item] = list(prefix or ())
    shown_ids: set[str] = {item.id for item in shown}
    filled: dict[str, Answer] = {item.id: given[item.id] for item in shown if item.id in given}
    facts = Facts(answers=filled, shown=shown_ids)
    for item in instrument.all_items[start:]:
        test = item.shows
        if test is None or test(facts):
            shown.append(item)
            shown_ids.add(item.id)
            answer = given.get(item.id)
            if not is_known(answer) and item.id in table and (
                    targets is None or item.id in targets or item.id not in shown_before):
                answer = table[item.id]
            if answer is not None:
                filled[item.id] = answer
    return shown, filled


def _inert(instrument: Instrument) -> frozenset[str]:
    """Return the items no condition and no tested domain depends on: they decide nothing."""
    conditions = [item.condition for item in instrument.all_items if item.condition is not None]
    conditions += [flag.when for flag in instrument.flags]
    conditions += [rule.when for rule in (*instrument.scoring.tier.rules,
                                          *instrument.scoring.parenting.rules)]
    conditions += [v.when for v in instrument.route_map.variants if v.when is not None]
    referenced: set[str] = set()
    domains: set[str] = set()
    for condition in conditions:
        for leaf in leaves(condition):
            if isinstance(leaf, ItemLeaf):
                referenced.add(leaf.item)
            elif isinstance(leaf, DomainLeaf):
                domains.add(leaf.domain)
    roles = instrument.roles
    referenced.update(roles.required_for_ordinary)
    if roles.safety_gate is not None:
        referenced.add(roles.safety_gate)
    essential_counted = any(isinstance(leaf, UnknownEssentialLeaf)
                            for condition in conditions for leaf in leaves(condition))
    sections = instrument.sections_by_item
    return frozenset(
        item.id for item in instrument.all_items
        if item.id not in referenced and sections[item.id].id not in domains
        and not (item.essential and essential_counted)
    )


_INERT: dict[int, tuple[Instrument, frozenset[str]]] = {}


def inert_items(instrument: Instrument) -> frozenset[str]:
    """Return the items that can never change an outcome; cached per version."""
    cached = _INERT.get(id(instrument))
    if cached is None or cached[0] is not instrument:
        if len(_INERT) > 64:
            _INERT.clear()
        cached = (instrument, _inert(instrument))
        _INERT[id(instrument)] = cached
    return cached[1]


def _positions(instrument: Instrument) -> dict[str, int]:
    return {item.id: number for number, item in enumerate(instrument.all_items)}


def open_items(evaluation: Evaluation) -> list[str]:
    """Return the shown items that are unknown or unanswered and could be answered."""
    return [item.id for item in evaluation.shown
            if item.type != "text" and not is_known(evaluation.given.get(item.id))]


def could_become_and_decisive(
    instrument: Instrument, evaluation: Evaluation
) -> tuple[str, tuple[str, ...]]:
    """Return (could_become, decisive) for an evaluated outcome."""
    from .scoring import evaluate_visible

    candidates = open_items(evaluation)
    if not candidates:
        return evaluation.tier, ()
    shown_before = {item.id for item in evaluation.shown}
    given = evaluation.cleaned
    could_become = evaluate_visible(instrument, *fill(instrument, given, shown_before, None)).tier
    now = severity(evaluation.safety, evaluation.tier)
    changes: list[tuple[Severity, int, str]] = []
    inert = inert_items(instrument)
    index = _positions(instrument)
    shown_at = [index[item.id] for item in evaluation.shown]
    for position, item_id in enumerate(candidates):
        if item_id in inert:
            continue
        start = index[item_id]
        prefix = evaluation.shown[:bisect_left(shown_at, start)]
        found = evaluate_visible(
            instrument, *fill(instrument, given, shown_before, {item_id}, start, prefix))
        after = severity(found.safety, found.tier)
        if after != now and after[0] >= now[0] and after[1] >= now[1]:
            changes.append(((-after[0], -after[1]), position, item_id))
    return could_become, tuple(item_id for _, _, item_id in sorted(changes))
