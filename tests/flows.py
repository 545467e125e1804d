"""Drive a screening through its pages the way a professional does, CSRF on."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from screening.forms import field_name
from screening.instrument import Instrument, load_registry
from tests.helpers import TOKEN, submit

REPO = Path(__file__).resolve().parent.parent
INSTRUMENT_PATH = REPO / "questionnaires" / "vroegsignalering-complexe-scheiding" / "1.0.toml"
HIDDEN = re.compile(r'name="(lock_version|hidden_items)"[^>]*value="([^"]*)"')
SCREENING_ID = re.compile(r"/screenings/(\d+)/")


def instrument() -> Instrument:
    return load_registry(REPO / "questionnaires").get("vroegsignalering-complexe-scheiding", "1.0")


def case_answers(name: str) -> dict[str, Any]:
    with (REPO / "tests" / "cases" / f"{name}.toml").open("rb") as handle:
        return dict(tomllib.load(handle)["answers"])


def start(client: FlaskClient, case_reference: str = "ALM-2026-001",
          municipality: str = "Almelo", **extra: str) -> int:
    """Start a screening and return its id."""
    response = submit(client, "/screenings/nieuw", {
        "case_reference": case_reference, "municipality": municipality,
        "instrument": "vroegsignalering-complexe-scheiding@1.0", "setting": "intake", **extra,
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(SCREENING_ID.search(response.headers["Location"]).group(1))


def form_state(client: FlaskClient, page: str) -> dict[str, str]:
    """Read the CSRF token and the hidden fields of a step page."""
    html = client.get(page).get_data(as_text=True)
    state = dict(HIDDEN.findall(html))
    state["csrf_token"] = TOKEN.search(html).group(1)
    return state


def post_step(client: FlaskClient, screening_id: int, section_id: str, answers: dict[str, Any],
              action: str = "next", note: str = "") -> TestResponse:
    """Post one step with the answers that belong to its section."""
    page = f"/screenings/{screening_id}/stap/{section_id}"
    section = instrument().section(section_id)
    data = {**form_state(client, page), "action": action, "note": note}
    for item in section.items:
        if item.id in answers:
            data[field_name(item.id)] = str(answers[item.id])
    return client.post(page, data=data)


def answer_all(client: FlaskClient, screening_id: int, answers: dict[str, Any],
               notes: dict[str, str] | None = None) -> None:
    """Answer every section in order and arrive at the review."""
    for section in instrument().sections:
        response = post_step(client, screening_id, section.id, answers,
                             note=(notes or {}).get(section.id, ""))
        assert response.status_code == 302, (section.id, response.status_code)


def judge_and_finalise(client: FlaskClient, screening_id: int, **judgement: str) -> TestResponse:
    page = f"/screenings/{screening_id}/uitkomst"
    state = form_state(client, page)
    lock = re.search(r'name="lock_version"[^>]*value="(\d+)"', client.get(page).get_data(as_text=True))
    response = client.post(f"/screenings/{screening_id}/oordeel", data={
        "csrf_token": state["csrf_token"], "lock_version": lock.group(1),
        "judgement": "agree", **judgement})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return finalise(client, screening_id)


def finalise(client: FlaskClient, screening_id: int) -> TestResponse:
    """Confirm 'Screening afronden' on the page that shows what will be frozen.

    Without a judgement that page offers no button: post what the result page holds,
    as a stale or hand-made request would, to see the server refuse it too.
    """
    state = form_state(client, f"/screenings/{screening_id}/afronden")
    if "lock_version" not in state:
        state = form_state(client, f"/screenings/{screening_id}/uitkomst")
    return client.post(f"/screenings/{screening_id}/afronden", data={
        "csrf_token": state["csrf_token"], "lock_version": state["lock_version"]})
