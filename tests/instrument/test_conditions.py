"""Conditions: each operator, all/any/not, hidden items, chained conditions."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from screening.instrument import Condition, Facts, Instrument, describe, holds, visible_items
from screening.instrument.conditions import witnesses
from screening.instrument.loading import instrument_from_document

from .conftest import tiny_doc

CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)


def cond(data: dict[str, Any]) -> Condition:
    return CONDITION.validate_python(data)


def facts(answers: dict[str, str | int], shown: set[str] | None = None, **extra: Any) -> Facts:
    return Facts(answers=answers, shown=set(answers) if shown is None else shown, **extra)


@pytest.mark.parametrize(("condition", "answers", "shown", "expected"), [
    ({"item": "x", "op": "in", "values": ["a", "b"]}, {"x": "a"}, None, True),
    ({"item": "x", "op": "in", "values": ["a", "b"]}, {"x": "c"}, None, False),
    ({"item": "x", "op": "in", "values": ["a"]}, {}, {"x"}, False),
    ({"item": "x", "op": "not_in", "values": ["a"]}, {"x": "b"}, None, True),
    ({"item": "x", "op": "not_in", "values": ["a"]}, {"x": "unknown"}, None, True),
    ({"item": "x", "op": "not_in", "values": ["a"]}, {"x": "a"}, None, False),
    ({"item": "x", "op": "not_in", "values": ["a"]}, {}, {"x"}, False),  # unanswered
    ({"item": "x", "op": "not_in", "values": ["a"]}, {}, set(), False),  # hidden
    ({"item": "x", "op": "answered"}, {"x": "b"}, None, True),
    ({"item": "x", "op": "answered"}, {"x": "unknown"}, None, False),
    ({"item": "x", "op": "answered"}, {}, {"x"}, False),
    ({"item": "x", "op": "unknown"}, {"x": "unknown"}, None, True),
    ({"item": "x", "op": "unknown"}, {}, {"x"}, True),  # shown, not answered
    ({"item": "x", "op": "unknown"}, {}, set(), False),  # hidden
    ({"item": "x", "op": "unknown"}, {"x": "b"}, None, False),
    ({"item": "n", "op": "gte", "value": 3}, {"n": 3}, None, True),
    ({"item": "n", "op": "gte", "value": 3}, {"n": 2}, None, False),
    ({"item": "n", "op": "gte", "value": 3}, {}, {"n"}, False),
    ({"item": "n", "op": "gte", "value": 3}, {"n": "unknown"}, None, False),
    ({"item": "n", "op": "lte", "value": 3}, {"n": 3}, None, True),
    ({"item": "n", "op": "lte", "value": 3}, {"n": 4}, None, False),
    ({"item": "n", "op": "lte", "value": 3}, {}, {"n"}, False),
])
def test_item_leaf(condition: dict[str, Any], answers: dict[str, str | int],
                   shown: set[str] | None, expected: bool) -> None:
    assert holds(cond(condition), facts(answers, shown)) is expected


def test_flag_domain_and_unknown_essential_leaves() -> None:
    f = facts({}, flags={"f"}, domains={"d": 6}, unknown_essential=4)
    assert holds(cond({"flag": "f"}), f)
    assert not holds(cond({"flag": "g"}), f)
    assert holds(cond({"domain": "d", "op": "gte", "value": 6}), f)
    assert not holds(cond({"domain": "d", "op": "gte", "value": 7}), f)
    assert holds(cond({"domain": "d", "op": "lte", "value": 6}), f)
    assert not holds(cond({"domain": "d", "op": "lte", "value": 5}), f)
    assert holds(cond({"unknown_essential": True, "op": "gte", "value": 4}), f)
    assert not holds(cond({"unknown_essential": True, "op": "gte", "value": 5}), f)
    assert holds(cond({"unknown_essential": True, "op": "lte", "value": 4}), f)


def test_all_any_not_nest() -> None:
    yes = {"item": "x", "op": "in", "values": ["a"]}
    no = {"item": "x", "op": "in", "values": ["b"]}
    f = facts({"x": "a"})
    assert holds(cond({"all": [yes, yes]}), f)
    assert not holds(cond({"all": [yes, no]}), f)
    assert holds(cond({"any": [no, yes]}), f)
    assert not holds(cond({"any": [no, no]}), f)
    assert holds(cond({"not": no}), f)
    assert not holds(cond({"not": yes}), f)
    assert holds(cond({"all": [{"not": no}, {"any": [no, {"not": {"not": yes}}]}]}), f)


def test_witnesses_are_the_leaves_that_drove_the_outcome() -> None:
    condition = cond({"all": [
        {"any": [{"item": "x", "op": "in", "values": ["a"]},
                 {"item": "y", "op": "in", "values": ["a"]}]},
        {"not": {"item": "z", "op": "in", "values": ["a"]}},
    ]})
    found = witnesses(condition, facts({"x": "a", "y": "b", "z": "b"}))
    assert [getattr(leaf, "item", None) for leaf in found] == ["x", "z"]


def test_describe_reads_as_one_line() -> None:
    condition = cond({"all": [{"item": "x", "op": "not_in", "values": ["a", "b"]},
                              {"not": {"flag": "f"}},
                              {"domain": "d", "op": "gte", "value": 2},
                              {"unknown_essential": True, "op": "gte", "value": 3}]})
    assert describe(condition) == (
        "all(x not in [a, b]; not(flag f); domain d >= 2; unknown essential items >= 3)")


def test_hidden_items_are_ignored(tiny: Instrument) -> None:
    # contact_conflict is hidden without weekly or monthly contact: its answer must not count.
    answers = {"contact_frequency": "none", "contact_conflict": "always"}
    shown = [item.id for item in visible_items(tiny, answers)]
    assert "contact_conflict" not in shown
    answers["contact_frequency"] = "weekly"
    assert "contact_conflict" in [item.id for item in visible_items(tiny, answers)]


def test_chained_conditions_hide_what_depends_on_hidden_items(tiny: Instrument) -> None:
    # weapon depends on threats; youngest_age depends on children_count.
    assert "youngest_age" not in [i.id for i in visible_items(tiny, {"children_count": 0})]
    assert "youngest_age" in [i.id for i in visible_items(tiny, {"children_count": 2})]
    shown = [i.id for i in visible_items(tiny, {"threats": "yes"})]
    assert "weapon" in shown
    shown = [i.id for i in visible_items(tiny, {"threats": "unknown", "weapon": "yes"})]
    assert "weapon" not in shown


def test_visibility_uses_only_earlier_shown_answers() -> None:
    # b is shown when a is yes; c is shown when b is yes. Hiding b hides c, even if b was answered.
    doc = tiny_doc()
    section = doc["sections"][3]
    when_yes: dict[str, Any] = {"op": "in", "values": ["yes"]}
    section["items"][:3] = [
        {"id": "threats", "type": "yesno", "text": {"nl": "a", "en": "a"}},
        {"id": "weapon", "type": "yesno", "text": {"nl": "b", "en": "b"},
         "condition": {**when_yes, "item": "threats"}},
        {"id": "child_afraid", "type": "yesno", "text": {"nl": "c", "en": "c"},
         "condition": {**when_yes, "item": "weapon"}},
    ]
    chained = instrument_from_document(doc, "chained.toml")
    answers = {"threats": "no", "weapon": "yes", "child_afraid": "yes"}
    shown = [item.id for item in visible_items(chained, answers)]
    assert "weapon" not in shown and "child_afraid" not in shown
    answers["threats"] = "yes"
    shown = [item.id for item in visible_items(chained, answers)]
    assert "weapon" in shown and "child_afraid" in shown
