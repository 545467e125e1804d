"""Printing: file names a person can keep apart, the parent letter and its safety check."""

from __future__ import annotations

import io
import re

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import func, select

from screening.db import db
from screening.models import AuditEvent, Screening
from tests.flows import answer_all, case_answers, judge_and_finalise, start
from tests.helpers import submit, text_of


def prints(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).where(AuditEvent.event == "print")) or 0


def disposition_name(response: object) -> str:
    header = response.headers["Content-Disposition"]  # type: ignore[attr-defined]
    assert header.startswith("inline;")
    found = re.search(r'filename="([^"]+)"', header)
    assert found
    return found.group(1)


def test_download_names(app: Flask, professional: FlaskClient) -> None:
    screening_id = start(professional, case_reference="ALM 2026 001")
    answer_all(professional, screening_id, case_answers("complex"))
    draft = professional.get(f"/screenings/{screening_id}/samenvatting.pdf")
    assert re.fullmatch(r"screening-ALM-2026-001-\d{4}-\d\d-\d\d-concept\.pdf",
                        disposition_name(draft))
    judge_and_finalise(professional, screening_id)
    final = professional.get(f"/screenings/{screening_id}/samenvatting.pdf")
    assert re.fullmatch(r"screening-ALM-2026-001-\d{4}-\d\d-\d\d\.pdf", disposition_name(final))
    letter = professional.get(f"/screenings/{screening_id}/brief.pdf")
    assert re.fullmatch(r"brief-ALM-2026-001-\d{4}-\d\d-\d\d\.pdf", disposition_name(letter))


def test_every_print_is_audited_and_reprints_are_identical(app: Flask,
                                                          professional: FlaskClient) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("complex"))
    judge_and_finalise(professional, screening_id)
    before = prints(app)
    summaries = [professional.get(f"/screenings/{screening_id}/samenvatting.pdf").data for _ in "ab"]
    letters = [professional.get(f"/screenings/{screening_id}/brief.pdf").data for _ in "ab"]
    assert prints(app) == before + 4
    assert summaries[0] == summaries[1] and letters[0] == letters[1]
    letter = PdfReader(io.BytesIO(letters[0]))
    assert len(letter.pages) == 1
    text = " ".join(letter.pages[0].extract_text().split())
    assert "twee plannen voor twee gezinnen" in text and "Complexe scheiding" not in text
    assert "Sam de Vries, Team Almelo" in text


def test_letter_waits_for_the_safety_check(app: Flask, professional: FlaskClient) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("getuige_geweld_eenmalig"))
    result_page = f"/screenings/{screening_id}/uitkomst"
    page = text_of(professional.get(result_page))
    assert "Weeg volgens de Meldcode eerst af" in page
    assert f"/screenings/{screening_id}/brief.pdf" not in page
    refused = professional.get(f"/screenings/{screening_id}/brief.pdf")
    assert refused.status_code == 302 and refused.headers["Location"].endswith("#brief")
    before = prints(app)
    confirm = f"/screenings/{screening_id}/brief/veilig"
    submit(professional, result_page, {}, action=confirm)  # not ticked: nothing recorded
    with app.app_context():
        assert db.session.get(Screening, screening_id).letter_safe_at is None  # type: ignore[union-attr]
    assert professional.post(confirm, data={"confirm": "y"}).status_code == 400  # no token
    edits = _count(app, "edit")
    response = submit(professional, result_page, {"confirm": "y"}, action=confirm)
    assert response.status_code == 302
    assert _count(app, "edit") == edits + 1
    with app.app_context():
        assert db.session.get(Screening, screening_id).letter_safe_at is not None  # type: ignore[union-attr]
    assert f"/screenings/{screening_id}/brief.pdf" in text_of(professional.get(result_page))
    letter = professional.get(f"/screenings/{screening_id}/brief.pdf")
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    assert prints(app) == before + 1


def _count(app: Flask, event: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).where(AuditEvent.event == event)) or 0


def test_a_colleague_without_access_gets_no_letter(app: Flask, professional: FlaskClient,
                                                   organisation_id: int) -> None:
    from tests.factories import create_user, log_in

    screening_id = start(professional)
    create_user(app, organisation_id, "ander@example.nl")
    other = app.test_client()
    log_in(other, "ander@example.nl")
    assert other.get(f"/screenings/{screening_id}/brief.pdf").status_code == 404
    assert other.post(f"/screenings/{screening_id}/brief/veilig").status_code in (400, 404)
