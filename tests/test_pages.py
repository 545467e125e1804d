"""Base layout, language switch, error pages and the health check."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import dispose, make_app
from tests.helpers import text_of


def test_healthz_answers_when_the_database_answers(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "audit": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'missing-dir' / 'x.sqlite3'}", tmp_path)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    dispose(app)


def test_pages_are_dutch_by_default(client) -> None:
    html = text_of(client.get("/inloggen"))
    assert '<html lang="nl">' in html
    assert "Inloggen" in html
    assert "Naar de inhoud" in html  # skip link
    assert 'href="#main"' in html and 'id="main"' in html


def test_language_choice_english_and_back(client) -> None:
    response = client.get("/inloggen?lang=en")
    assert response.status_code == 302
    assert response.headers["Location"] == "/inloggen"
    html = text_of(client.get("/inloggen"))
    assert '<html lang="en">' in html
    assert "Log in" in html and "Skip to content" in html
    client.get("/inloggen?lang=nl")
    assert '<html lang="nl">' in text_of(client.get("/inloggen"))


def test_unknown_language_is_ignored(client) -> None:
    client.get("/inloggen?lang=xx")
    assert '<html lang="nl">' in text_of(client.get("/inloggen"))


def test_errors_in_english_when_chosen(professional) -> None:
    professional.get("/inloggen?lang=en")
    assert "Page not found" in text_of(professional.get("/bestaat-niet"))


def test_404_in_dutch_with_a_way_back(professional) -> None:
    response = professional.get("/bestaat-niet")
    assert response.status_code == 404
    html = text_of(response)
    assert "Pagina niet gevonden" in html
    assert "Terug naar de startpagina" in html
    assert "Traceback" not in html


def test_405_in_dutch(professional) -> None:
    response = professional.post("/healthz")
    assert response.status_code == 405
    assert "Niet toegestaan" in text_of(response)
    assert "GET" in response.headers["Allow"]


def test_413_in_dutch(client) -> None:
    response = client.post("/inloggen", data={"email": "x" * 400_000})
    assert response.status_code == 413
    assert "Te veel gegevens" in text_of(response)


def test_post_without_csrf_token_is_refused_in_dutch(client) -> None:
    response = client.post("/inloggen", data={"email": "a@example.nl", "password": "x"})
    assert response.status_code == 400
    assert "Ongeldig verzoek" in text_of(response)


def test_assets_are_served_by_the_app_itself(client) -> None:
    html = text_of(client.get("/inloggen"))
    assert "http://" not in html and "https://" not in html
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200
