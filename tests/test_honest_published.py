"""Issue 12's written cases on the published instrument that declares the roles (1.1).

The test instrument in tests/instrument/data/honest has these cases too; here they run on the
real questions, starting from the written cooperative family of 1.1 (tests/cases/v1_1), so the
principle holds where professionals use it: an unknown never makes an outcome milder, and
'gewone scheiding' needs the safety question, the child and the contact between the parents known.
For 1.0 (which keeps scoring as it did) the open safety question is covered on the pages
(test_honest_pages.py) and in `questionnaire score` (test_cli_questionnaire.py).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from screening.instrument import TIER_SEVERITY, Instrument, load_instrument, score

REPO = Path(__file__).resolve().parent.parent
VERSION_1_1 = REPO / "questionnaires" / "vroegsignalering-complexe-scheiding" / "1.1.toml"
NO_SIGNALS = "Geen signa"


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return load_instrument(VERSION_1_1)


def cooperative(**changes: str) -> dict[str, Any]:
    path = REPO / "tests" / "cases" / "v1_1" / "cooperatief.toml"
    return {**tomllib.loads(path.read_text(encoding="utf-8"))["answers"], **changes}


def test_the_written_cooperative_family_is_ordinary(instrument: Instrument) -> None:
    result = score(instrument, cooperative())
    assert (result.safety, result.tier, result.parenting) == ("none", "ordinary", "cooperative")


def test_safety_gate_unknown_is_safety_unknown_never_no_signals(instrument: Instrument) -> None:
    assert instrument.roles is not None and instrument.roles.safety_gate == "safety_gate"
    for answers in (cooperative(safety_gate="unknown"),
                    {k: v for k, v in cooperative().items() if k != "safety_gate"}):
        result = score(instrument, answers)
        assert result.safety == "unknown"
        safety_reasons = [r for r in result.reasons if r.decision == "safety"]
        assert safety_reasons and all(NO_SIGNALS not in r.text.nl for r in safety_reasons)
        assert result.routes[0] == "veiligheid-uitzoeken"
        assert result.tier != "ordinary"  # the gate is needed for 'gewone scheiding'
        assert "safety_gate" in result.decisive


def test_cooperative_family_with_safety_child_and_contact_unknown(instrument: Instrument) -> None:
    result = score(instrument, cooperative(
        safety_gate="unknown", child_wellbeing="unknown", contact_conflict="unknown"))
    assert result.safety == "unknown"
    assert result.tier == "insufficient"
    assert {"safety_gate", "child_wellbeing", "contact_conflict"} <= set(result.decisive)
    assert result.could_become is not None
    assert TIER_SEVERITY[result.could_become] > TIER_SEVERITY["ordinary"]
    assert result.open_questions[:len(result.decisive)] == result.decisive
    # Each of the three alone keeps the family from 'gewone scheiding' too.
    for item in ("safety_gate", "child_wellbeing", "contact_conflict"):
        alone = score(instrument, cooperative(**{item: "unknown"}))
        assert alone.tier == "insufficient", item
        assert item in alone.decisive, item


def test_unknown_parent_wellbeing_never_makes_it_milder(instrument: Instrument) -> None:
    result = score(instrument, cooperative(
        safety_gate="unknown", child_wellbeing="unknown", parent_psych_signs="unknown"))
    assert result.tier == "insufficient"
    assert {"safety_gate", "child_wellbeing"} <= set(result.decisive)
    assert result.could_become is not None
    assert TIER_SEVERITY[result.could_become] >= TIER_SEVERITY[result.tier]


def test_a_complex_picture_with_two_essentials_unknown(instrument: Instrument) -> None:
    path = REPO / "tests" / "cases" / "v1_1" / "complex.toml"
    answers = tomllib.loads(path.read_text(encoding="utf-8"))["answers"]
    assert score(instrument, answers).tier == "complex"
    open_now = {**answers, "conflict_recurring": "unknown", "agreements_contested": "unknown"}
    result = score(instrument, open_now)
    assert TIER_SEVERITY[result.tier] >= TIER_SEVERITY["watch"]
    assert result.could_become == "complex"
    assert result.decisive
