"""Score the written family cases of instruments 1.1 and 1.2 and check what the domain expects.

Each file in ``tests/cases/v1_1/`` (run against 1.1) and ``tests/cases/v1_2/`` (run against 1.2)
describes one fictional family, the answers a professional gives, and
``[expected] safety, tier, parenting``. An optional ``[check]`` table asks more:

- ``tier_at_most`` / ``tier_at_least``: a bound on the tier (insufficient < ordinary < watch < complex);
- ``tier_not`` / ``parenting_not``: outcomes that must not come out;
- ``routes``: the route ids, in order; ``rescreen_weeks``: the weeks of the tier's route;
- ``rescreen_after``: the next screening waits for these steps ("meldcode"): no weeks at all;
- ``could_become`` and ``decisive_include``: what the unknown answers could still change;
- ``flags`` / ``flags_not``: flags that must (not) be raised;
- ``shown`` / ``not_shown``: items that must (not) be asked for these answers;
- ``reason_answers``: per decision, items whose answers the reason must name;
- ``reason_words`` / ``reason_words_not``: per decision, words its Dutch reasons must (not) hold;
- ``words_not``: words that no Dutch text a professional reads about this family may hold: the
  tier's route, the labels of the raised flags and the reasons.

Why each case expects what it does: ``questionnaires/vroegsignalering-complexe-scheiding/rationale.md``
(part B for 1.1, part C for what 1.2 changed). The 1.0 cases in ``tests/cases/*.toml`` keep
running against 1.0 in ``test_cases.py``. A version's tests that differ say so by name.
"""

from __future__ import annotations

import random
import tomllib
from pathlib import Path
from typing import Any

import pytest

from screening.instrument import load_instrument, score, visible_items
from screening.instrument.followup import rescreen_after, rescreen_weeks

CASES_ROOT = Path(__file__).resolve().parent
FOLDER = Path(__file__).resolve().parents[2] / "questionnaires" / "vroegsignalering-complexe-scheiding"
VERSIONS = ("1.1", "1.2")
CASE_FILES = {version: sorted((CASES_ROOT / f"v{version.replace('.', '_')}").glob("*.toml"))
              for version in VERSIONS}
VERSION_CASES = [(version, path) for version in VERSIONS for path in CASE_FILES[version]]
TIER_ORDER = ("insufficient", "ordinary", "watch", "complex")
SAFETY_ROUTES = {"unknown": "veiligheid-uitzoeken", "concern": "meldcode", "acute": "meldcode-acuut"}
SAFE_FORMS = {
    "insufficient": {"eerst-uitzoeken-veilig"},
    "watch": {"vinger-aan-de-pols-veilig", "vinger-aan-de-pols-verwaarlozing"},
    "complex": {"rust-en-welzijn-veilig"},
}
CHECK_KEYS = {
    "tier_at_most", "tier_at_least", "tier_not", "parenting_not", "routes", "rescreen_weeks",
    "rescreen_after", "could_become", "decisive_include", "flags", "flags_not", "shown",
    "not_shown", "reason_answers", "reason_words", "reason_words_not", "words_not",
}
VIOLENCE_FLAGS = {
    "allegation_violence", "child_witnessed_violence", "repeated_violence", "threats_or_stalking",
    "coercive_control", "acute_danger", "structural_violence",
}


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


_LOADED: dict[str, Any] = {}


def _instrument(version: str) -> Any:
    if version not in _LOADED:
        _LOADED[version] = load_instrument(FOLDER / f"{version}.toml")
    return _LOADED[version]


@pytest.fixture(params=VERSIONS)
def version(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def instrument(version: str) -> Any:
    return _instrument(version)


def _calm(version: str) -> dict[str, Any]:
    return dict(_load(CASES_ROOT / f"v{version.replace('.', '_')}" / "cooperatief.toml")["answers"])


def _reasons(result: Any, decision: str) -> list[Any]:
    return [reason for reason in result.reasons if reason.decision == decision]


def test_every_case_of_the_issue_and_every_earlier_case_has_a_counterpart(version: str) -> None:
    """Every issue case, and every case of the version before, is written for this version."""
    names = {path.stem for path in CASE_FILES[version]}
    issue_cases = {
        "parallel_zeldzame_ruzie", "parallel_eigen_gesprek", "parallel_schriftje", "pril_en_rauw",
        "duw_bij_wissel", "alleen_verwaarlozing", "stalking", "geweld_in_het_verleden",
        "rechtszaken", "onbekend_in_complex_beeld", "peuter",
    }
    assert issue_cases <= names
    earlier = (CASES_ROOT.glob("*.toml") if version == "1.1"
               else CASE_FILES[VERSIONS[VERSIONS.index(version) - 1]])
    before = {path.stem for path in earlier}
    assert before <= names, sorted(before - names)


@pytest.mark.parametrize(("version", "path"), VERSION_CASES, ids=lambda v: getattr(v, "stem", v))
def test_case_file_is_complete(version: str, path: Path) -> None:
    case = _load(path)
    assert case.get("description", "").strip(), "a case needs a Dutch description"
    assert case.get("answers"), "a case needs answers"
    assert set(case.get("expected", {})) == {"safety", "tier", "parenting"}
    assert set(case.get("check", {})) <= CHECK_KEYS


@pytest.mark.parametrize(("version", "path"), VERSION_CASES, ids=lambda v: getattr(v, "stem", v))
def test_case_outcome(version: str, path: Path) -> None:
    instrument = _instrument(version)
    case = _load(path)
    answers = case["answers"]
    result = score(instrument, answers)
    got = {"safety": result.safety, "tier": result.tier, "parenting": result.parenting}
    assert got == case["expected"], f"{path.name}: flags raised {list(result.flags)}"

    check = case.get("check", {})
    tier_rank = TIER_ORDER.index(result.tier)
    if "tier_at_most" in check:
        assert tier_rank <= TIER_ORDER.index(check["tier_at_most"])
    if "tier_at_least" in check:
        assert tier_rank >= TIER_ORDER.index(check["tier_at_least"])
    assert result.tier not in check.get("tier_not", [])
    assert result.parenting not in check.get("parenting_not", [])
    if "routes" in check:
        assert list(result.routes) == check["routes"]
    if "rescreen_weeks" in check:
        assert instrument.route(result.routes[-1]).rescreen_weeks == check["rescreen_weeks"]
    if "rescreen_after" in check:
        assert rescreen_after(instrument, result) == check["rescreen_after"]
        assert rescreen_weeks(instrument, result) is None
    if "could_become" in check:
        assert result.could_become == check["could_become"]
    for item_id in check.get("decisive_include", []):
        assert item_id in result.decisive
    assert set(check.get("flags", [])) <= set(result.flags)
    assert not set(check.get("flags_not", [])) & set(result.flags)
    shown = {item.id for item in visible_items(instrument, answers)}
    assert set(check.get("shown", [])) <= shown
    assert not set(check.get("not_shown", [])) & shown
    for decision, item_ids in check.get("reason_answers", {}).items():
        named = {pair[0] for reason in _reasons(result, decision) for pair in reason.answers}
        assert set(item_ids) <= named, (decision, sorted(named))
    for decision, words in check.get("reason_words", {}).items():
        text = " ".join(reason.text.nl for reason in _reasons(result, decision)).lower()
        for word in words:
            assert word in text, (decision, word, text)
    for decision, words in check.get("reason_words_not", {}).items():
        text = " ".join(reason.text.nl for reason in _reasons(result, decision)).lower()
        for word in words:
            assert word not in text, (decision, word, text)

    if "words_not" in check:
        text = _read_about(instrument, result).lower()
        for word in check["words_not"]:
            assert word not in text, (word, text)

    # Safety always leads; with concern or acute the tier's route is its safe form.
    if result.safety != "none":
        assert result.routes[0] == SAFETY_ROUTES[result.safety]
    if result.safety in ("concern", "acute"):
        assert result.routes[-1] in SAFE_FORMS[result.tier]
    # Decision 5 (1.2): an ordinary family answered fully is plainly ordinary.
    if version != "1.1" and result.tier == "ordinary":
        assert (result.could_become, result.decisive) == ("ordinary", ()), path.name


def _read_about(instrument: Any, result: Any) -> str:
    """Return the Dutch texts a professional reads about this result, but the safety route."""
    route = instrument.route(result.routes[-1])
    shown = None if result.route_steps is None else result.route_steps[-1]
    steps = [step.nl for n, step in enumerate(route.steps) if shown is None or n in shown]
    raised = set(result.flags)
    labels = [flag.label.nl for flag in instrument.flags if flag.id in raised]
    return " ".join([route.title.nl, route.why.nl, *steps, *(a.nl for a in route.avoid),
                     *labels, *(reason.text.nl for reason in result.reasons)])


def test_every_item_has_dutch_english_and_a_source(instrument: Any) -> None:
    for item in instrument.items():
        assert item.source and item.source.strip(), f"item {item.id} has no source"
        assert item.text.nl.strip() and item.text.en.strip(), item.id


def test_every_question_a_professional_may_not_know_offers_unknown(instrument: Any) -> None:
    """Decision 10: 'Onbekend' on every choice and yes/no question."""
    for item in instrument.items():
        if item.type in ("choice", "yesno"):
            assert item.option("unknown") is not None, item.id
            assert item.option("unknown").score == 0, item.id


def test_no_labels_in_printed_texts(instrument: Any) -> None:
    """Decision 9: observations, not labels, in every text that is shown or printed."""
    banned = ("kenmerk", "oude pijn", "belaste ouder", "destructie", "kapot")
    texts = [flag.label.nl for flag in instrument.flags]
    for decision in (instrument.scoring.tier, instrument.scoring.parenting):
        texts += [rule.reason.nl for rule in decision.rules]
    for route in instrument.routes:
        texts += [route.title.nl, route.why.nl, *(s.nl for s in route.steps),
                  *(a.nl for a in route.avoid)]
    for text in texts:
        for word in banned:
            assert word not in text.lower(), (word, text)


def test_every_route_has_a_rescreen_interval(instrument: Any) -> None:
    """Decision 8: every route says when to screen again (1.2: weeks, or after the Meldcode)."""
    for route in instrument.routes:
        assert route.rescreen_weeks or route.rescreen_after == "meldcode", route.id
    assert instrument.route("rust-en-welzijn").rescreen_weeks == 8


def test_in_1_2_no_date_in_weeks_before_the_meldcode_steps() -> None:
    """Decision 8: with concern or acute, the next screening waits for the Meldcode steps."""
    instrument = _instrument("1.2")
    safety_routes = {"meldcode", "meldcode-acuut", *set().union(*SAFE_FORMS.values())}
    for route_id in safety_routes:
        route = instrument.route(route_id)
        assert (route.rescreen_after, route.rescreen_weeks) == ("meldcode", None), route_id
        assert "Na de stappen van de Meldcode: plan dan een nieuwe screening" in " ".join(
            step.nl for step in route.steps), route_id


def test_little_contact_never_raises_the_tier_by_itself(instrument: Any, version: str) -> None:
    calm = _calm(version)
    for frequency in ("regularly", "rarely", "none"):
        result = score(instrument, dict(calm, contact_frequency=frequency))
        assert (result.tier, result.safety) == ("ordinary", "none"), frequency


ACUTE_SIGNS = {
    "threat_to_kill": {}, "strangulation": {}, "weapon": {}, "injuries": {},
    "child_afraid_home": {},
    "violence_current": {"violence_allegation": "yes"},
    "neglect_ongoing": {"neglect_signs": "yes"},
}


@pytest.mark.parametrize("gate", ["yes", "unknown"])
@pytest.mark.parametrize("acute_item", sorted(ACUTE_SIGNS))
def test_any_acute_sign_gives_acute_even_in_a_calm_family(
    instrument: Any, version: str, acute_item: str, gate: str
) -> None:
    calm = _calm(version)
    answers = dict(calm, safety_gate=gate, **ACUTE_SIGNS[acute_item], **{acute_item: "yes"})
    result = score(instrument, answers)
    assert result.safety == "acute"
    assert result.routes[0] == "meldcode-acuut"


def test_past_violence_is_concern_and_present_violence_is_acute(
    instrument: Any, version: str
) -> None:
    """Decision 2: more than once (past) is concern; still going on or a threat now is acute."""
    calm = _calm(version)
    past = dict(calm, safety_gate="yes", violence_allegation="yes", violence_repeated="yes",
                violence_current="no")
    assert score(instrument, past).safety == "concern"
    assert score(instrument, dict(past, violence_current="yes")).safety == "acute"


def test_the_child_afraid_to_go_home_is_always_asked(instrument: Any, version: str) -> None:
    calm = _calm(version)
    shown = {item.id for item in visible_items(instrument, dict(calm, safety_gate="no"))}
    assert "child_afraid_home" in shown
    assert instrument.item("child_afraid_home").essential


def _random_answers(instrument: Any, rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in instrument.items():
        if rng.random() < 0.15:
            continue
        if item.type in ("choice", "yesno"):
            answers[item.id] = rng.choice([option.code for option in item.options])
        elif item.type == "number":
            answers[item.id] = rng.randint(item.min, item.max)
    return answers


def test_decisions_hold_over_many_random_families(instrument: Any, version: str) -> None:
    """Decisions 1, 3, 6 and 8 as properties over 1,500 random answer sets (seeded)."""
    rng = random.Random(13)
    for _ in range(1500):
        answers = _random_answers(instrument, rng)
        result = score(instrument, answers)
        flags = set(result.flags)
        # 1: violence, threats, stalking or control: parenting is not judged.
        if flags & VIOLENCE_FLAGS:
            assert result.parenting == "safety_first", answers
        # 8: with concern or acute, the tier's route is its safe form, after the Meldcode.
        if result.safety in ("concern", "acute"):
            assert result.routes[0] in ("meldcode", "meldcode-acuut"), answers
            assert result.routes[-1] in SAFE_FORMS[result.tier], answers
            if version != "1.1":  # 8 (1.2): no date in weeks before the Meldcode steps
                assert rescreen_weeks(instrument, result) is None, answers
                assert rescreen_after(instrument, result) == "meldcode", answers
        # 1 (1.2): neglect without violence, threats or control gets the neglect wording.
        if (version != "1.1" and "neglect" in flags and not flags & VIOLENCE_FLAGS
                and result.tier == "watch" and result.safety in ("concern", "acute")):
            assert result.routes[-1] == "vinger-aan-de-pols-verwaarlozing", answers
        # 3: a raw start without safety signals and a child not 'not well' is never complex.
        if "raw_start" in flags:
            assert result.tier != "complex", answers
        # 6: no school questions for a toddler.
        if answers.get("age_bands") == "0_3":
            shown = {item.id for item in visible_items(instrument, answers)}
            assert not shown & {"school_change", "risk_behaviour", "child_heard"}, answers
