"""Scoring: every tier, safety level and parenting pattern; reasons, routes, completeness."""

from __future__ import annotations

import pytest

from screening.instrument import (
    PARENTING,
    SAFETY_LEVELS,
    TIERS,
    AnswerError,
    Instrument,
    Result,
    routes_for,
    score,
    validate_answers,
)

CALM: dict[str, str | int] = {
    "children_count": 1, "youngest_age": 8, "contact_frequency": "weekly",
    "contact_conflict": "rarely", "agreements_fight": "no", "help_repeated": "no",
    "threats": "no", "child_afraid": "no", "worry": "none",
}


def with_(**changes: str | int) -> dict[str, str | int]:
    return {**CALM, **changes}


def test_calm_answers_are_ordinary_cooperative_and_safe(tiny: Instrument) -> None:
    result = score(tiny, CALM)
    assert (result.safety, result.tier, result.parenting) == ("none", "ordinary", "cooperative")
    assert result.routes == ("gewone-scheiding",)
    assert result.flags == ()
    assert [(r.decision, r.source) for r in result.reasons] == [
        ("safety", "default"), ("tier", "default"), ("parenting", "rule")]


@pytest.mark.parametrize(("answers", "tier"), [
    (CALM, "ordinary"),
    (with_(contact_conflict="sometimes", agreements_fight="yes"), "watch"),
    (with_(help_repeated="often"), "watch"),
    (with_(contact_conflict="always", agreements_fight="yes"), "complex"),
    ({"contact_frequency": "unknown", "agreements_fight": "unknown", "threats": "no"},
     "insufficient"),
])
def test_every_tier_is_reached(tiny: Instrument, answers: dict[str, str | int],
                               tier: str) -> None:
    assert score(tiny, answers).tier == tier


def test_all_tiers_safety_levels_and_patterns_are_covered(tiny: Instrument) -> None:
    seen: dict[str, set[str]] = {"safety": set(), "tier": set(), "parenting": set()}
    cases: list[dict[str, str | int]] = [
        CALM, with_(contact_conflict="sometimes", agreements_fight="yes"),
        with_(contact_conflict="always", agreements_fight="yes", threats="yes"),
        {"contact_frequency": "unknown", "agreements_fight": "unknown", "child_afraid": "yes"},
        with_(contact_frequency="none", agreements_fight="no"),
    ]
    for answers in cases:
        result = score(tiny, answers)
        for key in seen:
            seen[key].add(getattr(result, key))
    # 'unknown' safety needs a declared safety gate and 'safety_first' is optional: see
    # test_honest.py, whose instrument declares both.
    assert seen == {"safety": set(SAFETY_LEVELS) - {"unknown"}, "tier": set(TIERS),
                    "parenting": set(PARENTING) - {"safety_first"}}


def test_insufficient_comes_from_unknown_essential_items(tiny: Instrument) -> None:
    result = score(tiny, {"contact_frequency": "unknown", "agreements_fight": "unknown",
                          "threats": "no"})
    assert result.tier == "insufficient"
    assert result.routes == ("eerst-uitzoeken",)
    assert result.to_find_out == ("children_count", "contact_frequency", "agreements_fight")
    tier_reason = result.reasons[1]
    assert (tier_reason.decision, tier_reason.source) == ("tier", "rule")
    assert tier_reason.text.en == "Too much is still unknown."


@pytest.mark.parametrize(("answers", "parenting"), [
    (with_(contact_conflict="mostly"), "conflicted"),
    (CALM, "cooperative"),
    (with_(contact_frequency="monthly", contact_conflict="sometimes"), "parallel"),
    (with_(contact_frequency="none"), "parallel"),
    (with_(contact_frequency="none", agreements_fight="unknown"), "unknown"),
    (with_(contact_frequency="unknown"), "unknown"),
])
def test_every_parenting_pattern_is_reached(tiny: Instrument, answers: dict[str, str | int],
                                            parenting: str) -> None:
    assert score(tiny, answers).parenting == parenting


def test_concern_keeps_the_tier_route_second(tiny: Instrument) -> None:
    result = score(tiny, with_(threats="yes", weapon="no"))
    assert (result.safety, result.tier) == ("concern", "ordinary")
    assert result.routes == ("meldcode", "gewone-scheiding")
    routes = routes_for(tiny, result.safety, result.tier)
    assert [route.id for route in routes] == ["meldcode", "gewone-scheiding"]


def test_acute_beats_concern_and_is_listed_first(tiny: Instrument) -> None:
    result = score(tiny, with_(threats="yes", weapon="yes", worry="serious"))
    assert result.safety == "acute"
    assert result.routes == ("meldcode-acuut", "gewone-scheiding")
    safety = [r for r in result.reasons if r.decision == "safety"]
    assert [(r.outcome, r.source, r.text.en) for r in safety] == [
        ("acute", "flag", "Acute danger"), ("concern", "flag", "Safety concern")]
    assert safety[0].answers == (("weapon", "yes"),)
    assert safety[1].answers == (("threats", "yes"), ("worry", "serious"))


def test_acute_with_a_complex_tier_lists_both_routes(tiny: Instrument) -> None:
    result = score(tiny, with_(contact_conflict="always", agreements_fight="yes",
                               child_afraid="yes"))
    assert (result.safety, result.tier) == ("acute", "complex")
    assert result.routes == ("meldcode-acuut", "rust-en-welzijn")
    assert [r.title.en for r in routes_for(tiny, result.safety, result.tier)] == [
        "Reporting code: acute", "Rest and wellbeing"]


def test_flags_chain_in_file_order_and_reasons_name_the_answers(tiny: Instrument) -> None:
    result = score(tiny, with_(contact_conflict="always", agreements_fight="yes",
                               youngest_age=2, help_repeated="often"))
    assert result.flags == ("conflict_contact", "young_child_conflict", "stuck_help")
    assert result.safety == "concern"
    young = result.reasons[0]
    assert young.text.en == "Young child amid conflict"
    assert young.answers == (("contact_conflict", "always"), ("agreements_fight", "yes"),
                             ("youngest_age", 2))
    tier = next(r for r in result.reasons if r.decision == "tier")
    assert (tier.outcome, tier.source) == ("complex", "rule")
    assert tier.answers == (("contact_conflict", "always"), ("agreements_fight", "yes"))


def test_a_not_condition_names_the_answer_that_was_not_given(tiny: Instrument) -> None:
    result = score(tiny, with_(contact_frequency="none"))
    parenting = result.reasons[-1]
    assert parenting.outcome == "parallel"
    assert parenting.answers == (("contact_frequency", "none"), ("agreements_fight", "no"))


def test_domain_scores_sum_and_max(tiny: Instrument) -> None:
    result = score(tiny, with_(contact_conflict="mostly", agreements_fight="yes",
                               network_fuels="yes", help_repeated="once",
                               many_professionals="yes"))
    assert {k: (v.score, v.max) for k, v in result.domain_scores.items()} == {
        "patterns": (2 + 2 + 1, 6), "help": (2, 3)}


def test_hidden_answers_score_nothing(tiny: Instrument) -> None:
    result = score(tiny, with_(contact_frequency="none", contact_conflict="always"))
    assert result.domain_scores["patterns"].score == 0
    assert result.completeness.not_shown == 4  # contact_conflict, network_fuels, weapon, many_p.


def test_completeness_counts(tiny: Instrument) -> None:
    answers: dict[str, str | int] = {
        "children_count": 0, "contact_frequency": "weekly", "contact_conflict": "unknown",
        "agreements_fight": "yes", "threats": "unknown", "notes": "  ",
    }
    result = score(tiny, answers)
    c = result.completeness
    # shown: children_count, notes, contact_frequency, contact_conflict, agreements_fight,
    # network_fuels, help_repeated, many_professionals, threats, child_afraid, worry.
    assert (c.shown, c.answered, c.unknown, c.unanswered, c.not_shown) == (11, 3, 2, 6, 2)
    assert (c.essential_shown, c.essential_known) == (5, 3)
    assert result.to_find_out == ("contact_conflict", "threats")


def test_validate_answers_cleans(tiny: Instrument) -> None:
    cleaned = validate_answers(tiny, {"children_count": "2", "youngest_age": " 4 ",
                                      "notes": "  hi  ", "worry": "", "threats": "no",
                                      "weapon": "yes", "contact_frequency": None})  # type: ignore[dict-item]
    assert cleaned == {"children_count": 2, "youngest_age": 4, "notes": "hi", "threats": "no"}


@pytest.mark.parametrize(("answers", "item_id", "words"), [
    ({"nope": "yes"}, "nope", "no such item"),
    ({"worry": "maybe"}, "worry", "'maybe' is not an option; use one of none, some, serious"),
    ({"child_afraid": "unknown"}, "child_afraid", "is not an option"),
    ({"worry": 1}, "worry", "is not an option"),
    ({"children_count": 13}, "children_count", "13 is not between 0 and 12"),
    ({"children_count": -1}, "children_count", "is not between"),
    ({"children_count": "two"}, "children_count", "'two' is not a whole number"),
    ({"children_count": True}, "children_count", "is not a whole number"),
    ({"children_count": 2.5}, "children_count", "is not a whole number"),
    ({"notes": "x" * 41}, "notes", "longer than 40 characters"),
    ({"notes": 5}, "notes", "is not text"),
])
def test_bad_answers_are_refused(tiny: Instrument, answers: dict[str, str | int],
                                 item_id: str, words: str) -> None:
    with pytest.raises(AnswerError, match=words) as caught:
        score(tiny, answers)
    assert caught.value.item_id == item_id
    assert str(caught.value).startswith(f"item '{item_id}': ")
    assert isinstance(caught.value, ValueError)


def test_number_items_accept_unknown(tiny: Instrument) -> None:
    result = score(tiny, with_(children_count="unknown"))
    assert result.completeness.unknown == 1
    assert "children_count" in result.to_find_out


def test_result_round_trips_through_a_dict(tiny: Instrument) -> None:
    result = score(tiny, with_(threats="yes", weapon="yes", contact_conflict="always",
                               agreements_fight="yes", youngest_age=1))
    data = result.to_dict()
    assert list(data) == ["safety", "tier", "parenting", "routes", "domain_scores", "flags",
                          "reasons", "completeness", "to_find_out", "could_become", "decisive",
                          "route_steps"]
    assert Result.from_dict(data) == result
    assert Result.from_dict(data).to_dict() == data


def test_a_result_stored_before_could_become_existed_still_loads(tiny: Instrument) -> None:
    result = score(tiny, with_(contact_conflict="unknown", threats="yes"))
    old = result.to_dict()
    for key in ("could_become", "decisive", "route_steps"):
        del old[key]
    for reason in old["reasons"]:
        del reason["matched"]
    loaded = Result.from_dict(old)
    assert (loaded.could_become, loaded.decisive, loaded.route_steps) == (None, (), None)
    assert (loaded.safety, loaded.tier, loaded.reasons[0].text) == (
        result.safety, result.tier, result.reasons[0].text)


def test_score_does_not_change_its_input(tiny: Instrument) -> None:
    answers = with_(children_count="3")
    before = dict(answers)
    score(tiny, answers)
    assert answers == before
