"""Property tests of honest outcomes over random answers of every test and real instrument.

For random answer sets (unknown and unanswered included): `could_become` is never milder
than the outcome; filling every open question with its most serious answer gives exactly
`could_become`; each decisive question at its most serious answer makes the outcome more
serious, and no other open question does; safety is never 'none' while a declared safety
gate is open; answered + unknown + not answered = shown.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.instrument import (
    TIER_SEVERITY,
    UNKNOWN,
    Answer,
    Instrument,
    Item,
    load_registry,
    most_serious_answers,
    score,
    severity,
    visible_items,
)

from .conftest import HONEST, REPO_QUESTIONNAIRES, TINY

INSTRUMENTS = [TINY, HONEST, *load_registry(REPO_QUESTIONNAIRES).all()]
Answers = dict[str, Answer]


def answer_strategy(item: Item) -> st.SearchStrategy[Answer]:
    """Return the valid answers to one item, 'unknown' included where allowed."""
    if item.type in ("choice", "yesno"):
        return st.sampled_from([option.code for option in item.options])
    if item.type == "number":
        assert item.min is not None and item.max is not None
        return st.integers(item.min, item.max) | st.just(UNKNOWN)
    return st.just("tekst")


def answers_of(instrument: Instrument) -> st.SearchStrategy[Answers]:
    """Return random answer sets; half the items left out, many answered 'unknown'."""
    return st.fixed_dictionaries(
        {}, optional={item.id: answer_strategy(item) for item in instrument.items()})


def _open(answer: Answer | None) -> bool:
    return answer is None or answer == UNKNOWN


def filled(instrument: Instrument, answers: Mapping[str, Answer],
           only: set[str] | None) -> Answers:
    """Give open shown questions their most serious answer until nothing more appears.

    `only` limits the filling to those questions plus follow-ups that were not shown before.
    """
    table = most_serious_answers(instrument)
    before = {item.id for item in visible_items(instrument, answers)}
    result = dict(answers)
    while True:
        changed = False
        for item in visible_items(instrument, result):
            if item.id in table and _open(result.get(item.id)) and (
                    only is None or item.id in only or item.id not in before):
                result[item.id] = table[item.id]
                changed = True
        if not changed:
            return result


def check_outlook(instrument: Instrument, answers: Answers) -> None:
    result = score(instrument, answers)
    c = result.completeness
    assert c.answered + c.unknown + c.unanswered == c.shown
    assert result.could_become is not None
    assert TIER_SEVERITY[result.could_become] >= TIER_SEVERITY[result.tier]
    assert score(instrument, filled(instrument, answers, None)).tier == result.could_become
    gate = instrument.roles.safety_gate
    if gate is not None and _open(answers.get(gate)):
        assert result.safety != "none"
    now = severity(result.safety, result.tier)
    shown = visible_items(instrument, answers)
    open_items = [item.id for item in shown if item.type != "text" and _open(answers.get(item.id))]
    assert set(result.decisive) <= set(open_items)
    for item_id in open_items:
        after_result = score(instrument, filled(instrument, answers, {item_id}))
        after = severity(after_result.safety, after_result.tier)
        raises = after != now and after[0] >= now[0] and after[1] >= now[1]
        assert raises == (item_id in result.decisive), item_id
    afters = [score(instrument, filled(instrument, answers, {i})) for i in result.decisive]
    keys = [severity(r.safety, r.tier) for r in afters]
    assert keys == sorted(keys, reverse=True)


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: f"{i.id}-{i.version}")
def test_outlook_properties(instrument: Instrument) -> None:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answers_of(instrument))
    def run(answers: Answers) -> None:
        check_outlook(instrument, answers)

    run()


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: f"{i.id}-{i.version}")
def test_nothing_open_says_nothing_extra(instrument: Instrument) -> None:
    answers = filled(instrument, {}, None)
    result = score(instrument, answers)
    assert result.decisive == ()
    assert result.could_become == result.tier
