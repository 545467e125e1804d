"""Property tests: any valid answers give a valid, deterministic result."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from screening.instrument import (
    PARENTING,
    SAFETY_LEVELS,
    TIERS,
    AnswerError,
    Item,
    Option,
    Result,
    evaluate,
    outcomes,
    score,
)

from .conftest import TINY

Answers = dict[str, str | int]


def answer_strategy(item: Item) -> st.SearchStrategy[str | int]:
    """Return the valid answers to one item, 'unknown' included where allowed."""
    if item.type in ("choice", "yesno"):
        return st.sampled_from([option.code for option in item.options])
    if item.type == "number":
        assert item.min is not None and item.max is not None
        return st.integers(item.min, item.max) | st.just("unknown")
    return st.text(max_size=item.text_limit)


ANSWERS: st.SearchStrategy[Answers] = st.fixed_dictionaries(
    {}, optional={item.id: answer_strategy(item) for item in TINY.items()}
)
# (item, lower option, higher option) for every pair of options with different scores.
RAISES = [
    (item, low, high)
    for item in TINY.items() if TINY.section_of(item.id).score != "none"
    for low in item.options for high in item.options if high.score > low.score
]


@given(ANSWERS)
def test_any_valid_answers_give_a_valid_result(answers: Answers) -> None:
    result = score(TINY, answers)
    assert result.safety in SAFETY_LEVELS
    assert result.tier in TIERS
    assert result.parenting in PARENTING
    route_map = TINY.route_map
    expected = [route_map.for_safety(result.safety)] if result.safety != "none" else []
    assert list(result.routes) == [*expected, route_map.for_tier(result.tier)]
    c = result.completeness
    assert c.shown + c.not_shown == len(TINY.items())
    assert c.answered + c.unknown + c.unanswered == c.shown
    assert c.essential_shown - c.essential_known == len(result.to_find_out)
    for section_id, domain in result.domain_scores.items():
        assert 0 <= domain.score <= domain.max == TINY.section(section_id).max_score
    assert [f.id for f in TINY.flags if f.id in result.flags] == list(result.flags)
    assert [r.decision for r in result.reasons][-2:] == ["tier", "parenting"]
    json.dumps(result.to_dict())


@given(ANSWERS)
def test_outcomes_are_what_score_decides(answers: Answers) -> None:
    result = score(TINY, answers, outlook=False)
    decided = outcomes(TINY, evaluate(TINY, answers))
    assert decided == (result.safety, result.tier, result.parenting)


@given(ANSWERS, st.sampled_from(RAISES))
def test_a_higher_scoring_option_never_lowers_its_domain_score(
    answers: Answers, change: tuple[Item, Option, Option]
) -> None:
    item, low, high = change
    section = TINY.section_of(item.id).id
    before = score(TINY, {**answers, item.id: low.code}).domain_scores[section].score
    after = score(TINY, {**answers, item.id: high.code}).domain_scores[section].score
    assert after >= before


@given(ANSWERS)
def test_a_raised_acute_flag_always_means_acute_safety(answers: Answers) -> None:
    result = score(TINY, answers)
    if any(TINY.flag(flag_id).safety == "acute" for flag_id in result.flags):
        assert result.safety == "acute"
    forced = score(TINY, {**answers, "child_afraid": "yes"})
    assert "acute_danger" in forced.flags
    assert forced.safety == "acute"
    assert forced.routes[0] == TINY.route_map.safety.acute
    assert forced.reasons[0].outcome == "acute"


@given(ANSWERS, st.randoms(use_true_random=False))
def test_the_order_of_answers_changes_nothing(answers: Answers, random: Any) -> None:
    pairs = list(answers.items())
    random.shuffle(pairs)
    assert score(TINY, dict(pairs)) == score(TINY, answers)


@given(ANSWERS)
def test_result_round_trips_through_json(answers: Answers) -> None:
    result = score(TINY, answers)
    stored = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert Result.from_dict(stored) == result


JUNK = st.dictionaries(
    st.sampled_from([item.id for item in TINY.items()]) | st.text(max_size=5),
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=1200),
)


@given(JUNK)
def test_hostile_answers_are_refused_with_answer_error_only(answers: dict[str, Any]) -> None:
    try:
        result = score(TINY, answers)
    except AnswerError as error:
        assert isinstance(error.item_id, str)
    else:
        assert result.tier in TIERS
