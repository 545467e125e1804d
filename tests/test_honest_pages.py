"""Honest outcomes on every surface (issue 12): safety 'nog niet uitgezocht', what the
outcome could become, and no verdict for a draft whose last page was not reached."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime

import time_machine
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from tests.factories import create_user, log_in
from tests.flows import answer_all, case_answers, judge_and_finalise, post_step, start
from tests.helpers import text_of

UNKNOWN_SAFETY = "Veiligheid: nog niet uitgezocht"
NO_SIGNALS = "Geen signalen over veiligheid"


def gate_unknown(client: FlaskClient, reference: str = "ALM-ONB-1") -> int:
    """Answer the whole 1.0 questionnaire with the safety question 'Onbekend'."""
    answers = {**case_answers("cooperatief"), "safety_gate": "unknown"}
    screening_id = start(client, reference)
    answer_all(client, screening_id, answers)
    return screening_id


def pdf_text(client: FlaskClient, screening_id: int) -> str:
    data = client.get(f"/screenings/{screening_id}/samenvatting.pdf").data
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
                    .split())


def test_an_open_safety_gate_says_not_looked_into_first_everywhere(professional) -> None:
    screening_id = gate_unknown(professional)
    html = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert UNKNOWN_SAFETY in html and NO_SIGNALS not in html
    assert html.index(UNKNOWN_SAFETY) < html.index("Uitkomst</h2>")
    assert "Vraag ernaar, of overleg met de aandachtsfunctionaris." in html
    assert "Op basis van wat je nu weet:" in html and "Zoek eerst uit:" in html
    assert re.search(r"\d+ beantwoord \+ \d+ onbekend \+ \d+ nog niet ingevuld = \d+ vragen",
                     html)
    listing = text_of(professional.get("/screenings"))
    assert f'badge unknown">{UNKNOWN_SAFETY}</span>' in listing
    found = text_of(professional.get("/screenings?safety=unknown"))
    assert "ALM-ONB-1" in found
    assert "ALM-ONB-1" not in text_of(professional.get("/screenings?safety=none"))
    case = text_of(professional.get("/casussen/ALM-ONB-1"))
    assert UNKNOWN_SAFETY in case and NO_SIGNALS not in case
    text = pdf_text(professional, screening_id)
    assert UNKNOWN_SAFETY in text and NO_SIGNALS not in text
    assert text.index(UNKNOWN_SAFETY) < text.index("Uitkomst")


def test_a_finalised_screening_keeps_showing_it_and_exports_it(professional) -> None:
    screening_id = gate_unknown(professional, "ALM-ONB-2")
    judge_and_finalise(professional, screening_id)
    html = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert UNKNOWN_SAFETY in html and NO_SIGNALS not in html
    archive = zipfile.ZipFile(io.BytesIO(professional.get("/casussen/ALM-ONB-2/inzage").data))
    document = json.loads(archive.read("casus.json"))
    shown = document["screenings"][0]["shown"]
    assert shown["safety"] == "unknown" and shown["verdict"] is True
    assert "safety_gate" in shown["decisive"]
    assert document["screenings"][0]["result"]["safety"] == "none"  # 1.0 scored as it did
    assert document["screenings"][0]["result"]["could_become"] is not None


def test_a_draft_has_no_verdict_until_its_last_page(professional) -> None:
    screening_id = start(professional, "ALM-HALF")
    assert post_step(professional, screening_id, "context",
                     case_answers("cooperatief")).status_code == 302
    listing = text_of(professional.get("/screenings"))
    row = listing[listing.index("ALM-HALF"):]
    row = row[:row.index("</tr>")]
    assert "Nog niet af" in row and "staat op:" in row
    assert "Gewone scheiding" not in row and NO_SIGNALS not in row
    assert "ALM-HALF" in text_of(professional.get("/screenings?status=unfinished"))
    assert "ALM-HALF" not in text_of(professional.get("/screenings?outcome=ordinary"))
    html = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert "Voorlopige uitkomst: de screening is nog niet af" in html
    assert "Nog niet af" in text_of(professional.get("/casussen/ALM-HALF"))


def test_coordinator_figures_have_a_row_for_safety_not_looked_into(
    app: Flask, coordinator, organisation_id: int
) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    with time_machine.travel(datetime(2026, 10, 15, 10, tzinfo=UTC), tick=False):
        sam = app.test_client()
        log_in(sam, "sam@example.nl")
        judge_and_finalise(sam, gate_unknown(sam))
    html = text_of(coordinator.get("/beheer/"))
    # A column for safety not looked into; the screening is counted there (the page
    # shows counts rounded to fives, so the kept count says where it went).
    assert re.search(r'<th scope="col">Nog niet uitgezocht</th>', html)
    from screening import figure_counts
    from screening.db import db

    with app.app_context():
        kept = figure_counts.maintained(db.session)
    assert [(key.safety, count) for key, count in kept.items()] == [("unknown", 1)]
