"""Score every written family case against the instrument and check the expected outcome.

Each file in this folder (``<name>.toml``) describes one fictional family as a professional
would tell it, the answers that professional gives, and the outcome the domain expects:
``[expected] safety, tier, parenting``. Why each case expects what it does is explained in
``questionnaires/vroegsignalering-complexe-scheiding/rationale.md``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from screening.instrument import load_instrument, score

CASES_DIR = Path(__file__).resolve().parent
REPO_ROOT = CASES_DIR.parent.parent
INSTRUMENT_PATH = (
    REPO_ROOT / "questionnaires" / "vroegsignalering-complexe-scheiding" / "1.0.toml"
)
SAFETY_ROUTES = {"concern": "meldcode", "acute": "meldcode-acuut"}
TIER_ROUTES = {
    "insufficient": "eerst-uitzoeken",
    "ordinary": "gewone-scheiding",
    "watch": "vinger-aan-de-pols",
    "complex": "rust-en-welzijn",
}
CASE_FILES = sorted(CASES_DIR.glob("*.toml"))


def _load_case(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def instrument() -> Any:
    return load_instrument(INSTRUMENT_PATH)


def test_there_are_enough_cases() -> None:
    assert len(CASE_FILES) >= 12


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_file_is_complete(path: Path) -> None:
    case = _load_case(path)
    assert case.get("description", "").strip(), "a case needs a Dutch description"
    assert case.get("answers"), "a case needs answers"
    assert set(case.get("expected", {})) == {"safety", "tier", "parenting"}


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_outcome(instrument: Any, path: Path) -> None:
    case = _load_case(path)
    expected = case["expected"]
    result = score(instrument, case["answers"])
    got = {"safety": result.safety, "tier": result.tier, "parenting": result.parenting}
    assert got == expected, f"{path.name}: flags raised {list(result.flags)}"

    # The safety route comes first whenever safety is not "none"; the tier's route follows.
    if result.safety != "none":
        assert result.routes[0] == SAFETY_ROUTES[result.safety]
        assert result.routes[0] in ("meldcode", "meldcode-acuut")
    else:
        assert not set(result.routes) & set(SAFETY_ROUTES.values())
    assert TIER_ROUTES[result.tier] in result.routes


def test_every_item_has_dutch_english_and_a_source(instrument: Any) -> None:
    for section in instrument.sections:
        for item in section.items:
            assert item.text.nl.strip() and item.text.en.strip(), item.id
            assert item.source and item.source.strip(), f"item {item.id} has no source"
            if item.help is not None:
                assert item.help.nl.strip() and item.help.en.strip(), item.id
            for option in item.options:
                assert option.label.nl.strip() and option.label.en.strip(), (item.id, option.code)


def test_unknown_option_scores_zero(instrument: Any) -> None:
    for section in instrument.sections:
        for item in section.items:
            for option in item.options:
                if option.code == "unknown":
                    assert option.score == 0, item.id


def test_little_contact_never_raises_the_tier_by_itself(instrument: Any) -> None:
    """Parallel parenting is healthy: going from regular to little or no contact,
    with everything else calm, must keep the family ordinary."""
    calm = _load_case(CASES_DIR / "cooperatief.toml")["answers"]
    for frequency in ("regularly", "rarely", "none"):
        answers = dict(calm, contact_frequency=frequency)
        result = score(instrument, answers)
        assert result.tier == "ordinary", frequency
        assert result.safety == "none", frequency


@pytest.mark.parametrize("gate", ["yes", "unknown"])
@pytest.mark.parametrize(
    "acute_item",
    [
        "threat_to_kill",
        "strangulation",
        "weapon",
        "injuries",
        "child_afraid_home",
        "violence_ongoing",
    ],
)
def test_any_acute_sign_gives_acute_even_in_a_calm_family(
    instrument: Any, acute_item: str, gate: str
) -> None:
    """Acute or structural danger overrides every score, also when the gate is 'unknown'."""
    calm = _load_case(CASES_DIR / "cooperatief.toml")["answers"]
    answers = dict(calm, safety_gate=gate, **{acute_item: "yes"})
    result = score(instrument, answers)
    assert result.safety == "acute"
    assert result.routes[0] == "meldcode-acuut"
