"""Honest outcomes (issue 12) on the test instrument that declares every role.

Written cases: the safety gate unknown; a cooperative family with safety, child and parent
unknown; a complex picture with two essentials unknown. Also the format additions: roles,
route variants, steps with `when`, contacts and rescreen weeks, each refused in plain words
when wrong.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from screening.instrument import (
    CONTACT_KINDS,
    TIER_SEVERITY,
    Instrument,
    InstrumentError,
    load_instrument,
    route_advice,
    score,
)
from screening.instrument.loading import instrument_from_document

from .conftest import HONEST_PATH

CASES = Path(__file__).resolve().parents[1] / "cases"
VERSION_1_0 = (Path(__file__).resolve().parents[2] / "questionnaires"
               / "vroegsignalering-complexe-scheiding" / "1.0.toml")
CALM: dict[str, str | int] = {
    "screener_role": "smw", "setting": "intake", "one_sided": "no",
    "contact_frequency": "weekly", "contact_conflict": "rarely", "agreements_fight": "no",
    "help_failed": "no", "parent_struggling": "no", "safety_gate": "no",
    "child_wellbeing": "well",
}


def with_(**changes: str | int) -> dict[str, str | int]:
    return {**CALM, **changes}


def test_a_calm_known_family_is_ordinary_and_says_nothing_extra(honest: Instrument) -> None:
    result = score(honest, CALM)
    assert (result.safety, result.tier, result.parenting) == ("none", "ordinary", "cooperative")
    assert (result.could_become, result.decisive) == ("ordinary", ())
    assert [(r.decision, r.source) for r in result.shown_reasons] == [
        ("safety", "default"), ("parenting", "rule")]


def test_safety_gate_unknown_gives_safety_unknown_never_no_signals(honest: Instrument) -> None:
    result = score(honest, with_(safety_gate="unknown"))
    assert result.safety == "unknown"
    assert result.reasons[0].source == "gate"
    assert result.reasons[0].answers == (("safety_gate", "unknown"),)
    assert "Geen signaal" not in result.reasons[0].text.nl
    assert result.routes[0] == "veiligheid-uitzoeken"
    assert result.tier == "insufficient"  # the gate is also needed for 'ordinary'
    assert result.decisive[0] == "safety_gate"
    unanswered = dict(CALM)
    del unanswered["safety_gate"]
    assert score(honest, unanswered).safety == "unknown"


def test_a_raised_safety_flag_beats_an_unknown_gate(honest: Instrument) -> None:
    result = score(honest, with_(safety_gate="yes", violence="yes", weapon="unknown"))
    assert result.safety == "concern"
    assert score(honest, with_(safety_gate="yes", violence="yes", weapon="yes")).safety == "acute"


def test_cooperative_family_with_safety_child_and_parent_unknown(honest: Instrument) -> None:
    result = score(honest, with_(safety_gate="unknown", child_wellbeing="unknown",
                                 parent_struggling="unknown"))
    assert result.tier == "insufficient"
    assert result.tier != "ordinary"
    assert set(result.decisive) == {"safety_gate", "child_wellbeing", "parent_struggling"}
    assert result.decisive[0] == "safety_gate"  # it also raises safety: the biggest change
    tier_reason = result.reasons[1]
    assert tier_reason.source == "required"
    assert [item for item, _ in tier_reason.answers] == [
        "safety_gate", "child_wellbeing", "parent_struggling"]
    assert result.could_become == "watch"
    assert result.open_questions[:3] == result.decisive


def test_complex_picture_with_two_essentials_unknown(honest: Instrument) -> None:
    result = score(honest, with_(contact_conflict="always", agreements_fight="yes",
                                 parent_struggling="unknown", child_wellbeing="unknown"))
    assert TIER_SEVERITY[result.tier] >= TIER_SEVERITY["watch"]
    assert result.could_become == "complex"
    assert result.decisive == ("parent_struggling", "child_wellbeing")


def test_version_1_0_keeps_its_outcome_but_says_what_it_could_become() -> None:
    instrument = load_instrument(VERSION_1_0)
    answers = tomllib.loads((CASES / "complex.toml").read_text(encoding="utf-8"))["answers"]
    open_now = ("old_pain", "child_wellbeing", "handover_tension", "sleep_body", "school_change",
                "withdrawal", "help_joint", "help_repeated", "new_balance")
    result = score(instrument, {**answers, **dict.fromkeys(open_now, "unknown")})
    assert result.tier == "watch"  # as 1.0 always scored it
    assert result.could_become == "complex"
    assert result.decisive == ("new_balance", "old_pain", "child_wellbeing", "help_joint",
                               "help_repeated")


def test_any_of_reason_names_only_the_alternatives_that_held(honest: Instrument) -> None:
    result = score(honest, with_(contact_conflict="always", agreements_fight="yes",
                                 help_failed="yes", parent_struggling="unknown",
                                 child_wellbeing="unknown"))
    tier = result.reasons[1]
    assert tier.outcome == "complex"
    assert tier.matched == ("destructive", "failed_help")
    assert dict(tier.answers) == {"contact_conflict": "always", "agreements_fight": "yes",
                                  "help_failed": "yes"}


def test_the_fallback_reason_stands_alone_and_says_what_it_means(honest: Instrument) -> None:
    result = score(honest, with_(contact_frequency="monthly", contact_conflict="sometimes",
                                 agreements_fight="unknown"))
    assert (result.tier, result.parenting) == ("ordinary", "unknown")
    assert [(r.decision, r.source, r.text.nl) for r in result.shown_reasons][1:] == [
        ("tier", "default", "Er zijn geen signalen van een moeizame scheiding in de antwoorden.")]
    beside = score(honest, with_(safety_gate="yes"))
    assert all(r.source != "default" for r in beside.shown_reasons)
    cooperative = score(honest, CALM)
    assert [r.decision for r in cooperative.shown_reasons] == ["safety", "parenting"]


def test_route_variants_and_step_conditions(honest: Instrument) -> None:
    complex_unsafe = score(honest, with_(contact_conflict="always", agreements_fight="yes",
                                         help_failed="yes", safety_gate="yes", violence="no"))
    assert (complex_unsafe.safety, complex_unsafe.tier) == ("concern", "complex")
    assert complex_unsafe.routes == ("meldcode", "rust-en-veiligheid")
    assert complex_unsafe.parenting == "conflicted"
    burdened = score(honest, with_(parent_struggling="yes"))
    assert burdened.routes == ("vinger-ouder",)
    advice = route_advice(honest, score(honest, with_(contact_frequency="none")))
    assert [(a.id, [s.en for s in a.steps]) for a in advice] == [
        ("gewone-scheiding", ["Normalise."])]
    advice = route_advice(honest, score(honest, CALM))
    assert [s.en for s in advice[0].steps] == ["Normalise.", "Point to a parenting plan."]
    first = route_advice(honest, score(honest, with_(one_sided="yes", child_wellbeing="unknown")))
    assert [(a.id, len(a.steps)) for a in first] == [("eerst-uitzoeken", 2)]
    assert honest.route("eerst-uitzoeken").rescreen_weeks == 3


def test_safety_first_parenting(honest: Instrument) -> None:
    result = score(honest, with_(safety_gate="yes", violence="yes", weapon="no"))
    assert result.parenting == "safety_first"


def test_roles_are_read(honest: Instrument) -> None:
    roles = honest.roles
    assert roles.safety_gate == "safety_gate"
    assert roles.profession_options == {"school_social_worker": "smw",
                                        "youth_health_nurse": "jgz"}
    assert (roles.screener_role, roles.setting, roles.child_section) == (
        "screener_role", "setting", "child")
    assert set(honest.route("rust-en-welzijn").contacts) <= set(CONTACT_KINDS)


def test_an_old_stored_result_without_route_steps_shows_every_step(honest: Instrument) -> None:
    data = score(honest, with_(contact_frequency="none")).to_dict()
    data["route_steps"] = None
    from screening.instrument import Result

    advice = route_advice(honest, Result.from_dict(data))
    assert len(advice[0].steps) == 2


# --- the format additions are refused in plain words when wrong ------------------------------

HONEST_DOC: dict[str, Any] = tomllib.loads(HONEST_PATH.read_text(encoding="utf-8"))
SOURCE = "honest/1.0.toml"


def _route(document: dict[str, Any], route_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in document["routes"] if r["id"] == route_id)
    return found


BROKEN: list[tuple[str, Callable[[dict[str, Any]], object], str]] = [
    ("gate does not exist", lambda d: d["roles"].update(safety_gate="nope"),
     "[roles], field 'safety_gate': item 'nope' does not exist"),
    ("gate without unknown", lambda d: d["roles"].update(safety_gate="setting"),
     "[roles], field 'safety_gate': item 'setting' must be a choice or yesno item with the "
     "option 'unknown'"),
    ("gate with a condition", lambda d: d["roles"].update(safety_gate="violence"),
     "[roles], field 'safety_gate': item 'violence' must always be shown"),
    ("required item missing",
     lambda d: d["roles"].update(required_for_ordinary=["safety_gate", "nope"]),
     "[roles], field 'required_for_ordinary': item 'nope' does not exist"),
    ("required text item",
     lambda d: d["roles"].update(required_for_ordinary=["note"]),
     "[roles], field 'required_for_ordinary': item 'note' is a text item"),
    ("unknown role", lambda d: d["roles"].update(helper="x"),
     "[roles]: unknown key 'helper'"),
    ("child section missing", lambda d: d["roles"].update(child_section="kids"),
     "[roles], field 'child_section': section 'kids' does not exist"),
    ("profession option missing",
     lambda d: d["roles"]["profession_options"].update(other="nope"),
     "[roles], field 'profession_options.other': 'nope' is not an option of item "
     "'screener_role'"),
    ("bad contact kind", lambda d: _route(d, "meldcode").update(contacts=["politie"]),
     "route 'meldcode', field 'contacts[1]': should be 'emergency', 'veilig_thuis'"),
    ("contact twice",
     lambda d: _route(d, "meldcode").update(contacts=["veilig_thuis", "veilig_thuis"]),
     "route 'meldcode', field 'contacts': 'veilig_thuis' is named twice"),
    ("rescreen weeks zero", lambda d: _route(d, "meldcode").update(rescreen_weeks=0),
     "route 'meldcode', field 'rescreen_weeks': should be at least 1"),
    ("rescreen after something else",
     lambda d: _route(d, "meldcode").update(rescreen_after="court"),
     "route 'meldcode', field 'rescreen_after': should be 'meldcode'"),
    ("rescreen after the Meldcode and in weeks",
     lambda d: _route(d, "meldcode").update(rescreen_after="meldcode", rescreen_weeks=6),
     "route 'meldcode', field 'rescreen_after': a route whose next screening waits for the "
     "Meldcode steps has no rescreen_weeks"),
    ("step condition to nowhere",
     lambda d: _route(d, "meldcode")["steps"][0].update(when={"flag": "nope"}),
     "route 'meldcode', step 1, field 'when': refers to flag 'nope', which does not exist"),
    ("step with a stray key",
     lambda d: _route(d, "meldcode")["steps"][0].update(if_="x"),
     "route 'meldcode', step 1: unknown key 'if_'"),
    ("variant to a missing route",
     lambda d: d["route_map"]["variants"][0].update(route="nowhere"),
     "route_map variant 1, field 'route': route 'nowhere' does not exist"),
    ("variant for a bad tier",
     lambda d: d["route_map"]["variants"][1].update(tier="severe"),
     "route_map variant 2, field 'tier': should be 'insufficient', 'ordinary', 'watch' or "
     "'complex'"),
    ("variant condition to nowhere",
     lambda d: d["route_map"]["variants"][1].update(when={"item": "nope", "op": "answered"}),
     "route_map variant 2, field 'when': refers to item 'nope', which does not exist"),
    ("unknown safety route missing",
     lambda d: d["route_map"]["safety"].update(unknown="nowhere"),
     "field 'route_map.safety.unknown': route 'nowhere' does not exist"),
]


@pytest.mark.parametrize(("mutate", "expected"), [case[1:] for case in BROKEN],
                         ids=[case[0] for case in BROKEN])
def test_format_additions_are_refused_in_plain_words(
    mutate: Callable[[dict[str, Any]], object], expected: str
) -> None:
    document = copy.deepcopy(HONEST_DOC)
    mutate(document)
    with pytest.raises(InstrumentError) as caught:
        instrument_from_document(document, SOURCE)
    problems = caught.value.problems
    assert any(p.startswith(f"{SOURCE}: {expected}") for p in problems), problems
