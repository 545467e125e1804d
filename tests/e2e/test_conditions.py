"""Follow-up questions come and go while answering, as the server would decide them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.ui import (
    LiveServer,
    answer_steps,
    choose,
    hidden,
    log_in,
    next_step,
    question,
    start_screening,
    visible,
)
from tests.flows import case_answers, instrument

pytestmark = pytest.mark.e2e

CHAIN = ("contact_conflict", "conflict_recurring", "court_cases")


def test_follow_ups_chain_and_hide_with_the_question_they_hang_on(
    page: Page, live_server: LiveServer,
) -> None:
    answers = case_answers("parallel")
    log_in(page, live_server)
    start_screening(page, "ALM-E2E-201", answers)
    answer_steps(page, answers, [instrument().section("context")])
    expect(page).to_have_url(re.compile(r"/stap/patterns$"))
    hidden(page, *CHAIN)

    choose(page, "contact_frequency", "regularly")
    visible(page, "contact_conflict")
    hidden(page, "conflict_recurring", "court_cases")
    choose(page, "contact_conflict", "always")  # any(contact_conflict in [...], ...)
    visible(page, *CHAIN)
    # No contact at all: the conflict question goes, and what hung on its answer goes with it.
    choose(page, "contact_frequency", "none")
    hidden(page, *CHAIN)
    assert set(CHAIN) <= set(page.locator('input[name="hidden_items"]').input_value().split())
    # Back again: the earlier answer is still there and counts again.
    choose(page, "contact_frequency", "rarely")
    visible(page, *CHAIN)
    choose(page, "conflict_recurring", "yes")
    choose(page, "contact_frequency", "none")
    hidden(page, *CHAIN)

    # The server agrees: the page moves on, and the hidden answers were not kept.
    next_step(page)
    expect(page).to_have_url(re.compile(r"/stap/parents$"))
    page.get_by_role("button", name="Vorige").click()
    expect(page).to_have_url(re.compile(r"/stap/patterns$"))
    hidden(page, *CHAIN)
    choose(page, "contact_frequency", "regularly")
    visible(page, "contact_conflict")
    expect(question(page, "contact_conflict").locator("input:checked")).to_have_count(0)
    hidden(page, "conflict_recurring", "court_cases")
