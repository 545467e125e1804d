"""Coordinators manage their organisation's accounts; professionals cannot."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from screening.db import db
from screening.models import User
from tests.factories import PASSWORD, create_organisation, create_user, log_in
from tests.helpers import submit, text_of

LINK = re.compile(r"http://127.0.0.1:5000/wachtwoord/([\w-]+)")


def user_by_email(app: Flask, email: str) -> User:
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email))


def test_coordinator_lands_on_the_overview(coordinator) -> None:
    response = coordinator.get("/")
    assert response.headers["Location"] == "/beheer/"
    html = text_of(coordinator.get("/beheer/"))
    assert "Team Almelo" in html and "Almelo, Borne" in html


def test_professional_cannot_manage_accounts(professional) -> None:
    assert professional.get("/beheer/").status_code == 403
    assert professional.get("/beheer/gebruikers").status_code == 403


def test_create_account_then_set_password_then_log_in(app: Flask, coordinator) -> None:
    response = submit(coordinator, "/beheer/gebruikers", {
        "name": "Kim Bakker", "email": "Kim@Example.nl", "role": "professional",
        "profession": "youth_health_nurse",
    })
    assert response.status_code == 200
    token = LINK.search(text_of(response)).group(1)
    user = user_by_email(app, "kim@example.nl")
    assert (user.role, user.profession, user.password_hash) == (
        "professional", "youth_health_nurse", None)

    kim = app.test_client()
    kim.get(f"/wachtwoord/{token}")
    response = submit(kim, "/wachtwoord", {"password": PASSWORD, "confirm": PASSWORD})
    assert response.headers["Location"] == "/inloggen"
    assert log_in(kim, "kim@example.nl").status_code == 302
    # The link worked once.
    again = app.test_client()
    again.get(f"/wachtwoord/{token}")
    assert again.get("/wachtwoord").status_code == 404


def test_duplicate_email_is_refused_in_dutch(coordinator) -> None:
    response = submit(coordinator, "/beheer/gebruikers", {
        "name": "Dubbel", "email": "co@example.nl", "role": "professional",
        "profession": "other",
    })
    assert "Er bestaat al een account met dit e-mailadres." in text_of(response)


def test_deactivate_ends_the_colleagues_session(app: Flask, coordinator, organisation_id) -> None:
    user_id = create_user(app, organisation_id, "kim@example.nl")
    kim = app.test_client()
    log_in(kim, "kim@example.nl")
    assert kim.get("/screenings").status_code == 200
    submit(coordinator, "/beheer/gebruikers", {"active": "0"},
           action=f"/beheer/gebruikers/{user_id}/actief")
    assert not user_by_email(app, "kim@example.nl").active
    assert kim.get("/screenings").headers["Location"] == "/inloggen"


def test_accounts_of_another_organisation_do_not_exist(app: Flask, coordinator) -> None:
    other = create_organisation(app, "Ander team", ("Enschede",))
    user_id = create_user(app, other, "ander@example.nl")
    assert "ander@example.nl" not in text_of(coordinator.get("/beheer/gebruikers"))
    response = submit(coordinator, "/beheer/gebruikers", {},
                      action=f"/beheer/gebruikers/{user_id}/wachtwoordlink")
    assert response.status_code == 404


def test_users_cli(app: Flask, runner, organisation_id) -> None:
    result = runner.invoke(args=["users", "create", "--email", "jo@example.nl", "--name", "Jo",
                                 "--profession", "welfare_worker", "--organisation", "Team Almelo"])
    assert result.exit_code == 0, result.output
    assert "/wachtwoord/" in result.output
    listing = runner.invoke(args=["users", "list"]).output
    assert "jo@example.nl\tprofessional\tTeam Almelo\tactive" in listing
    assert runner.invoke(args=["users", "deactivate", "jo@example.nl"]).exit_code == 0
    assert "deactivated" in runner.invoke(args=["users", "list"]).output
    assert "/wachtwoord/" in runner.invoke(args=["users", "reset", "jo@example.nl"]).output
    missing = runner.invoke(args=["users", "reset", "niemand@example.nl"])
    assert missing.exit_code != 0 and "No account" in missing.output

