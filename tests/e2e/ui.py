"""Use the app through its pages as a professional does: labels, buttons, the keyboard."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, expect
from werkzeug.serving import WSGIRequestHandler

from screening.instrument import Instrument, Section, visible_items
from tests.factories import PASSWORD
from tests.flows import instrument

INSTRUMENT = instrument()
SERIOUS = ("serious", "critical")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"


@dataclass(frozen=True)
class LiveServer:
    """A running app: where it listens and who can log in."""

    url: str
    app: Flask
    email: str = "sam@example.nl"
    password: str = PASSWORD


class QuietHandler(WSGIRequestHandler):
    """Serve requests without writing a log line for each."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def log_in(page: Page, server: LiveServer) -> None:
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(server.email)
    page.get_by_label("Wachtwoord", exact=True).fill(server.password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/screenings$"))


def question(page: Page, item_id: str) -> Locator:
    return page.locator(f'[data-item="{item_id}"]')


def visible(page: Page, *item_ids: str) -> None:
    """Expect each of these questions on the page, shown."""
    for item_id in item_ids:
        expect(question(page, item_id)).to_be_visible()


def hidden(page: Page, *item_ids: str) -> None:
    """Expect each of these questions hidden (or absent)."""
    for item_id in item_ids:
        expect(question(page, item_id)).to_be_hidden()


def choose(page: Page, item_id: str, value: str) -> None:
    """Click the label of the option with this value, as a person clicks the words."""
    option = question(page, item_id).locator("li").filter(
        has=page.locator(f'input[type=radio][value="{value}"]'))
    option.locator("label").click()
    expect(option.locator("input")).to_be_checked()


def answer(page: Page, item_id: str, value: Any) -> None:
    field = question(page, item_id)
    if field.locator("input[type=radio]").count():
        choose(page, item_id, str(value))
    else:
        field.locator("input, textarea").fill(str(value))


def start_screening(page: Page, case_reference: str, answers: dict[str, Any],
                    municipality: str = "Almelo", version: str | None = INSTRUMENT.version) -> None:
    """Open the start form from the menu, fill it in and arrive at the first step.

    The answers of the written cases fit one version, so the version is chosen explicitly.
    """
    page.get_by_role("link", name="Nieuwe screening").first.click()
    page.get_by_label("Casusnummer").fill(case_reference)
    fill_start_form(page, answers, municipality, version)


def fill_start_form(page: Page, answers: dict[str, Any], municipality: str = "Almelo",
                    version: str | None = INSTRUMENT.version) -> None:
    """Fill in the start form; `version` picks the questionnaire version (None: the default)."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe screening")
    page.get_by_label("Gemeente").select_option(municipality)
    if version is not None:
        page.get_by_label("Vragenlijst").select_option(f"{INSTRUMENT.id}@{version}")
    for item_id in ("setting", "screener_role"):
        choose(page, item_id, answers[item_id])
    page.get_by_role("button", name="Start de screening").click()
    expect(page).to_have_url(re.compile(r"/stap/context$"))


def shown_ids(answers: dict[str, Any], instrument: Instrument = INSTRUMENT) -> set[str]:
    return {item.id for item in visible_items(instrument, answers)}


def answer_section(page: Page, section: Section, answers: dict[str, Any],
                   instrument: Instrument = INSTRUMENT) -> None:
    """Answer what the case knows of one section; follow-up questions must appear on the way."""
    shown = shown_ids(answers, instrument)
    for item in section.items:
        if item.id in shown and item.id in answers:
            answer(page, item.id, answers[item.id])
    # The page shows exactly the questions the instrument shows for these answers.
    on_screen = page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-item]'), q => [q.dataset.item, !q.hidden])")
    assert {item_id for item_id, visible in on_screen if visible} == {
        item.id for item in section.items if item.id in shown}, section.id


def next_step(page: Page) -> None:
    page.get_by_role("button", name="Volgende").click()


def answer_steps(page: Page, answers: dict[str, Any], sections: list[Section] | None = None,
                 instrument: Instrument = INSTRUMENT) -> None:
    """Answer these sections (default: all) in order, starting on the first one's page."""
    for section in sections or list(instrument.sections):
        expect(page).to_have_url(re.compile(rf"/stap/{section.id}$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(section.title.get("nl"))
        answer_section(page, section, answers, instrument)
        next_step(page)


def to_result(page: Page) -> None:
    """From the review, go on to the result page."""
    expect(page).to_have_url(re.compile(r"/controle$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Antwoorden nakijken")
    page.get_by_role("link", name="Naar de uitkomst").click()
    expect(page).to_have_url(re.compile(r"/uitkomst$"))


def outcome(page: Page) -> Locator:
    return page.locator("section", has=page.get_by_role("heading", name="Uitkomst", exact=True))


def judge_agree(page: Page) -> None:
    page.get_by_text("Ik ben het eens met deze uitkomst").click()
    page.get_by_role("button", name="Oordeel opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Je oordeel is opgeslagen.")).to_be_visible()


def judge_other(page: Page, tier_label: str, reason: str) -> None:
    page.get_by_text("Ik kom tot een andere uitkomst").click()
    page.get_by_label("Welke uitkomst past volgens jou?").select_option(label=tier_label)
    page.get_by_label("Waarom kom je tot een andere uitkomst?").fill(reason)
    page.get_by_role("button", name="Oordeel opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Je oordeel is opgeslagen.")).to_be_visible()


def finalise(page: Page) -> None:
    """Finalise from the result page: a decision on a page that shows what will be frozen."""
    page.get_by_role("link", name="Screening afronden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening afronden?")
    page.get_by_role("button", name="Ja, screening afronden").click()
    expect(page.get_by_role("status").filter(has_text="De screening is afgerond.")).to_be_visible()
    expect(page.get_by_role("link", name="Screening afronden")).to_have_count(0)


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@functools.cache
def axe() -> Any:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ModuleNotFoundError:
        pytest.fail("axe-core is missing: install the dev extra (axe-playwright-python)")
    return Axe()


def assert_accessible(page: Page, name: str) -> None:
    """Run axe-core (shipped with axe-playwright-python, no CDN); refuse serious or critical violations.

    The script goes in through the DevTools protocol (page.evaluate): the app's CSP
    (script-src 'self') rightly blocks an inline script tag, and bypassing the CSP would
    hide real violations.
    """
    results = axe().run(page).response
    violations = results["violations"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(
        [{"id": v["id"], "impact": v["impact"], "help": v["help"],
          "targets": [node["target"] for node in v["nodes"]]} for v in violations], indent=2))
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"axe on {name}:\n" + "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in serious)
