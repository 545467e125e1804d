"""Random and hostile form data to every form: never a 500, and refused input writes no row."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from screening.db import db
from screening.models import OneTimeToken, Organisation, OrganisationMunicipality, Screening, Share, User
from tests.factories import create_user
from tests.flows import start
from tests.helpers import csrf_token

ALLOWED = {200, 302, 400, 403, 404, 409, 413, 429}
HOSTILE = st.sampled_from([
    "<script>alert(1)</script>", "'; DROP TABLE screenings; --", "\x00", "🙂" * 50,
    "%00", "../../etc/passwd", "<img src=x onerror=alert(1)>", "A" * 5000, "", " ", "-1",
    "99999999999999999999", "unknown", "yes", "agree", "other", "complex", "1", "1.5",
    "vroegsignalering-complexe-scheiding@1.0", "Almelo", "ALM-2026-001",
])
# Lone surrogates cannot travel in an HTTP body; raw invalid bytes are tested in test_security.
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
# Bytes are sent as a multipart file in that field: a text field sent as a file.
VALUES = st.one_of(HOSTILE, TEXT, st.binary(max_size=50))
FIELD_NAMES = [
    "email", "password", "confirm", "organisation", "municipalities", "name", "role",
    "profession", "case_reference", "municipality", "instrument", "setting", "screener_role",
    "confirm_pseudonym", "note", "lock_version", "hidden_items", "action", "q_contact_frequency",
    "q_children_count", "q_safety_gate", "q_weapon", "judgement", "chosen_tier", "reason",
    "colleague",
]
FORMS = st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), TEXT.map(lambda t: t[:20])), VALUES,
                        max_size=12)
TABLES = (User, Organisation, OrganisationMunicipality, OneTimeToken, Screening, Share)


def counts(app: Flask) -> tuple[int, ...]:
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES)


def check(app: Flask, client, path: str, data: dict[str, str], token: str | None) -> None:
    before = counts(app)
    payload: dict[str, object] = {
        name: (io.BytesIO(value), "bestand.txt") if isinstance(value, bytes) else value
        for name, value in data.items()}
    if token:
        payload["csrf_token"] = token
    response = client.post(path, data=payload, content_type="multipart/form-data")
    assert response.status_code in ALLOWED, (path, response.status_code)
    # Success is a redirect, or the page that shows a new one-time link once.
    succeeded = response.status_code == 302 or (
        response.status_code == 200 and 'id="one-time-link"' in response.get_data(as_text=True))
    if not succeeded:
        assert counts(app) == before, (path, data)


SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@SETTINGS
@given(data=FORMS, with_token=st.booleans())
def test_anonymous_forms(app: Flask, data: dict[str, str], with_token: bool) -> None:
    client = app.test_client()
    token = csrf_token(client, "/inloggen") if with_token else None
    for path in ("/inloggen", "/eerste-account", "/wachtwoord", "/uitloggen"):
        check(app, client, path, data, token)


@SETTINGS
@given(data=FORMS, with_token=st.booleans())
def test_professional_forms(app: Flask, professional, data: dict[str, str], with_token: bool) -> None:
    screening_id = getattr(app, "_hostile_screening", None)
    if screening_id is None:
        screening_id = app._hostile_screening = start(professional)  # type: ignore[attr-defined]
    token = csrf_token(professional, "/screenings") if with_token else None
    for path in ("/screenings/nieuw", f"/screenings/{screening_id}/stap/context",
                 f"/screenings/{screening_id}/stap/safety", f"/screenings/{screening_id}/oordeel",
                 f"/screenings/{screening_id}/delen", f"/screenings/{screening_id}/delen/1/intrekken",
                 "/casussen/ALM-2026-001/wissen", f"/screenings/{screening_id}/afronden"):
        check(app, professional, path, data, token)


@SETTINGS
@given(data=FORMS, with_token=st.booleans())
def test_coordinator_forms(app: Flask, coordinator, organisation_id, data: dict[str, str],
                           with_token: bool) -> None:
    user_id = getattr(app, "_hostile_user", None)
    if user_id is None:
        user_id = app._hostile_user = create_user(  # type: ignore[attr-defined]
            app, organisation_id, "doel@example.nl")
    token = csrf_token(coordinator, "/beheer/") if with_token else None
    for path in ("/beheer/gebruikers", f"/beheer/gebruikers/{user_id}/wachtwoordlink",
                 f"/beheer/gebruikers/{user_id}/actief"):
        check(app, coordinator, path, data, token)
    # Keep the target usable for the next example.
    with app.app_context():
        user = db.session.get(User, user_id)
        user.active = True
        db.session.commit()


QUERY = st.dictionaries(
    st.sampled_from(["q", "outcome", "status", "date_from", "date_to", "pagina", "account",
                     "event", "_method", "_anchor", "_external", "lang"]),
    st.one_of(VALUES, st.sampled_from(["0001-01-01", "9999-12-31", "2026-11-28", "²",
                                       "99999999999999999999", "-1", "POST"])),
    max_size=6)


@SETTINGS
@given(query=QUERY)
def test_query_strings_never_break_a_page(app: Flask, professional, coordinator,
                                          query: dict[str, str]) -> None:
    for client, path in ((professional, "/screenings"), (coordinator, "/beheer/logboek/"),
                         (coordinator, "/beheer/logboek/logboek.csv")):
        response = client.get(path, query_string=query)
        assert response.status_code in ALLOWED, (path, query, response.status_code)
        assert response.status_code != 302 or "//" not in response.headers["Location"][:2]


@pytest.mark.parametrize("path", ["/%09/evil.example?lang=en", "/%0A/x?lang=en",
                                  "//evil.example/?lang=en", "/screenings/99999999999999999999",
                                  "/screenings/2147483648/uitkomst"])
def test_odd_paths_give_a_404_and_never_an_outside_redirect(professional, path: str) -> None:
    response = professional.get(path)
    assert response.status_code in (302, 404), response.status_code
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/") and not \
            response.headers["Location"].startswith("//")
