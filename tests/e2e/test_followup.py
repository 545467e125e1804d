"""Follow-up in a real browser: due list, follow-up from the case page, the case over time."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.ui import (
    LiveServer,
    answer_steps,
    assert_accessible,
    fill_start_form,
    finalise,
    judge_agree,
    log_in,
    screenshot,
    start_screening,
    to_result,
)
from tests.flows import case_answers

pytestmark = pytest.mark.e2e

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
WIDEST = """() => Array.from(document.querySelectorAll('main *'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def test_finalise_rescreen_follow_up_and_see_both_in_the_case_chart(
        page: Page, live_server: LiveServer, new_context: Callable[..., BrowserContext]) -> None:
    answers = case_answers("complex")
    log_in(page, live_server)
    start_screening(page, "ALM-E2E-FU1", answers)
    answer_steps(page, answers)
    to_result(page)
    judge_agree(page)
    finalise(page)
    rescreen = page.locator("#rescreen")
    expect(rescreen).to_contain_text("Screen deze casus opnieuw op")

    # Weeks away: not due yet.
    page.get_by_role("link", name="Screenings", exact=True).click()
    expect(page.locator(".due-this-week")).to_contain_text("geen casus")
    page.goto("/opnieuw-screenen")
    expect(page.get_by_role("row").filter(has_text="ALM-E2E-FU1")).to_have_count(0)

    # Its date comes (the professional moves it to today): now it is due.
    page.go_back()
    page.get_by_role("link", name="ALM-E2E-FU1", exact=True).first.click()
    page.get_by_label("Opnieuw screenen op").fill(date.today().isoformat())
    page.get_by_role("button", name="Datum opslaan").click()
    expect(page.get_by_role("status").filter(has_text="is opgeslagen")).to_be_visible()
    page.get_by_role("link", name="Screenings", exact=True).click()
    expect(page.locator(".due-this-week")).to_contain_text("Deze week: 1 casus")
    page.locator(".due-this-week a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opnieuw screenen")
    expect(page.get_by_role("row").filter(has_text="ALM-E2E-FU1")).to_be_visible()
    assert_accessible(page, "due-list")

    # Start the follow-up from the case page: it carries the case reference.
    page.get_by_role("link", name="ALM-E2E-FU1", exact=True).click()
    expect(page).to_have_url(re.compile(r"/casussen/ALM-E2E-FU1$"))
    page.get_by_role("link", name="Vervolgscreening starten").first.click()
    expect(page.get_by_label("Casusnummer")).to_have_value("ALM-E2E-FU1")
    later = case_answers("cooperatief")
    fill_start_form(page, later)
    answer_steps(page, later)
    to_result(page)
    expect(page.get_by_role("link", name=re.compile("Vorige screening van deze casus"))).to_be_visible()
    page.goto("/opnieuw-screenen")
    expect(page.get_by_role("row").filter(has_text="ALM-E2E-FU1")).to_have_count(0)

    # Both screenings on the case page: two marks per lane, two rows beneath each chart.
    page.goto("/casussen/ALM-E2E-FU1")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    expect(page.locator("circle.mark[class*=tier-]")).to_have_count(2)
    for table in page.locator("table.chart-table").all():
        expect(table.locator("tbody tr")).to_have_count(2)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    screenshot(page, "case-chart-1280")
    assert_accessible(page, "case-chart")

    # The same page on a phone: no sideways scrolling, still accessible.
    phone = new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto("/login")
    log_in(phone, live_server)
    phone.goto("/casussen/ALM-E2E-FU1")
    expect(phone.locator("svg[role=img]").first).to_be_visible()
    phone.wait_for_load_state("load")  # widths mean nothing before the stylesheets apply
    assert phone.evaluate(NO_SIDEWAYS_SCROLL), phone.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    screenshot(phone, "case-chart-390")
    assert_accessible(phone, "case-chart-390")


def test_coordinator_figures_are_accessible_and_fit_a_phone(
        live_server: LiveServer, new_context: Callable[..., BrowserContext]) -> None:
    from tests.e2e.conftest import off_the_loop
    from tests.factories import create_user
    from tests.test_figures import kept

    def prepare() -> None:
        create_user(live_server.app, 1, "co@example.nl", role="coordinator", name="Co")
        kept(live_server.app, 1, 10)
        kept(live_server.app, 1, 3, outcome="watch", safety="acute", municipality="Borne")

    off_the_loop(prepare)
    coordinator = LiveServer(url=live_server.url, app=live_server.app, email="co@example.nl")
    for width in (1280, 390):
        page = new_context(viewport={"width": width, "height": 900}).new_page()
        page.goto("/login")
        page.get_by_label("E-mailadres").fill(coordinator.email)
        page.get_by_label("Wachtwoord", exact=True).fill(coordinator.password)
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("heading", level=2, name="Cijfers van de laatste 12 maanden")).to_be_visible()
        expect(page.locator("svg[role=img]")).to_have_count(2)
        page.wait_for_load_state("load")  # widths mean nothing before the stylesheets apply
        assert page.evaluate(NO_SIDEWAYS_SCROLL), (width, page.evaluate(WIDEST))
        screenshot(page, f"figures-{width}")
        assert_accessible(page, f"figures-{width}")
