"""The quick outlook gives what the full walk and evaluation give, for every open question.

`outlook.answered` revisits only the items whose show condition reads a changed answer, and
`decisive.changed_outcome` re-tests only the flags and rules that read what changed. Here both
are held beside `fill` and `evaluate_visible` for random answers of every test and real
instrument: for each open question alone (the inert ones too) and for all of them at once.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from screening.instrument import Instrument
from screening.instrument.decisive import changed_outcome, severity_plan
from screening.instrument.outlook import answered, fill, open_items
from screening.instrument.scoring import evaluate, evaluate_visible

from .test_outlook_properties import INSTRUMENTS, Answers, answers_of


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: f"{i.id}-{i.version}")
def test_quick_outlook_is_the_full_evaluation(instrument: Instrument) -> None:
    plan = severity_plan(instrument)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answers_of(instrument))
    def check(answers: Answers) -> None:
        evaluation = evaluate(instrument, answers)
        shown_before = {item.id for item in evaluation.shown}
        for targets in [None, *({item_id} for item_id in open_items(evaluation))]:
            shown, filled = fill(instrument, evaluation.cleaned, shown_before, targets)
            quick_answers, quick_shown, changed = answered(instrument, evaluation, targets)
            assert quick_answers == filled
            assert quick_shown == {item.id for item in shown}
            assert changed == {item_id for item_id in quick_shown ^ shown_before} | {
                item_id for item_id in quick_answers.keys() | evaluation.given.keys()
                if quick_answers.get(item_id) != evaluation.given.get(item_id)}
            full = evaluate_visible(instrument, shown, filled)
            assert changed_outcome(plan, evaluation, quick_answers, quick_shown, changed) == (
                full.safety, full.tier), targets

    check()
