"""Roles declared beside LOCK (ROLES.toml) for locked versions, and the honest view they allow."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from screening.instrument import (
    InstrumentError,
    honest_view,
    load_registry,
    score,
    shown_level,
    shown_safety,
)

from .conftest import REPO_QUESTIONNAIRES

CASES = Path(__file__).resolve().parents[1] / "cases"
ROLES = '["tiny"."1.0"]\nsafety_gate = "threats"\nchild_section = "context"\n'


def test_locked_version_gets_app_roles_but_scores_as_before() -> None:
    registry = load_registry(REPO_QUESTIONNAIRES)
    instrument = registry.get("vroegsignalering-complexe-scheiding", "1.0")
    assert instrument.roles.safety_gate is None  # scoring never sees the side roles
    assert instrument.app_roles.safety_gate == "safety_gate"
    assert instrument.app_roles.profession_options["school_social_worker"] == "smw"
    answers = tomllib.loads((CASES / "bijna_niets_bekend.toml").read_text())["answers"]
    result = score(instrument, answers)
    assert result.safety == "none"  # as 1.0 always scored it
    shown = honest_view(instrument, result, answers)
    assert shown.safety == "unknown" == shown_safety(instrument, result, answers)
    assert shown_level(instrument, result.safety, answers) == "unknown"
    assert shown.reasons[0].source == "gate"
    assert not any(r.decision == "safety" and r.source == "default" for r in shown.reasons)
    assert shown.tier == result.tier and shown.decisive == result.decisive
    known = {**answers, "safety_gate": "no"}
    assert honest_view(instrument, score(instrument, known), known).safety == "none"


def test_side_roles_attach_to_their_version(questionnaires: Path) -> None:
    (questionnaires / "ROLES.toml").write_text(ROLES, encoding="utf-8")
    instrument = load_registry(questionnaires).get("tiny", "1.0")
    assert (instrument.app_roles.safety_gate, instrument.app_roles.child_section) == (
        "threats", "context")
    assert load_registry(questionnaires).get("tiny", "1.1").side_roles is None


@pytest.mark.parametrize(("text", "expected"), [
    ('["tiny"."2.0"]\nsetting = "notes"\n', '["tiny"."2.0"]: there is no such version'),
    ('["tiny"."1.0"]\nrequired_for_ordinary = ["threats"]\n',
     "field 'required_for_ordinary': changes how a version scores"),
    ('["tiny"."1.0"]\nsafety_gate = "nope"\n', "field 'safety_gate': item 'nope' does not exist"),
    ('["tiny"."1.0"]\nsafety_gate = "weapon"\n', "must always be shown"),
    ('["tiny"."1.0"]\nhelper = "x"\n', "field 'helper': Extra inputs are not permitted"),
    ('["tiny"]\n"1.0" = 3\n', "should be a table of roles"),
])
def test_bad_side_roles_are_refused_in_plain_words(questionnaires: Path, text: str,
                                                   expected: str) -> None:
    (questionnaires / "ROLES.toml").write_text(text, encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        load_registry(questionnaires)
    assert any(expected in problem and "ROLES.toml" in problem
               for problem in caught.value.problems), caught.value.problems
