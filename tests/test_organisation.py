"""Organisation settings, the national municipality list, and the public statements."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from screening.db import db
from screening.models import AuditEvent, Organisation
from screening.municipalities import load
from tests.helpers import submit, text_of


def test_the_shipped_list_is_the_whole_country() -> None:
    municipalities = load()
    assert municipalities.year >= 2025 and "CBS" in municipalities.source
    assert len(municipalities.municipalities) == 342
    by_code = municipalities.by_code()
    assert by_code["GM0153"].name == "Enschede" and by_code["GM0363"].name == "Amsterdam"
    assert by_code["GM1992"].name == "Voorne aan Zee"  # formed on 1 January 2023
    assert len(municipalities.by_province()) == 12


def settings_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.event == "settings_change"))


def test_coordinator_sets_contact_and_municipalities(app: Flask, coordinator) -> None:
    page = text_of(coordinator.get("/beheer/organisatie/"))
    assert "Zoek een gemeente" in page and "Voorne aan Zee" in page
    before = settings_count(app)
    response = submit(coordinator, "/beheer/organisatie/", {
        "contact_email": "privacy@team.example.nl", "privacy_officer_email": "",
        "municipalities": ["GM0141", "GM0363"],  # keep Almelo, drop Borne, add Amsterdam
    })
    assert response.status_code == 302
    assert settings_count(app) == before + 1
    with app.app_context():
        organisation = db.session.scalar(select(Organisation))
        assert organisation.municipality_names == ["Almelo", "Amsterdam"]
        assert [m.code for m in organisation.municipalities] == ["GM0141", "GM0363"]
        assert organisation.contact_email == "privacy@team.example.nl"
    page = text_of(coordinator.get("/beheer/organisatie/"))
    assert "Gemeenten toegevoegd: Amsterdam" in page and "Gemeenten verwijderd: Borne" in page
    # The footer of every page shows the contact address.
    assert "privacy@team.example.nl" in text_of(coordinator.get("/beheer/"))


def test_at_least_one_municipality_and_only_known_codes(app: Flask, coordinator) -> None:
    response = submit(coordinator, "/beheer/organisatie/", {
        "contact_email": "privacy@team.example.nl", "municipalities": ["GM9999"]})
    assert response.status_code == 400  # a refused form answers 400 with its page
    response = submit(coordinator, "/beheer/organisatie/", {"contact_email": "privacy@team.example.nl"})
    assert "Kies minstens één gemeente" in text_of(response)
    assert settings_count(app) == 0


def test_professionals_cannot_change_settings(professional) -> None:
    assert professional.get("/beheer/organisatie/").status_code == 403


def test_statements_are_public_and_filled_from_configuration(app: Flask, coordinator) -> None:
    submit(coordinator, "/beheer/organisatie/", {
        "contact_email": "privacy@team.example.nl", "privacy_officer_email": "fg@team.example.nl",
        "municipalities": ["GM0141"]})
    anonymous = app.test_client()
    privacy = anonymous.get("/privacyverklaring")
    assert privacy.status_code == 200
    page = text_of(privacy)
    assert "Team Almelo" in page and "privacy@team.example.nl" in page and "fg@team.example.nl" in page
    assert f"{app.config['RETENTION_FINAL_MONTHS']} maanden" in page
    assert f"{app.config['RETENTION_DRAFT_DAYS']} dagen" in page
    assert "Autoriteit Persoonsgegevens" in page
    statement = anonymous.get("/toegankelijkheidsverklaring")
    assert statement.status_code == 200
    page = text_of(statement)
    assert "WCAG 2.1" in page and "Nationale ombudsman" in page and "privacy@team.example.nl" in page
    # Both are linked in the footer of the login page too.
    login = anonymous.get("/inloggen").get_data(as_text=True)
    assert 'href="/privacyverklaring"' in login and 'href="/toegankelijkheidsverklaring"' in login


def test_an_organisation_theme_from_the_instance_folder(tmp_path, database_url) -> None:
    from tests.conftest import dispose, make_app, upgrade

    theme = tmp_path / "instance" / "theme"
    theme.mkdir(parents=True)
    (theme / "huisstijl.css").write_text(".mijn-theme { --basis-color-accent-1-bg-default: #005; }\n")
    (theme / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>\n')
    app = make_app(database_url, tmp_path, THEME_CLASS="mijn-theme")
    upgrade(app)
    client = app.test_client()
    html = client.get("/inloggen").get_data(as_text=True)
    assert 'class="mijn-theme utrecht-root utrecht-body"' in html and 'href="/thema/huisstijl.css"' in html
    assert 'src="/thema/logo"' in html
    with client.get("/thema/huisstijl.css") as css:
        assert css.status_code == 200 and css.mimetype == "text/css"
    with client.get("/thema/logo") as logo:
        assert logo.mimetype == "image/svg+xml"
    dispose(app)


def test_without_a_theme_the_example_theme_is_used(app: Flask) -> None:
    client = app.test_client()
    html = client.get("/inloggen").get_data(as_text=True)
    assert 'class="voorbeeld-theme utrecht-root utrecht-body"' in html
    assert "vendor/nlds/components.css" in html
    assert client.get("/thema/huisstijl.css").status_code == 404
    assert client.get("/thema/logo").status_code == 404
