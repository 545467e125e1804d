"""A professional fills in a screening on the version new screenings get (the newest published).

The child's questions follow its age; the result puts safety first and, since 1.2, plans the
next screening after the Meldcode steps instead of in weeks.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from screening.instrument import load_registry
from tests.e2e.ui import (
    LiveServer,
    answer_section,
    answer_steps,
    assert_accessible,
    choose,
    finalise,
    hidden,
    judge_agree,
    log_in,
    next_step,
    outcome,
    start_screening,
    to_result,
    visible,
)

REPO = Path(__file__).resolve().parents[2]
NEWEST = load_registry(REPO / "questionnaires").latest_published("vroegsignalering-complexe-scheiding")
assert NEWEST is not None
pytestmark = [pytest.mark.e2e, pytest.mark.skipif(
    NEWEST.version == "1.0", reason="only 1.0 is published: it has no age-dependent questions")]
CASES = REPO / "tests" / "cases" / f"v{NEWEST.version.replace('.', '_')}"
SECTIONS = list(NEWEST.sections)
CHILD_AT = [section.id for section in SECTIONS].index("child")
TODDLER = ("toddler_regulation", "toddler_clinging")
SCHOOL_AGE = ("sleep_body", "school_change", "withdrawal", "loyalty_conflict", "child_says_needs")


def case_answers(name: str) -> dict[str, Any]:
    with (CASES / f"{name}.toml").open("rb") as handle:
        return dict(tomllib.load(handle)["answers"])


def test_a_new_screening_asks_about_the_child_by_its_age(page: Page, live_server: LiveServer) -> None:
    # A push at a handover, six weeks after the separation; the child is two.
    answers = case_answers("duw_bij_wissel")
    log_in(page, live_server)
    start_screening(page, "ALM-E2E-301", answers, version=None)  # the default: the newest
    answer_steps(page, answers, SECTIONS[:CHILD_AT], NEWEST)

    expect(page).to_have_url(re.compile(r"/stap/child$"))
    hidden(page, *TODDLER, "risk_behaviour", "school_change")
    choose(page, "age_bands", "12_17")
    choose(page, "child_wellbeing", "some_worries")
    visible(page, *SCHOOL_AGE, "risk_behaviour")
    hidden(page, *TODDLER)
    choose(page, "age_bands", "4_11")
    visible(page, *SCHOOL_AGE)
    hidden(page, *TODDLER, "risk_behaviour")
    # A toddler gets questions about sleep, eating, crying and clinging, and none about school.
    choose(page, "age_bands", "0_3")
    visible(page, *TODDLER)
    hidden(page, *SCHOOL_AGE, "risk_behaviour", "child_heard")
    answer_section(page, NEWEST.section("child"), answers, NEWEST)
    next_step(page)
    answer_steps(page, answers, SECTIONS[CHILD_AT + 1:], NEWEST)
    to_result(page)

    # Safety first, with the Meldcode; the outcome in its safe form; no parenting label.
    expect(page.locator("section.safety")).to_contain_text("Meldcode")
    expect(outcome(page).locator(".badge")).to_have_text("Vinger aan de pols")
    expect(outcome(page)).to_contain_text("Nog niet te zeggen: eerst veiligheid")
    expect(page.get_by_role(
        "heading", level=2, name="Vinger aan de pols, met veiligheid voorop")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Conflictueus")
    expect(page.locator("main")).to_contain_text(f"Vroegsignalering complexe scheiding {NEWEST.version}")
    if NEWEST.version != "1.1":  # decision 8 (1.2): no date in weeks before the Meldcode steps
        expect(page.locator("#rescreen")).to_contain_text(
            "Na de stappen van de Meldcode: plan dan een nieuwe screening.")
    assert_accessible(page, f"result-{NEWEST.version.replace('.', '-')}")
    if NEWEST.version != "1.1":  # the case stays in view under "Opnieuw screenen" until dated
        judge_agree(page)
        finalise(page)
        page.goto("/opnieuw-screenen")
        waiting = page.get_by_role(
            "heading", level=2, name="Nog geen datum: eerst de stappen van de Meldcode")
        expect(waiting).to_be_visible()
        expect(page.get_by_role("link", name="Datum plannen ALM-E2E-301")).to_be_visible()
        assert_accessible(page, "due-waiting")
