"""The accounts service, and one-time links: only the newest link of an account works."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from screening import accounts
from screening.db import db
from screening.models import OneTimeToken, User
from tests.factories import PASSWORD, create_user, log_in
from tests.helpers import submit, text_of

LINK = re.compile(r"https?://[^/\s]+/(eerste-account|wachtwoord)/([\w-]+)")


def user_by_email(app: Flask, email: str) -> User:
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email))


def create_kim(coordinator: FlaskClient) -> str:
    """Create an account as a coordinator; return the token of its first link."""
    response = submit(coordinator, "/beheer/gebruikers", {
        "name": "Kim Bakker", "email": "kim@example.nl", "role": "professional",
        "profession": "youth_health_nurse"})
    return LINK.search(text_of(response)).group(2)


def new_link(coordinator: FlaskClient, user_id: int) -> str:
    response = submit(coordinator, "/beheer/gebruikers", {},
                      action=f"/beheer/gebruikers/{user_id}/wachtwoordlink")
    return LINK.search(text_of(response)).group(2)


def set_password(app: Flask, token: str, password: str = PASSWORD) -> int:
    """Follow a link in a fresh browser and set a password; return the final status."""
    client = app.test_client()
    client.get(f"/wachtwoord/{token}")
    if client.get("/wachtwoord").status_code != 200:
        return 404
    response = submit(client, "/wachtwoord", {"password": password, "confirm": password})
    return response.status_code


def switch(coordinator: FlaskClient, user_id: int, active: bool):
    return submit(coordinator, "/beheer/gebruikers", {"active": "1" if active else "0"},
                  action=f"/beheer/gebruikers/{user_id}/actief")


@pytest.mark.parametrize("raw", ["  Kim@Example.NL ", "kim@example.nl", "KIM@EXAMPLE.NL\t"])
def test_one_normal_form_of_an_address(raw: str) -> None:
    assert accounts.normalise_email(raw) == "kim@example.nl"


def test_the_limiter_keys_by_the_normalised_address(app: Flask) -> None:
    from screening.limits import account_key

    with app.test_request_context("/inloggen", method="POST", data={"email": " Kim@Example.nl"}):
        first = account_key()
    with app.test_request_context("/inloggen", method="POST", data={"email": "kim@example.nl"}):
        assert account_key() == first


def test_an_older_link_is_void_once_a_newer_one_is_issued(app: Flask, coordinator) -> None:
    first = create_kim(coordinator)
    kim = user_by_email(app, "kim@example.nl")
    second = new_link(coordinator, kim.id)
    assert set_password(app, first) == 404
    assert set_password(app, second) == 302


def test_setting_a_password_voids_every_other_link(app: Flask, coordinator) -> None:
    first = create_kim(coordinator)
    kim = user_by_email(app, "kim@example.nl")
    second = new_link(coordinator, kim.id)
    with app.app_context():  # even a link made some other way (the console) stops working
        other = accounts.issue_link(db.session.get(User, kim.id))
        db.session.commit()
    assert set_password(app, other) == 302
    assert set_password(app, second) == 404 and set_password(app, first) == 404
    with app.app_context():
        assert db.session.scalars(select(OneTimeToken).where(
            OneTimeToken.user_id == kim.id, OneTimeToken.used_at.is_(None))).all() == []


def test_deactivation_voids_every_link(app: Flask, coordinator) -> None:
    token = create_kim(coordinator)
    kim = user_by_email(app, "kim@example.nl")
    switch(coordinator, kim.id, False)
    switch(coordinator, kim.id, True)
    assert set_password(app, token) == 404


def test_a_link_issued_while_deactivated_does_not_work_after_reactivation(
        app: Flask, coordinator, runner) -> None:
    create_kim(coordinator)
    kim = user_by_email(app, "kim@example.nl")
    switch(coordinator, kim.id, False)
    token = LINK.search(runner.invoke(args=["users", "reset", "kim@example.nl"]).output).group(2)
    switch(coordinator, kim.id, True)
    assert set_password(app, token) == 404


def test_a_double_submit_of_switch_off_leaves_the_account_off(app: Flask, coordinator,
                                                              organisation_id) -> None:
    user_id = create_user(app, organisation_id, "kim@example.nl")
    switch(coordinator, user_id, False)
    switch(coordinator, user_id, False)  # the second click of a double click
    assert not user_by_email(app, "kim@example.nl").active
    switch(coordinator, user_id, True)
    assert user_by_email(app, "kim@example.nl").active


def test_a_switch_without_a_target_state_is_refused(app: Flask, coordinator,
                                                     organisation_id) -> None:
    user_id = create_user(app, organisation_id, "kim@example.nl")
    response = submit(coordinator, "/beheer/gebruikers", {},
                      action=f"/beheer/gebruikers/{user_id}/actief")
    assert response.status_code == 400
    assert user_by_email(app, "kim@example.nl").active


def test_links_use_the_public_address_not_the_host_header(app: Flask, coordinator) -> None:
    app.config["PUBLIC_URL"] = "https://screening.example.nl"
    assert "https://screening.example.nl/wachtwoord/" in text_of(submit(coordinator, "/beheer/gebruikers", {
        "name": "Kim", "email": "kim@example.nl", "role": "professional", "profession": "other"}))
    with app.test_request_context("/beheer/gebruikers", headers={"Host": "evil.example"}):
        assert accounts.link_url("reset", "abc") == "https://screening.example.nl/wachtwoord/abc"


def test_the_session_cookie_never_holds_a_link_token(app: Flask, coordinator) -> None:
    import base64
    import zlib

    token = create_kim(coordinator)
    client = app.test_client()
    client.get(f"/wachtwoord/{token}")
    cookie = client.get_cookie("screening_session").value
    payload = cookie.lstrip(".").split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if cookie.startswith("."):
        data = zlib.decompress(data)
    assert token.encode() not in data
    assert client.get("/wachtwoord").status_code == 200


def test_only_the_newest_setup_link_works(app: Flask, runner) -> None:
    first = LINK.search(runner.invoke(args=["users", "setup-link"]).output).group(2)
    second = LINK.search(runner.invoke(args=["users", "setup-link"]).output).group(2)
    old = app.test_client()
    old.get(f"/eerste-account/{first}")
    assert old.get("/eerste-account").status_code == 404
    new = app.test_client()
    new.get(f"/eerste-account/{second}")
    assert new.get("/eerste-account").status_code == 200


def test_the_cli_creates_through_the_same_service(app: Flask, runner, organisation_id) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    result = runner.invoke(args=["users", "create", "--email", " SAM@example.nl", "--name", "Sam",
                                 "--profession", "other", "--organisation", "Team Almelo"])
    assert result.exit_code != 0 and "exists already" in result.output
    assert runner.invoke(args=["users", "deactivate", "Sam@Example.nl"]).exit_code == 0
    assert runner.invoke(args=["users", "deactivate", "sam@example.nl"]).exit_code == 0
    assert not user_by_email(app, "sam@example.nl").active
    assert log_in(app.test_client(), "sam@example.nl").status_code == 400
