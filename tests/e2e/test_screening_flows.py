"""A professional runs screenings in a real browser: from logging in to a final, printed outcome."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.ui import (
    INSTRUMENT,
    LiveServer,
    answer_section,
    answer_steps,
    assert_accessible,
    choose,
    fill_start_form,
    finalise,
    judge_agree,
    judge_other,
    log_in,
    next_step,
    outcome,
    question,
    screenshot,
    start_screening,
    to_result,
)
from tests.flows import case_answers

pytestmark = pytest.mark.e2e

SECTIONS = list(INSTRUMENT.sections)
BEFORE_SAFETY = SECTIONS[:[s.id for s in SECTIONS].index("safety")]
SAFETY = INSTRUMENT.section("safety")
AFTER_SAFETY = SECTIONS[len(BEFORE_SAFETY) + 1:]
FOLLOW_UP = "threat_to_kill"
SAFETY_RIGHT_UNDER_TITLE = (
    "() => document.querySelector('main h1').nextElementSibling.matches('section.safety')")


def test_ordinary_case_from_login_to_a_final_screening(page: Page, live_server: LiveServer) -> None:
    answers = case_answers("parallel")
    log_in(page, live_server)
    start_screening(page, "ALM-E2E-001", answers)
    answer_steps(page, answers)
    to_result(page)

    expect(page.locator("section.safety")).to_have_count(0)
    expect(outcome(page).locator(".utrecht-badge-status")).to_have_text("Gewone scheiding")
    expect(outcome(page)).to_contain_text("Parallel ouderschap")
    assert_accessible(page, "result-ordinary")

    # The professional sees more than the questionnaire weighs, and says so.
    judge_other(page, "Vinger aan de pols", "Het jongste kind huilt sinds kort bij elke wissel.")
    finalise(page)
    expect(page.locator("main")).to_contain_text("Berekende uitkomst: Gewone scheiding")
    expect(page.locator("main")).to_contain_text("Het jongste kind huilt sinds kort bij elke wissel.")
    expect(page.locator("main p.muted")).to_contain_text("Afgerond")


def test_complex_case_gets_the_rust_en_welzijn_route(page: Page, live_server: LiveServer) -> None:
    answers = case_answers("complex")
    log_in(page, live_server)
    start_screening(page, "BOR-E2E-002", answers, municipality="Borne")
    answer_steps(page, answers)
    to_result(page)

    expect(outcome(page).locator(".utrecht-badge-status")).to_have_text("Complexe scheiding")
    expect(page.locator("section.safety")).to_have_count(0)
    expect(page.get_by_role("heading", level=2, name=re.compile("rust en welzijn", re.I))).to_be_visible()
    judge_agree(page)
    finalise(page)
    expect(page.locator("main")).to_contain_text("Je was het eens met de uitkomst")


def test_safety_comes_first_with_the_meldcode_steps(page: Page, live_server: LiveServer) -> None:
    answers = case_answers("acuut_gevaar")
    log_in(page, live_server)
    start_screening(page, "ALM-E2E-003", answers)
    answer_steps(page, answers, BEFORE_SAFETY)

    # Follow-up questions appear as soon as the gate question is answered, on the same page.
    expect(page).to_have_url(re.compile(r"/stap/safety$"))
    expect(question(page, FOLLOW_UP)).to_be_hidden()
    page.evaluate("() => { window.stillTheSamePage = true; }")
    choose(page, "safety_gate", "yes")
    expect(question(page, FOLLOW_UP)).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(re.compile("vervolgvragen"))
    choose(page, "safety_gate", "no")
    expect(question(page, FOLLOW_UP)).to_be_hidden()
    assert page.evaluate("() => window.stillTheSamePage === true")
    answer_section(page, SAFETY, answers)
    next_step(page)
    answer_steps(page, answers, AFTER_SAFETY)
    to_result(page)

    safety = page.locator("section.safety")
    expect(safety).to_be_visible()
    expect(safety.get_by_role("heading", level=2)).to_have_text("Veiligheid eerst")
    expect(safety.locator("p.outcome")).to_contain_text("Acute of structurele onveiligheid")
    meldcode = safety.get_by_role("heading", level=3, name="De vijf stappen van de Meldcode")
    expect(meldcode).to_be_visible()
    steps = meldcode.locator("xpath=following-sibling::ol[1]/li")
    expect(steps).to_have_count(5)
    expect(steps.first).to_contain_text("Breng de signalen in kaart")
    # First in the page's order and first on screen: nothing but the title stands above it.
    assert page.evaluate(SAFETY_RIGHT_UNDER_TITLE)
    safety_top = safety.bounding_box()["y"]
    others = page.locator("main section:not(.safety)").all()
    assert others and all(safety_top < other.bounding_box()["y"] for other in others)
    screenshot(page, "result-safety")
    assert_accessible(page, "result-safety")

    judge_agree(page)
    finalise(page)
    assert page.evaluate(SAFETY_RIGHT_UNDER_TITLE)


def test_resume_a_draft_after_closing_the_page(
    page: Page, context: BrowserContext, new_context: Callable[..., BrowserContext],
    live_server: LiveServer,
) -> None:
    answers = case_answers("complex")
    parents = INSTRUMENT.section("parents")
    log_in(page, live_server)
    start_screening(page, "BOR-E2E-004", answers, municipality="Borne")
    answer_steps(page, answers, SECTIONS[:2])
    expect(page).to_have_url(re.compile(r"/stap/parents$"))
    session = context.storage_state()
    context.close()

    # The same browser profile comes back later: still logged in, the draft waits at its step.
    again = new_context(storage_state=session).new_page()
    again.goto("/screenings")
    expect(again.get_by_role("row").filter(has_text="BOR-E2E-004")).to_contain_text("Concept")
    again.get_by_role("link", name="BOR-E2E-004", exact=True).click()
    expect(again).to_have_url(re.compile(r"/stap/parents$"))
    first_two = {item.id: answers[item.id] for item in parents.items[:2]}
    answer_section(again, parents, first_two)
    again.get_by_role("button", name="Opslaan en later verder").click()
    expect(again).to_have_url(re.compile(r"/screenings$"))
    expect(again.get_by_role("status").filter(has_text="Opgeslagen")).to_be_visible()
    again.context.close()

    # Another browser, logged in anew: the same step, with what was saved.
    fresh = new_context().new_page()
    log_in(fresh, live_server)
    fresh.get_by_role("link", name="BOR-E2E-004", exact=True).click()
    expect(fresh).to_have_url(re.compile(r"/stap/parents$"))
    for item_id, value in first_two.items():
        expect(question(fresh, item_id).locator(f'input[value="{value}"]')).to_be_checked()
    fresh.get_by_role("button", name="Vorige").click()
    expect(fresh).to_have_url(re.compile(r"/stap/patterns$"))
    for item in INSTRUMENT.section("patterns").items:
        if item.id in answers and question(fresh, item.id).is_visible():
            expect(question(fresh, item.id).locator(f'input[value="{answers[item.id]}"]')).to_be_checked()


def test_follow_up_screening_from_the_case_page(page: Page, live_server: LiveServer) -> None:
    first, second = case_answers("parallel"), case_answers("cooperatief")
    log_in(page, live_server)
    start_screening(page, "ALM-E2E-005", first)
    answer_steps(page, first)
    to_result(page)
    judge_agree(page)
    finalise(page)

    page.get_by_role("link", name="Verloop van de casus").click()
    expect(page).to_have_url(re.compile(r"/casussen/ALM-E2E-005$"))
    expect(page.locator("circle.mark[class*=tier-]")).to_have_count(1)  # a mark per screening
    page.get_by_role("link", name="Vervolgscreening starten").click()
    expect(page.get_by_label("Casusnummer")).to_have_value("ALM-E2E-005")
    fill_start_form(page, second)
    answer_steps(page, second)
    to_result(page)
    expect(outcome(page).locator(".utrecht-badge-status")).to_have_text("Gewone scheiding")

    page.get_by_role("link", name="Verloop van de casus").click()
    expect(page.locator("circle.mark[class*=tier-]")).to_have_count(2)  # a mark per screening
    difference = page.get_by_role("heading", name="Verschil tussen de eerste en de laatste screening")
    expect(difference).to_be_visible()
    screenshot(page, "case")
    assert_accessible(page, "case")

    page.get_by_role("link", name="Screenings", exact=True).click()
    expect(page.get_by_role("row").filter(has_text="ALM-E2E-005")).to_have_count(2)
    screenshot(page, "list")
    assert_accessible(page, "list")


def test_safety_step_without_javascript(new_context: Callable[..., BrowserContext],
                                        live_server: LiveServer) -> None:
    answers = case_answers("acuut_gevaar")
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, live_server)
    start_screening(page, "ALM-E2E-006", answers)
    answer_steps(page, answers, BEFORE_SAFETY)

    expect(question(page, FOLLOW_UP)).to_be_hidden()
    choose(page, "safety_gate", "yes")
    expect(question(page, FOLLOW_UP)).to_be_hidden()  # nothing runs in the page
    next_step(page)
    # The server shows the same step again, now with the follow-up questions.
    expect(page).to_have_url(re.compile(r"/stap/safety$"))
    expect(page.get_by_role("status").filter(has_text="vervolgvragen")).to_be_visible()
    expect(question(page, FOLLOW_UP)).to_be_visible()
    expect(question(page, "safety_gate").locator('input[value="yes"]')).to_be_checked()
    answer_section(page, SAFETY, answers)
    next_step(page)
    expect(page).to_have_url(re.compile(r"/stap/child$"))

    page.get_by_role("button", name="Vorige").click()
    expect(page).to_have_url(re.compile(r"/stap/safety$"))
    expect(question(page, FOLLOW_UP).locator(f'input[value="{answers[FOLLOW_UP]}"]')).to_be_checked()
