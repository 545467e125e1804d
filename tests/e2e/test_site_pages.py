"""The statements and the organisation settings in a real browser: axe-clean, also at 320 px."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.conftest import off_the_loop
from tests.e2e.ui import LiveServer, assert_accessible, screenshot
from tests.factories import PASSWORD, create_user

pytestmark = pytest.mark.e2e

COORDINATOR = "coordinator@example.nl"


def log_in_as_coordinator(page: Page, server: LiveServer) -> None:
    off_the_loop(lambda: create_user(server.app, 1, COORDINATOR, role="coordinator"))
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(COORDINATOR)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/beheer/$"))


@pytest.mark.parametrize("width", [1280, 320])
def test_statements_are_public_and_accessible(new_context: Callable[..., BrowserContext],
                                              width: int) -> None:
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto("/inloggen")
    page.get_by_role("link", name="Privacyverklaring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacyverklaring")
    assert_accessible(page, f"privacy-{width}")
    page.get_by_role("link", name="Toegankelijkheidsverklaring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegankelijkheidsverklaring")
    assert_accessible(page, f"accessibility-{width}")
    width_now = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width_now[0] <= width_now[1]


def test_coordinator_finds_a_municipality_by_searching(page: Page, live_server: LiveServer) -> None:
    log_in_as_coordinator(page, live_server)
    page.get_by_role("link", name="Organisatie").click()
    assert_accessible(page, "organisation")
    page.get_by_label("Contactadres voor privacy en toegankelijkheid").fill("privacy@team.example.nl")
    page.get_by_label("Zoek een gemeente").fill("voorne")
    expect(page.get_by_text("Gemeenten gevonden: 1")).to_be_visible()
    page.get_by_label("Voorne aan Zee").check()
    expect(page.get_by_label("Enschede")).to_be_hidden()
    screenshot(page, "organisation-search")
    page.get_by_label("Zoek een gemeente").press("Enter")  # filters; does not submit
    expect(page).to_have_url(re.compile(r"/beheer/organisatie/$"))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Gemeenten toegevoegd: Voorne aan Zee")).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_contain_text("privacy@team.example.nl")
