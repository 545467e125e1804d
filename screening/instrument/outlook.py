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

from collections.abc import Callable, Mapping, Set
from heapq import heappush
from typing import TYPE_CHECKING, TypeVar

from .answers import Answer, is_known
from .conditions import Facts, ItemLeaf, leaves
from .decisive import (
    Reach,
    SeverityPlan,
    can_rise,
    changed_outcome,
    in_file_order,
    reaches,
    severity_plan,
)
from .vocabulary import SAFETY_SEVERITY, TIER_SEVERITY

if TYPE_CHECKING:
    from .model import Instrument, Item
    from .scoring import Evaluation

Table = dict[str, Answer]
Severity = tuple[int, int]
_MOST_SERIOUS: Severity = (max(SAFETY_SEVERITY.values()), max(TIER_SEVERITY.values()))

_TABLES: dict[int, tuple[Instrument, Table]] = {}
_MAX_VERSIONS = 64
_Value = TypeVar("_Value")


def _per_version(cache: dict[int, tuple[Instrument, _Value]], instrument: Instrument,
                 build: Callable[[Instrument], _Value]) -> _Value:
    """Return build(instrument), worked out once per loaded version (a reloaded one anew)."""
    cached = cache.get(id(instrument))
    if cached is None or cached[0] is not instrument:
        if len(cache) > _MAX_VERSIONS:
            cache.clear()
        cached = (instrument, build(instrument))
        cache[id(instrument)] = cached
    return cached[1]


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
    return _per_version(_TABLES, instrument, _build_table)


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


def open_items(evaluation: Evaluation) -> list[str]:
    """Return the shown items that are unknown or unanswered and could be answered."""
    return [item.id for item in evaluation.shown
            if item.type != "text" and not is_known(evaluation.given.get(item.id))]


_PLANS: dict[int, tuple[Instrument, tuple[SeverityPlan, dict[str, Reach]]]] = {}


def _build_plans(instrument: Instrument) -> tuple[SeverityPlan, dict[str, Reach]]:
    plan = severity_plan(instrument)
    return plan, reaches(instrument, plan)


def _plans(instrument: Instrument) -> tuple[SeverityPlan, dict[str, Reach]]:
    """Return what safety and tier depend on, and each item's reach; cached per version."""
    return _per_version(_PLANS, instrument, _build_plans)


def _plan(instrument: Instrument) -> SeverityPlan:
    return _plans(instrument)[0]


def answered(instrument: Instrument, evaluation: Evaluation, targets: Set[str] | None
             ) -> tuple[dict[str, Answer], set[str], set[str]]:
    """Return the answers, the shown items and what changed when open targets are answered.

    The same as `fill(instrument, evaluation.cleaned, shown, targets)`, without walking every
    item: only an item whose show condition reads a changed item is looked at again (show
    conditions read earlier items only, so the items are revisited in file order).
    """
    table = most_serious_answers(instrument)
    given, before, base = evaluation.cleaned, evaluation.facts.shown, evaluation.given
    answers: dict[str, Answer] = dict(base)
    shown = set(before)
    changed: set[str] = set()
    facts = Facts(answers=answers, shown=shown)
    plan, followers = instrument.visibility_plan, instrument.followers
    waiting: list[int] = []
    for item_id in (open_items(evaluation) if targets is None else targets):
        if item_id in table and item_id in before and not is_known(base.get(item_id)):
            answers[item_id] = table[item_id]
            changed.add(item_id)
            for position in followers.get(item_id, ()):
                heappush(waiting, position)
    for position in in_file_order(waiting):
        _item, item_id, test = plan[position]
        if test is None or test(facts):
            answer = given.get(item_id)
            if not is_known(answer) and item_id in table and (
                    targets is None or item_id in targets or item_id not in before):
                answer = table[item_id]
            shown.add(item_id)
            if answer is None:
                answers.pop(item_id, None)
            else:
                answers[item_id] = answer
        else:
            shown.discard(item_id)
            answers.pop(item_id, None)
        if (item_id in shown) != (item_id in before) or answers.get(item_id) != base.get(item_id):
            changed.add(item_id)
            for later in followers.get(item_id, ()):
                heappush(waiting, later)
    return answers, shown, changed


def answered_alone(instrument: Instrument, evaluation: Evaluation, item_id: str) -> Severity:
    """Return safety and tier when one open item (and follow-ups it opens) is answered.

    The same as `evaluate_visible(instrument, *fill(..., {item_id}))`, evaluating only what
    the answer changes.
    """
    answers, shown, changed = answered(instrument, evaluation, {item_id})
    if not changed:
        return severity(evaluation.safety, evaluation.tier)
    return severity(*changed_outcome(_plan(instrument), evaluation, answers, shown, changed))


def could_become_and_decisive(
    instrument: Instrument, evaluation: Evaluation
) -> tuple[str, tuple[str, ...]]:
    """Return (could_become, decisive) for an evaluated outcome."""
    candidates = open_items(evaluation)
    if not candidates:
        return evaluation.tier, ()
    plan, reach = _plans(instrument)
    answers, shown, changed = answered(instrument, evaluation, None)
    could_become = changed_outcome(plan, evaluation, answers, shown, changed)[1] if changed \
        else evaluation.tier
    now = severity(evaluation.safety, evaluation.tier)
    if now == _MOST_SERIOUS:  # nothing can be more serious: no question decides
        return could_become, ()
    changes: list[tuple[Severity, int, str]] = []
    for position, item_id in enumerate(candidates):
        # An item nothing of safety or tier reads (nor its follow-ups) has no reach: skipped.
        if not can_rise(plan, reach[item_id], evaluation):
            continue
        after = answered_alone(instrument, evaluation, item_id)
        if after != now and after[0] >= now[0] and after[1] >= now[1]:
            changes.append(((-after[0], -after[1]), position, item_id))
    return could_become, tuple(item_id for _, _, item_id in sorted(changes))
