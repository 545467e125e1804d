"""Screenings on instruments 1.1 and 1.2 go through the pages, the result and the PDFs, CSRF on."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from screening.db import db
from screening.forms import field_name
from screening.instrument import Instrument, load_instrument
from screening.models import Screening
from tests.flows import form_state, judge_and_finalise, start
from tests.helpers import csrf_token, text_of
from tests.pdf.conftest import flat
from tests.pdf.conftest import text_of as pdf_text

REPO = Path(__file__).resolve().parent.parent
FOLDER = REPO / "questionnaires" / "vroegsignalering-complexe-scheiding"
VERSIONS = {version: load_instrument(FOLDER / f"{version}.toml") for version in ("1.1", "1.2")}
AFTER_MELDCODE = "Na de stappen van de Meldcode: plan dan een nieuwe screening."


def case_answers(name: str, version: str = "1.1") -> dict[str, Any]:
    folder = f"v{version.replace('.', '_')}"
    with (REPO / "tests" / "cases" / folder / f"{name}.toml").open("rb") as handle:
        return dict(tomllib.load(handle)["answers"])


def start_on(client: FlaskClient, version: str, reference: str, answers: dict[str, Any]) -> int:
    instrument = VERSIONS[version]
    return start(client, reference, instrument=f"{instrument.id}@{version}",
                 setting=answers["setting"])


def answer_all_on(client: FlaskClient, instrument: Instrument, screening_id: int,
                  answers: dict[str, Any]) -> None:
    for section in instrument.sections:
        page = f"/screenings/{screening_id}/stap/{section.id}"
        data = {**form_state(client, page), "action": "next", "note": ""}
        for item in section.items:
            if item.id in answers:
                data[field_name(item.id)] = str(answers[item.id])
        response = client.post(page, data=data)
        assert response.status_code == 302, (section.id, response.status_code)


@pytest.mark.parametrize("version", sorted(VERSIONS))
@pytest.mark.parametrize(("name", "titles"), [
    ("stalking", ["Eerst veiligheid: volg de Meldcode", "Complexe scheiding, met veiligheid voorop"]),
    ("rechtszaken", ["Complexe scheiding met een OTS: samen met de jeugdbeschermer"]),
    ("peuter", ["Veiligheid: nog niet uitgezocht", "Eerst meer weten"]),
    ("pril_en_rauw", ["Vinger aan de pols: de scheiding is nog vers"]),
])
def test_a_screening_shows_its_routes_and_prints(
    app: Flask, professional: FlaskClient, name: str, titles: list[str], version: str,
) -> None:
    answers = case_answers(name, version)
    screening_id = start_on(professional, version, f"ALM-{version[-1]}-{name[:8]}", answers)
    answer_all_on(professional, VERSIONS[version], screening_id, answers)
    html = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert f"Vroegsignalering complexe scheiding {version}" in html
    for title in titles:
        assert title in html
    # The steps a condition leaves out are not shown (no OTS step without an OTS).
    if name == "stalking":
        assert "Er is een OTS: de jeugdbeschermer heeft de regie" not in html
        assert "Spreek met Veilig Thuis af wie de regie heeft" in html
        assert not re.search(r"Conflictueus", html)
    pdf = professional.get(f"/screenings/{screening_id}/samenvatting.pdf")
    assert pdf.status_code == 200 and pdf.get_data()[:5] == b"%PDF-"


@pytest.mark.parametrize("name", ["stalking", "acuut_gevaar", "alleen_verwaarlozing"])
def test_on_1_2_a_safety_case_plans_the_next_screening_after_the_meldcode(
    app: Flask, professional: FlaskClient, name: str,
) -> None:
    """Decision 8: with concern or acute no date in weeks, on the page, in the PDF, in the list."""
    answers = case_answers(name, "1.2")
    screening_id = start_on(professional, "1.2", f"ALM-12-{name[:8]}", answers)
    answer_all_on(professional, VERSIONS["1.2"], screening_id, answers)
    draft = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert AFTER_MELDCODE in draft and "over " + "6 weken" not in draft
    assert "zetten we daarom nog geen datum" in draft
    judge_and_finalise(professional, screening_id)
    with app.app_context():
        assert db.session.get(Screening, screening_id).rescreen_on is None
    final = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert AFTER_MELDCODE in final and "Screen deze casus opnieuw op" not in final
    pdf = professional.get(f"/screenings/{screening_id}/samenvatting.pdf").get_data()
    text = flat(pdf_text(pdf))
    assert "Volgende screening: Na de stappen van de Meldcode" in text
    # The case stays in view: on the case page and under "Opnieuw screenen", until a date is set.
    reference = f"ALM-12-{name[:8]}"
    assert AFTER_MELDCODE in text_of(professional.get(f"/casussen/{reference}"))
    due = text_of(professional.get("/opnieuw-screenen"))
    assert "Nog geen datum: eerst de stappen van de Meldcode" in due and reference in due
    token = csrf_token(professional, f"/screenings/{screening_id}/uitkomst")
    professional.post(f"/screenings/{screening_id}/opnieuw-screenen",
                      data={"csrf_token": token, "rescreen_on": "2031-01-06"})
    assert reference not in text_of(professional.get("/opnieuw-screenen"))
    # Once planned, the PDF prints the date the owner set, as the pages show it.
    pdf = professional.get(f"/screenings/{screening_id}/samenvatting.pdf").get_data()
    assert "Volgende screening: 6 januari 2031" in flat(pdf_text(pdf))
    for page in (f"/screenings/{screening_id}/uitkomst", f"/casussen/{reference}"):
        html = text_of(professional.get(page))
        assert "Screen deze casus opnieuw op 6 januari 2031." in html
        assert "Vul de datum in als de stappen zijn gezet." not in html  # the route's step may say it


def test_on_1_2_neglect_only_reads_as_care_for_the_child(
    app: Flask, professional: FlaskClient,
) -> None:
    """Decision 1: a neglect-only family gets its own route; no summary label of violence."""
    answers = case_answers("alleen_verwaarlozing", "1.2")
    screening_id = start_on(professional, "1.2", "ALM-12-neglect", answers)
    answer_all_on(professional, VERSIONS["1.2"], screening_id, answers)
    html = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert "Vinger aan de pols, met de zorg voor het kind voorop" in html
    assert "Signalen of beschuldigingen over de veiligheid van het kind of van een ouder" in html
    assert "signalen van huiselijk geweld" not in html.lower()
    assert "Zie geweld, dreiging of controle niet als ruzie" not in html
