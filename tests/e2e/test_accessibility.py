"""Pages work for everyone: axe-core finds nothing serious, the keyboard suffices, zoom does not break."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.ui import (
    LiveServer,
    answer_section,
    assert_accessible,
    log_in,
    question,
    screenshot,
    start_screening,
)
from tests.flows import case_answers, instrument

pytestmark = pytest.mark.e2e

FOCUS_STYLE = """() => {
  const style = getComputedStyle(document.activeElement);
  return {outline: style.outlineStyle, shadow: style.boxShadow,
          tag: document.activeElement.tagName, name: document.activeElement.name || ''};
}"""


def test_login_start_step_and_list_pages(page: Page, live_server: LiveServer) -> None:
    page.goto("/inloggen")
    assert_accessible(page, "login")
    log_in(page, live_server)
    assert_accessible(page, "list-empty")

    page.get_by_role("link", name="Nieuwe screening").first.click()
    screenshot(page, "start")
    assert_accessible(page, "start")
    page.get_by_role("button", name="Start de screening").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, "start-errors")

    answers = case_answers("complex")
    start_screening(page, "ALM-E2E-101", answers)
    answer_section(page, instrument().section("context"), answers)
    page.get_by_role("button", name="Volgende").click()
    expect(page).to_have_url(re.compile(r"/stap/patterns$"))
    screenshot(page, "step")
    assert_accessible(page, "step")

    page.get_by_role("link", name="Screenings", exact=True).click()
    expect(page.get_by_role("row").filter(has_text="ALM-E2E-101")).to_be_visible()
    assert_accessible(page, "list")


def focus_is_visible(page: Page) -> dict[str, str]:
    style = page.evaluate(FOCUS_STYLE)
    assert style["outline"] != "none" or style["shadow"] != "none", style
    return style


def tab_to(page: Page, name: str, limit: int = 40) -> None:
    """Press Tab until the control with this name has focus; every stop shows where focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focus_is_visible(page)["name"] == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_start_form_and_a_step_with_the_keyboard_only(page: Page, live_server: LiveServer) -> None:
    log_in(page, live_server)
    page.goto("/screenings/nieuw")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    focus_is_visible(page)
    page.keyboard.press("Enter")
    tab_to(page, "case_reference")
    page.keyboard.type("ALM-E2E-102")
    tab_to(page, "municipality")
    page.keyboard.press("ArrowDown")  # the second municipality: Borne
    tab_to(page, "setting")
    page.keyboard.press("Space")
    expect(page.locator('input[name="setting"][value="intake"]')).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.locator('input[name="setting"][value="routine"]')).to_be_checked()
    tab_to(page, "instrument")
    page.keyboard.press("Home")  # the first version: the questions this test walks through
    expect(page.get_by_label("Vragenlijst")).to_have_value(re.compile(r"@1\.0$"))
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Start de screening")).to_be_focused()
    focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/stap/context$"))

    expect(question(page, "setting").locator('input[value="routine"]')).to_be_checked()
    tab_to(page, "q_children_count")
    page.keyboard.type("2")
    tab_to(page, "q_age_bands")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(question(page, "age_bands").locator('input[value="4_11"]')).to_be_checked()
    tab_to(page, "action")
    expect(page.get_by_role("button", name="Volgende")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/stap/patterns$"))

    page.get_by_role("button", name="Vorige").click()
    expect(page.get_by_label("Hoeveel kinderen hebben de ouders samen?")).to_have_value("2")
    expect(question(page, "age_bands").locator('input[value="4_11"]')).to_be_checked()


def test_pages_fit_a_narrow_zoomed_window(new_context: Callable[..., BrowserContext],
                                          live_server: LiveServer) -> None:
    # 640 CSS pixels at twice the density: a 1280-pixel laptop screen at 200% zoom.
    page = new_context(viewport={"width": 640, "height": 900}, device_scale_factor=2).new_page()
    answers = case_answers("complex")
    log_in(page, live_server)
    start_screening(page, "ALM-E2E-103", answers)
    assert_no_sideways_scrolling(page)
    screenshot(page, "step-zoom")
    # The case page's table is wider than the window: it scrolls by itself, not the page.
    page.goto("/casussen/ALM-E2E-103")
    assert_no_sideways_scrolling(page)


def assert_no_sideways_scrolling(page: Page) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], (page.url, width)
