"""A coordinator names the local wijkteam; a professional finds it on screen and on paper."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import off_the_loop
from tests.e2e.ui import (
    LiveServer,
    answer_steps,
    assert_accessible,
    finalise,
    judge_agree,
    log_in,
    start_screening,
    to_result,
)
from tests.factories import PASSWORD, create_user
from tests.flows import case_answers

pytestmark = pytest.mark.e2e

COORDINATOR = "coordinator@example.nl"
WIJKTEAM = "Wijkteam Almelo-Noord"
PHONE = "0546 123 456"


def add_coordinator(server: LiveServer) -> None:
    from sqlalchemy import select

    from screening.db import db
    from screening.models import User

    def work() -> None:
        with server.app.app_context():
            organisation_id = db.session.scalars(select(User.organisation_id)).first()
        assert organisation_id is not None
        create_user(server.app, organisation_id, COORDINATOR, role="coordinator", name="Kim")

    off_the_loop(work)


def pdf_text(page: Page, url: str) -> str:
    response = page.request.get(url)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_a_local_contact_reaches_result_summary_and_letter(
        page: Page, new_context: Callable[..., BrowserContext], live_server: LiveServer) -> None:
    add_coordinator(live_server)
    coordinator = new_context().new_page()
    coordinator.goto("/inloggen")
    coordinator.get_by_label("E-mailadres").fill(COORDINATOR)
    coordinator.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    coordinator.get_by_role("button", name="Inloggen").click()
    coordinator.get_by_role("link", name="Contacten").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Lokale contacten")
    expect(coordinator.locator("main")).to_contain_text("0800-2000")  # a national default
    coordinator.get_by_role("link", name="Wijzigen: Wijkteam of CJG, Almelo").click()
    coordinator.get_by_label("Naam").fill(WIJKTEAM)
    coordinator.get_by_label("Telefoonnummer").fill(PHONE)
    coordinator.get_by_label("Website").fill("https://wijkteam.example")
    coordinator.get_by_role("button", name="Opslaan").click()
    expect(coordinator.get_by_role("status").filter(has_text="Het contact is opgeslagen.")).to_be_visible()
    expect(coordinator.locator("main")).to_contain_text(WIJKTEAM)
    assert_accessible(coordinator, "local-contacts")

    answers = case_answers("complex")
    log_in(page, live_server)
    start_screening(page, "ALM-E2E-014", answers)
    answer_steps(page, answers)
    to_result(page)
    judge_agree(page)
    finalise(page)
    contacts = page.locator("#contacten")
    expect(contacts).to_contain_text(WIJKTEAM)
    expect(contacts).to_contain_text(PHONE)

    summary_link = page.get_by_role("link", name="Samenvatting printen (PDF)")
    summary = pdf_text(page, summary_link.get_attribute("href") or "")
    assert f"Wijkteam of CJG: {WIJKTEAM} · {PHONE}" in summary
    assert "Afgerond op" in summary and "CONCEPT" not in summary

    letter_link = page.get_by_role("link", name="Brief voor de ouders printen (PDF)")
    letter = pdf_text(page, letter_link.get_attribute("href") or "")
    assert WIJKTEAM in letter and PHONE in letter
    assert "twee plannen voor twee gezinnen" in letter
    assert not re.search(r"Complexe scheiding|Conflictueus", letter)
