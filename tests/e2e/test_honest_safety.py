"""A safety question answered 'Onbekend' says 'Veiligheid: nog niet uitgezocht', first,
on the result page, in the list and in the printed summary (issue 12)."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.ui import LiveServer, answer_steps, assert_accessible, log_in, start_screening, to_result
from tests.flows import case_answers

pytestmark = pytest.mark.e2e

NOT_LOOKED_INTO = "Veiligheid: nog niet uitgezocht"
NO_SIGNALS = "Geen signalen over veiligheid"
SAFETY_RIGHT_UNDER_TITLE = (
    "() => document.querySelector('main h1').nextElementSibling.matches('section.safety')")


def pdf_text(page: Page, url: str) -> str:
    response = page.request.get(url)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_safety_unknown_is_shown_first_everywhere(page: Page, live_server: LiveServer) -> None:
    answers = {**case_answers("cooperatief"), "safety_gate": "unknown"}
    log_in(page, live_server)
    start_screening(page, "ALM-E2E-ONB", answers)
    answer_steps(page, answers)
    to_result(page)

    safety = page.locator("section.safety")
    expect(safety).to_contain_text(NOT_LOOKED_INTO)
    expect(safety).to_contain_text("Vraag ernaar, of overleg met de aandachtsfunctionaris.")
    assert page.evaluate(SAFETY_RIGHT_UNDER_TITLE)
    expect(page.locator("main")).not_to_contain_text(NO_SIGNALS)
    expect(page.locator("#outlook")).to_contain_text("Zoek eerst uit:")
    assert_accessible(page, "result-safety-unknown")
    summary_url = page.get_by_role("link", name="Samenvatting printen (PDF)").get_attribute("href")

    page.get_by_role("link", name="Screenings").first.click()
    row = page.locator("tr", has_text="ALM-E2E-ONB")
    expect(row.locator(".badge.unknown")).to_have_text(NOT_LOOKED_INTO)
    page.get_by_label("Veiligheid").select_option("unknown")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("tr", has_text="ALM-E2E-ONB")).to_have_count(1)

    text = pdf_text(page, summary_url or "")
    assert NOT_LOOKED_INTO in text and NO_SIGNALS not in text
    assert text.index(NOT_LOOKED_INTO) < text.index("Uitkomst")
