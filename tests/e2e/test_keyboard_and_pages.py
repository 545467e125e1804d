"""The whole screening with the keyboard alone, every page axe-clean at 1280 and 320 px,
and screenshots of the start, step, result and case pages at 1280 and 390 px."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from screening.instrument import Section
from tests.e2e.conftest import off_the_loop
from tests.e2e.ui import (
    INSTRUMENT,
    LiveServer,
    answer_steps,
    assert_accessible,
    log_in,
    screenshot,
    shown_ids,
    start_screening,
)
from tests.factories import PASSWORD, create_user
from tests.flows import case_answers

pytestmark = pytest.mark.e2e

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {name: el.name || '', value: el.value || '', tag: el.tagName, text: (el.textContent || '').trim(),
          visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none'};
}"""


def focused(page: Page) -> dict[str, Any]:
    state = page.evaluate(FOCUSED)
    # Past the last control focus leaves the page (BODY) and comes back at the top.
    assert state["tag"] == "BODY" or state["visible"], f"focus is not visible on {state}"
    return state


def tab_until(page: Page, wanted: Callable[[dict[str, Any]], bool], what: str, limit: int = 150) -> None:
    """Press Tab until the focused element is the wanted one; every stop must show focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if wanted(focused(page)):
            return
    raise AssertionError(f"Tab never reached {what}")


def tab_to_name(page: Page, name: str) -> None:
    tab_until(page, lambda f: f["name"] == name, name)


def tab_to_text(page: Page, text: str) -> None:
    tab_until(page, lambda f: f["text"] == text or f["value"] == text, text)


def pick_option(page: Page, name: str, values: list[str], wanted: str) -> None:
    """In a radio group: Tab in, select the first with Space, then arrow down to the wanted one."""
    tab_to_name(page, name)
    checked = page.evaluate(
        "(n) => { const c = document.querySelector(`input[name='${n}']:checked`); "
        "return c ? c.value : null; }", name)
    if checked is None:
        page.keyboard.press("Space")
        checked = values[0]
    steps = values.index(wanted) - values.index(checked)
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    expect(page.locator(f"input[name='{name}'][value='{wanted}']")).to_be_checked()


def answer_section_by_keyboard(page: Page, section: Section, answers: dict[str, Any]) -> None:
    shown = shown_ids(answers)
    for item in section.items:
        if item.id not in shown or item.id not in answers:
            continue
        name = f"q_{item.id}"
        field = page.locator(f"[name='{name}']").first
        expect(field).to_be_visible()
        if field.get_attribute("type") == "radio":
            values = page.eval_on_selector_all(f"input[name='{name}']", "els => els.map(e => e.value)")
            pick_option(page, name, values, str(answers[item.id]))
        else:
            tab_to_name(page, name)
            page.keyboard.type(str(answers[item.id]))


def test_a_whole_screening_with_the_keyboard_only(page: Page, live_server: LiveServer) -> None:
    answers = case_answers("complex")
    page.goto("/inloggen")
    tab_to_name(page, "email")
    page.keyboard.type(live_server.email)
    tab_to_name(page, "password")
    page.keyboard.type(live_server.password)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/screenings$"))

    tab_to_text(page, "Nieuwe screening")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe screening")
    tab_to_name(page, "case_reference")
    page.keyboard.type("ALM-KEY-001")
    tab_to_name(page, "municipality")  # a select: the first municipality is already chosen
    values = page.eval_on_selector_all("input[name='setting']", "els => els.map(e => e.value)")
    pick_option(page, "setting", values, answers["setting"])
    # The questionnaire version these answers belong to: arrow keys on the closed select.
    tab_to_name(page, "instrument")
    wanted = f"{INSTRUMENT.id}@{INSTRUMENT.version}"
    for key in ["ArrowDown"] * 4 + ["ArrowUp"] * 8:
        if page.evaluate("() => document.activeElement.value") == wanted:
            break
        page.keyboard.press(key)
    expect(page.locator("select[name='instrument']")).to_have_value(wanted)
    tab_to_text(page, "Start de screening")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/stap/context$"))

    for section in INSTRUMENT.sections:
        expect(page).to_have_url(re.compile(rf"/stap/{section.id}$"))
        answer_section_by_keyboard(page, section, answers)
        tab_to_text(page, "Volgende")
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/controle$"))
    tab_to_text(page, "Naar de uitkomst")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/uitkomst$"))

    values = page.eval_on_selector_all("input[name='judgement']", "els => els.map(e => e.value)")
    pick_option(page, "judgement", values, "agree")
    tab_to_text(page, "Oordeel opslaan")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Je oordeel is opgeslagen.")).to_be_visible()

    tab_to_text(page, "Screening afronden")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening afronden?")
    expect(page.locator("main")).to_contain_text("ALM-KEY-001")
    tab_to_text(page, "Ja, screening afronden")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="De screening is afgerond.")).to_be_visible()

    tab_to_text(page, "Samenvatting printen (PDF)")
    with page.expect_response(re.compile(r"/samenvatting\.pdf$")) as response_info:
        page.keyboard.press("Enter")
    response = response_info.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"


COORDINATOR = "coordinator@example.nl"


def professional_pages(page: Page) -> list[tuple[str, str]]:
    """Walk a screening from start to a final result; return (name, path) of every page seen."""
    answers = case_answers("complex")
    pages = [("list-empty", "/screenings"), ("start", "/screenings/nieuw")]
    start_screening(page, "ALM-AXE-001", answers)
    screening_path = re.sub(r"/stap/.*$", "", page.url.replace(page.url.split("/screenings")[0], ""))
    pages += [(f"step-{s.id}", f"{screening_path}/stap/{s.id}") for s in INSTRUMENT.sections]
    answer_steps(page, answers)
    pages += [("review", f"{screening_path}/controle"), ("result", f"{screening_path}/uitkomst")]
    page.goto(f"{screening_path}/uitkomst")
    page.get_by_text("Ik ben het eens met deze uitkomst").click()
    page.get_by_role("button", name="Oordeel opslaan").click()
    pages += [("finalise", f"{screening_path}/afronden"), ("share", f"{screening_path}/delen"),
              ("list", "/screenings"), ("case", "/casussen/ALM-AXE-001"),
              ("erase", "/casussen/ALM-AXE-001/wissen")]
    return pages


@pytest.mark.parametrize("width", [1280, 320])
def test_every_page_passes_axe(new_context: Callable[..., BrowserContext], live_server: LiveServer,
                               width: int) -> None:
    context = new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for name, path in (("login", "/inloggen"), ("privacy", "/privacyverklaring"),
                       ("accessibility", "/toegankelijkheidsverklaring"), ("not-found", "/bestaat-niet")):
        page.goto(path)
        assert_accessible(page, f"{name}-{width}")
        assert_fits(page)
    log_in(page, live_server)
    for name, path in professional_pages(page):
        page.goto(path)
        assert_accessible(page, f"{name}-{width}")
        assert_fits(page)
    # The coordinator's pages.
    off_the_loop(lambda: create_user(live_server.app, 1, COORDINATOR, role="coordinator"))
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(COORDINATOR)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/beheer/$"))
    for name, path in (("overview", "/beheer/"), ("accounts", "/beheer/gebruikers"),
                       ("audit", "/beheer/logboek/"), ("organisation", "/beheer/organisatie/"),
                       ("contacts", "/beheer/contacten")):
        page.goto(path)
        assert_accessible(page, f"{name}-{width}")
        assert_fits(page)


def assert_fits(page: Page) -> None:
    """Reflow: no sideways scrolling of the page (wide tables scroll in their own box)."""
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], (page.url, width)


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_the_main_pages(new_context: Callable[..., BrowserContext],
                                       live_server: LiveServer, width: int) -> None:
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    answers = case_answers("complex")
    log_in(page, live_server)
    page.goto("/screenings/nieuw")
    screenshot(page, f"page-start-{width}")
    start_screening(page, "ALM-SHOT-001", answers)
    screenshot(page, f"page-step-{width}")
    answer_steps(page, answers)
    page.get_by_role("link", name="Naar de uitkomst").click()
    screenshot(page, f"page-result-{width}")
    page.goto("/casussen/ALM-SHOT-001")
    screenshot(page, f"page-case-{width}")
