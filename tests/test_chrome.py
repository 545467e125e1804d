"""The page chrome is kept per language and role; each visitor still gets their own token."""

from __future__ import annotations

from flask import Flask

from tests.factories import create_user, log_in
from tests.helpers import TOKEN, submit, text_of


def test_each_visitor_gets_their_own_logout_token_in_the_kept_menu(
        app: Flask, organisation_id, professional) -> None:
    create_user(app, organisation_id, "kim@example.nl")
    other = app.test_client()
    log_in(other, "kim@example.nl")
    pages = [text_of(client.get("/screenings")) for client in (professional, other)]
    tokens = [TOKEN.search(page).group(1) for page in pages]  # type: ignore[union-attr]
    assert tokens[0] != tokens[1]
    assert pages[0].replace(tokens[0], "") == pages[1].replace(tokens[1], "")
    for client in (professional, other):
        response = submit(client, "/screenings", {}, action="/uitloggen")
        assert response.headers["Location"] == "/inloggen"
        assert client.get("/screenings").status_code == 302


def test_the_kept_chrome_follows_language_and_role(app: Flask, professional, coordinator) -> None:
    dutch = text_of(professional.get("/screenings"))
    assert "Nieuwe screening" in dutch and "Naar de inhoud" in dutch
    professional.get("/screenings?lang=en")
    english = text_of(professional.get("/screenings"))
    assert "New screening" in english and "Skip to content" in english
    assert "Nieuwe screening" not in english
    menu = text_of(coordinator.get("/beheer/"))
    assert "Logboek" in menu and "Nieuwe screening" not in menu
    anonymous = text_of(app.test_client().get("/inloggen"))
    assert "Uitloggen" not in anonymous and "Naar de inhoud" in anonymous
