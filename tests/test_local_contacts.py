"""Local contacts: the coordinator keeps them; result page and summary print them."""

from __future__ import annotations

import io
import re

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select

from screening.db import db
from screening.models import AuditEvent, LocalContact, OrganisationMunicipality
from screening.summary import Contact
from screening.summary.contacts import NATIONAL_DEFAULTS, from_json, resolve, to_json, with_defaults
from tests.factories import create_organisation, create_user, log_in
from tests.flows import answer_all, case_answers, judge_and_finalise, start
from tests.helpers import submit, text_of

MISSING = "nog niet ingevuld door de coördinator"


def identity(message: str) -> str:
    return message


def municipality_id(app: Flask, organisation_id: int, name: str = "Almelo") -> int:
    with app.app_context():
        found = db.session.scalars(select(OrganisationMunicipality).where(
            OrganisationMunicipality.organisation_id == organisation_id,
            OrganisationMunicipality.name == name)).one()
        return found.id


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_national_defaults_and_missing_kinds() -> None:
    known = with_defaults({})
    emergency, veilig_thuis, wijkteam = resolve(["emergency", "veilig_thuis", "wijkteam"], known,
                                                identity)
    assert emergency.line == "112" and not emergency.missing
    assert "0800-2000" in veilig_thuis.line
    assert wijkteam.missing and wijkteam.label == "Wijkteam of CJG"
    assert "0800-0432" in with_defaults({})["kindertelefoon"].line
    # An emptied default is missing, not silently the national number.
    assert "veilig_thuis" not in with_defaults({"veilig_thuis": Contact("veilig_thuis", "")})
    assert resolve(["jgz", "jgz"], known, identity)[0].kind == "jgz"
    assert len(resolve(["jgz", "jgz"], known, identity)) == 1
    assert from_json(to_json(known)) == {k: v for k, v in known.items()}
    assert set(NATIONAL_DEFAULTS) == {"emergency", "veilig_thuis", "kindertelefoon"}


def test_coordinator_sees_defaults_and_fills_in_a_contact(app: Flask, coordinator: FlaskClient,
                                                          organisation_id: int) -> None:
    page = text_of(coordinator.get("/beheer/contacten"))
    assert "0800-2000" in page and "0800-0432" in page and "112" in page
    assert MISSING in page
    where = municipality_id(app, organisation_id)
    edit = f"/beheer/contacten/{where}/wijkteam"
    response = submit(coordinator, edit, {
        "name": "Wijkteam <b>Almelo</b>-Noord", "phone": "0546 123 456",
        "website": "https://wijkteam.example", "note": "Op werkdagen & 's avonds"})
    assert response.status_code == 302
    page = text_of(coordinator.get("/beheer/contacten"))
    assert "Wijkteam &lt;b&gt;Almelo&lt;/b&gt;-Noord" in page and "<b>Almelo</b>" not in page
    assert "0546 123 456" in page
    with app.app_context():
        row = db.session.scalars(select(LocalContact)).one()
        assert (row.municipality, row.kind, row.phone) == ("Almelo", "wijkteam", "0546 123 456")
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "edit")).all()
        assert [event.organisation_id for event in events] == [organisation_id]


def test_bad_input_is_refused(app: Flask, coordinator: FlaskClient, organisation_id: int) -> None:
    edit = f"/beheer/contacten/{municipality_id(app, organisation_id)}/jgz"
    for data in ({"website": "javascript:alert(1)"}, {"phone": "bel <me>"}, {"note": "x" * 301}):
        response = submit(coordinator, edit, data)
        assert response.status_code == 400
        assert "Er klopt nog iets niet" in text_of(response)
    assert coordinator.post(edit, data={"name": "zonder token"}).status_code == 400
    with app.app_context():
        assert db.session.scalars(select(LocalContact)).all() == []


def test_only_the_organisations_coordinator(app: Flask, professional: FlaskClient,
                                            organisation_id: int) -> None:
    assert professional.get("/beheer/contacten").status_code == 403
    assert professional.get(
        f"/beheer/contacten/{municipality_id(app, organisation_id)}/jgz").status_code == 403
    other = create_organisation(app, "Team Elders", ("Enschede",))
    create_user(app, other, "elders@example.nl", role="coordinator")
    stranger = app.test_client()
    log_in(stranger, "elders@example.nl")
    assert stranger.get(
        f"/beheer/contacten/{municipality_id(app, organisation_id)}/jgz").status_code == 404
    own = municipality_id(app, other, "Enschede")
    assert stranger.get(f"/beheer/contacten/{own}/no_such_kind").status_code == 404
    assert stranger.get(f"/beheer/contacten/{own}/jgz").status_code == 200


def test_result_page_and_summary_show_the_municipalitys_contact(
        app: Flask, coordinator: FlaskClient, professional: FlaskClient,
        organisation_id: int) -> None:
    where = municipality_id(app, organisation_id)
    submit(coordinator, f"/beheer/contacten/{where}/veilig_thuis", {
        "name": "Veilig Thuis Twente", "phone": "0800-2000", "website": "https://vttwente.example",
        "note": ""})
    screening_id = start(professional, municipality="Almelo")
    answer_all(professional, screening_id, case_answers("getuige_geweld_eenmalig"))
    page = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert "Veilig Thuis Twente" in page
    assert 'href="https://vttwente.example"' in page
    summary = professional.get(f"/screenings/{screening_id}/samenvatting.pdf").data
    assert "Veilig Thuis: Veilig Thuis Twente · 0800-2000" in pdf_text(summary)


def test_a_finalised_summary_keeps_its_contacts(app: Flask, coordinator: FlaskClient,
                                                professional: FlaskClient,
                                                organisation_id: int) -> None:
    where = municipality_id(app, organisation_id)
    screening_id = start(professional, municipality="Almelo")
    answer_all(professional, screening_id, case_answers("getuige_geweld_eenmalig"))
    judge_and_finalise(professional, screening_id)
    first = professional.get(f"/screenings/{screening_id}/samenvatting.pdf").data
    submit(coordinator, f"/beheer/contacten/{where}/veilig_thuis", {"name": "Nieuw VT"})
    again = professional.get(f"/screenings/{screening_id}/samenvatting.pdf").data
    assert again == first
    assert "Nieuw VT" not in pdf_text(again) and "0800-2000" in pdf_text(again)
    assert re.search(r"Afgerond op", pdf_text(again))


def test_hostile_contact_text_is_escaped_on_the_result_page(
        app: Flask, coordinator: FlaskClient, professional: FlaskClient,
        organisation_id: int) -> None:
    where = municipality_id(app, organisation_id)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    submit(coordinator, f"/beheer/contacten/{where}/veilig_thuis", {
        "name": hostile, "note": "<b>open</b> & dicht"})
    screening_id = start(professional, municipality="Almelo")
    answer_all(professional, screening_id, case_answers("getuige_geweld_eenmalig"))
    page = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert hostile not in page and "<b>open</b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;b&gt;open&lt;/b&gt; &amp; dicht" in page
    summary = pdf_text(professional.get(f"/screenings/{screening_id}/samenvatting.pdf").data)
    assert hostile in summary
