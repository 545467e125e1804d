"""Screenings on instrument 1.1 go through the pages, the result and the PDFs, CSRF on."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from screening.forms import field_name
from screening.instrument import load_instrument
from tests.flows import form_state, start
from tests.helpers import text_of

REPO = Path(__file__).resolve().parent.parent
VERSION_1_1 = load_instrument(
    REPO / "questionnaires" / "vroegsignalering-complexe-scheiding" / "1.1.toml")


def case_answers(name: str) -> dict[str, Any]:
    with (REPO / "tests" / "cases" / "v1_1" / f"{name}.toml").open("rb") as handle:
        return dict(tomllib.load(handle)["answers"])


def answer_all_1_1(client: FlaskClient, screening_id: int, answers: dict[str, Any]) -> None:
    for section in VERSION_1_1.sections:
        page = f"/screenings/{screening_id}/stap/{section.id}"
        data = {**form_state(client, page), "action": "next", "note": ""}
        for item in section.items:
            if item.id in answers:
                data[field_name(item.id)] = str(answers[item.id])
        response = client.post(page, data=data)
        assert response.status_code == 302, (section.id, response.status_code)


@pytest.mark.parametrize(("name", "titles"), [
    ("stalking", ["Eerst veiligheid: volg de Meldcode", "Complexe scheiding, met veiligheid voorop"]),
    ("rechtszaken", ["Complexe scheiding met een OTS: samen met de jeugdbeschermer"]),
    ("peuter", ["Veiligheid: nog niet uitgezocht", "Eerst meer weten"]),
    ("pril_en_rauw", ["Vinger aan de pols: de scheiding is nog vers"]),
])
def test_a_1_1_screening_shows_its_routes_and_prints(
    app: Flask, professional: FlaskClient, name: str, titles: list[str],
) -> None:
    answers = case_answers(name)
    screening_id = start(professional, f"ALM-11-{name[:8]}",
                         instrument=f"{VERSION_1_1.id}@1.1", setting=answers["setting"])
    answer_all_1_1(professional, screening_id, answers)
    html = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert "Vroegsignalering complexe scheiding 1.1" in html
    for title in titles:
        assert title in html
    # The steps a condition leaves out are not shown (no OTS step without an OTS).
    if name == "stalking":
        assert "Er is een OTS: de jeugdbeschermer heeft de regie" not in html
        assert "Spreek met Veilig Thuis af wie de regie heeft" in html
        assert not re.search(r"Conflictueus", html)
    pdf = professional.get(f"/screenings/{screening_id}/samenvatting.pdf")
    assert pdf.status_code == 200 and pdf.get_data()[:5] == b"%PDF-"
