"""Retention with a frozen clock; the access export; erasure on request."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import time_machine
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import func, select

from screening.data_rights import months_before
from screening.db import db
from screening.models import AuditEvent, Screening
from tests.factories import create_user, log_in, user_id
from tests.flows import answer_all, case_answers, judge_and_finalise, start
from tests.helpers import submit, text_of

T0 = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)


def screening_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Screening.id))) or 0


def erase_rows(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == "erase")))


def test_months_before_clamps_the_day() -> None:
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 24) == datetime(2024, 1, 15, tzinfo=UTC)


def test_retention_purge_with_a_frozen_clock(app, organisation_id, runner) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    with time_machine.travel(T0, tick=False) as clock:
        professional = app.test_client()
        log_in(professional, "sam@example.nl")
        final_id = start(professional, "ALM-OUD")
        answer_all(professional, final_id, case_answers("parallel"))
        judge_and_finalise(professional, final_id)
        draft_id = start(professional, "ALM-CONCEPT")
        clock.shift(timedelta(days=29))
        log_in(professional, "sam@example.nl")  # the idle timeout ended the session
        fresh_id = start(professional, "ALM-NIEUW")
        clock.shift(timedelta(days=2))  # the first draft is now 31 days untouched
        result = runner.invoke(args=["retention", "purge", "--dry-run"])
        assert "would erase: 0 finalised screenings" in result.output
        assert "1 drafts" in result.output
        assert screening_count(app) == 3
        result = runner.invoke(args=["retention", "purge"])
        assert "erased: 0 finalised screenings" in result.output and "1 drafts" in result.output
        clock.move_to(T0 + timedelta(days=365 * 2 + 1))
        result = runner.invoke(args=["retention", "purge"])
        assert "erased: 1 finalised screenings" in result.output
    with app.app_context():
        assert db.session.get(Screening, final_id) is None
        assert db.session.get(Screening, draft_id) is None
        # The recent draft went too once it idled past 30 days; nothing else remains.
        assert db.session.get(Screening, fresh_id) is None
    rows = erase_rows(app)
    assert sorted(r.screening_id for r in rows) == sorted([draft_id, final_id, fresh_id])
    assert all(r.user_id is None for r in rows)


def test_access_export_holds_everything_of_the_case_and_nothing_else(app, professional) -> None:
    first = start(professional, "ALM-2026-001")
    answer_all(professional, first, case_answers("complex"), notes={"patterns": "Ruzie bij overdracht"})
    judge_and_finalise(professional, first)
    second = start(professional, "ALM-2026-001")
    other = start(professional, "ALM-ANDERS")
    answer_all(professional, other, case_answers("parallel"), notes={"patterns": "ANDERE CASUS"})
    response = professional.get("/casussen/ALM-2026-001/inzage")
    assert response.mimetype == "application/zip"
    assert "ALM" not in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == ["casus.json", f"screening-{first}.pdf",
                                         f"screening-{second}.pdf"]
    document = json.loads(archive.read("casus.json"))
    assert [s["id"] for s in document["screenings"]] == [first, second]
    assert document["screenings"][0]["notes"] == {"patterns": "Ruzie bij overdracht"}
    assert any(a["question"] and a["answer_text"] for a in document["screenings"][0]["answers"])
    assert {e["screening_id"] for e in document["audit"]} >= {first, second}
    everything = archive.read("casus.json").decode()
    assert "ANDERE CASUS" not in everything and str(other) not in [
        str(s["id"]) for s in document["screenings"]]
    pdf = PdfReader(io.BytesIO(archive.read(f"screening-{first}.pdf")))
    assert "ALM-2026-001" in pdf.pages[0].extract_text()


def test_erase_a_case_on_request(app, professional) -> None:
    first = start(professional, "ALM-2026-001")
    start(professional, "ALM-ANDERS")
    page = "/casussen/ALM-2026-001/wissen"
    response = submit(professional, page, {"confirm": "ALM-2026-00"})
    assert response.status_code == 400
    assert "Dit is niet hetzelfde casusnummer." in text_of(response)
    assert screening_count(app) == 2
    response = submit(professional, page, {"confirm": "ALM-2026-001"})
    assert response.headers["Location"] == "/screenings"
    assert screening_count(app) == 1
    assert [r.screening_id for r in erase_rows(app)] == [first]
    assert professional.get("/casussen/ALM-2026-001").status_code == 404


def test_a_case_is_the_professionals_own_never_a_colleagues(app, professional,
                                                             organisation_id) -> None:
    """Two professionals used the same reference for two families; one shared hers."""
    own = start(professional, "2026-001")
    answer_all(professional, own, case_answers("parallel"), notes={"patterns": "Gezin van Sam"})
    create_user(app, organisation_id, "kim@example.nl", name="Kim")
    kim = app.test_client()
    log_in(kim, "kim@example.nl")
    theirs = start(kim, "2026-001")
    answer_all(kim, theirs, case_answers("complex"), notes={"patterns": "Gezin van Kim"})
    sam_id = user_id(app, "sam@example.nl")
    submit(kim, f"/screenings/{theirs}/delen", {"colleague": str(sam_id)})
    assert professional.get(f"/screenings/{theirs}/uitkomst").status_code == 200  # shared
    html = text_of(professional.get("/casussen/2026-001"))
    assert f"/screenings/{own}" in html and f"/screenings/{theirs}" not in html
    archive = zipfile.ZipFile(io.BytesIO(professional.get("/casussen/2026-001/inzage").data))
    document = archive.read("casus.json").decode()
    assert "Gezin van Sam" in document and "Gezin van Kim" not in document
    assert sorted(archive.namelist()) == ["casus.json", f"screening-{own}.pdf"]
    # Kim's case stays hers: Sam cannot erase or export it through the share.
    submit(professional, "/casussen/2026-001/wissen", {"confirm": "2026-001"})
    with app.app_context():
        assert db.session.get(Screening, theirs) is not None
        assert db.session.get(Screening, own) is None
    assert professional.get("/casussen/2026-001/inzage").status_code == 404
