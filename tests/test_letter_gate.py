"""The parent letter waits until the screening has a verdict and safety has been weighed.

Before, a half-filled draft offered the letter before the safety page was reached (for a family
with stalking), and a screening with safety 'nog niet uitgezocht' offered it without the
Meldcode's check that informing the parents is safe.
"""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.flows import answer_all, case_answers, post_step, start
from tests.helpers import submit, text_of

LETTER_LINK = "Brief voor de ouders printen (PDF)"


def test_a_draft_without_a_verdict_offers_no_letter(professional: FlaskClient) -> None:
    screening_id = start(professional)
    answers = case_answers("complex_met_beschuldiging_geweld")
    for section_id in ("context", "patterns"):
        assert post_step(professional, screening_id, section_id, answers).status_code == 302
    page = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert LETTER_LINK not in page
    assert "Vul eerst alle pagina's van de screening in." in page
    refused = professional.get(f"/screenings/{screening_id}/brief.pdf")
    assert refused.status_code == 302 and refused.headers["Location"].endswith("#brief")


def test_safety_not_looked_into_waits_for_the_safety_check(professional: FlaskClient) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, {**case_answers("cooperatief"), "safety_gate": "unknown"})
    result_page = f"/screenings/{screening_id}/uitkomst"
    page = text_of(professional.get(result_page))
    assert LETTER_LINK not in page
    assert "Veiligheid is nog niet uitgezocht. Weeg volgens de Meldcode eerst af" in page
    assert professional.get(f"/screenings/{screening_id}/brief.pdf").status_code == 302
    response = submit(professional, result_page, {"confirm": "y"},
                      action=f"/screenings/{screening_id}/brief/veilig")
    assert response.status_code == 302
    assert LETTER_LINK in text_of(professional.get(result_page))
    letter = professional.get(f"/screenings/{screening_id}/brief.pdf")
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"


def test_a_known_safe_finished_screening_offers_the_letter(professional: FlaskClient) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("cooperatief"))
    assert LETTER_LINK in text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert professional.get(f"/screenings/{screening_id}/brief.pdf").status_code == 200
