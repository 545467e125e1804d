"""Login, throttling, idle timeout, logout, setup link and password rules."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from flask import Flask
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from screening.db import db
from screening.login import PUBLIC_ENDPOINTS
from screening.models import Organisation, User, utcnow
from tests.factories import PASSWORD, create_user, log_in
from tests.helpers import csrf_token, submit, text_of

LINK = re.compile(r"https?://\S+/(eerste-account|wachtwoord)/(\S+)")


def dummy_path(app: Flask, rule) -> str:
    values = {arg: 1 if isinstance(rule._converters.get(arg), IntegerConverter) else "x"
              for arg in rule.arguments}
    with app.test_request_context():
        from flask import url_for
        return url_for(rule.endpoint, **values)


def test_every_non_public_route_sends_anonymous_visitors_to_login(app: Flask) -> None:
    client = app.test_client()
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS or rule.endpoint.startswith("old_paths."):
            continue  # old paths only answer 308 to their new path (tests/test_old_paths.py)
        path = dummy_path(app, rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method)
            assert response.status_code == 302, (method, path, response.status_code)
            assert response.headers["Location"] == "/inloggen", (method, path)
            checked += 1
    assert checked >= 6


def test_public_pages_open_without_login(client) -> None:
    assert client.get("/inloggen").status_code == 200
    assert client.get("/healthz").status_code == 200
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200
    assert client.get("/eerste-account").status_code == 404  # no valid link: nothing to set up


def test_login_and_landing(app: Flask, organisation_id: int) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    response = log_in(client, "Sam@Example.nl ")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/screenings"
    assert client.get("/screenings").status_code == 200


def test_wrong_password_and_unknown_account_get_the_same_message(app, organisation_id) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    wrong = text_of(log_in(client, "sam@example.nl", "verkeerd wachtwoord hier"))
    unknown = text_of(log_in(client, "niemand@example.nl", "verkeerd wachtwoord hier"))
    message = "Het e-mailadres of het wachtwoord klopt niet."
    assert message in wrong and message in unknown
    assert client.get("/").status_code == 302


def test_deactivated_account_cannot_log_in(app, organisation_id) -> None:
    create_user(app, organisation_id, "oud@example.nl", active=False)
    client = app.test_client()
    assert "klopt niet" in text_of(log_in(client, "oud@example.nl"))


def test_login_without_csrf_token_is_refused(app, organisation_id) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    response = client.post("/inloggen", data={"email": "sam@example.nl", "password": PASSWORD})
    assert response.status_code == 400
    assert "Ongeldig verzoek" in text_of(response)


def fail_from_new_addresses(client, email: str, times: int, start: int = 0) -> list:
    return [log_in(client, email, "fout fout fout fout",
                   environ_base={"REMOTE_ADDR": f"10.0.{n // 200}.{n % 200}"})
            for n in range(start, start + times)]


def test_failures_per_account_bring_a_short_growing_wait_not_a_lockout(app, organisation_id) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    with time_machine.travel(utcnow(), tick=False) as clock:
        responses = fail_from_new_addresses(client, "sam@example.nl", 5)
        assert [r.status_code for r in responses] == [400] * 5
        # A stranger's failures from rotating addresses: the account waits one second...
        waiting = log_in(client, "sam@example.nl", environ_base={"REMOTE_ADDR": "10.9.9.9"})
        assert waiting.status_code == 429
        assert waiting.headers["Retry-After"] == "1"
        assert "Wacht 1 seconde " in text_of(waiting)
        # ... and then the right password works, from a browser never seen before.
        clock.shift(timedelta(seconds=1))
        fresh = app.test_client()
        assert log_in(fresh, "sam@example.nl",
                      environ_base={"REMOTE_ADDR": "10.9.9.8"}).status_code == 302


def test_the_wait_grows_to_at_most_a_minute_and_matches_the_page(app, organisation_id) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    waits = []
    with time_machine.travel(utcnow(), tick=False) as clock:
        fail_from_new_addresses(client, "sam@example.nl", 5)
        for n in range(10):
            response = log_in(client, "sam@example.nl", environ_base={"REMOTE_ADDR": f"10.8.0.{n}"})
            seconds = int(response.headers["Retry-After"])
            assert re.search(rf"Wacht {seconds} seconden? ", text_of(response))
            waits.append(seconds)
            clock.shift(timedelta(seconds=seconds))
            fail_from_new_addresses(client, "sam@example.nl", 1, start=100 + n)
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]


def test_a_browser_that_logged_in_before_is_never_held_up(app, organisation_id) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    own = app.test_client()
    assert log_in(own, "sam@example.nl").status_code == 302
    submit(own, "/screenings", {}, action="/uitloggen")
    stranger = app.test_client()
    fail_from_new_addresses(stranger, "sam@example.nl", 8)
    assert log_in(stranger, "sam@example.nl").status_code == 429
    assert log_in(own, "sam@example.nl", environ_base={"REMOTE_ADDR": "10.7.0.1"}).status_code == 302


def test_a_forged_device_cookie_counts_for_nothing(app, organisation_id) -> None:
    user_id = create_user(app, organisation_id, "sam@example.nl")
    stranger = app.test_client()
    stranger.set_cookie("screening_device", f"[{user_id}].forged")
    fail_from_new_addresses(stranger, "sam@example.nl", 6)
    assert log_in(stranger, "sam@example.nl").status_code == 429


def test_five_failures_per_address_then_429(app, organisation_id) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    for n in range(5):
        assert log_in(client, f"iemand{n}@example.nl", "fout fout fout").status_code == 400
    response = log_in(client, "sam@example.nl")
    assert response.status_code == 429
    minutes = int(response.headers["Retry-After"]) // 60
    assert int(response.headers["Retry-After"]) == minutes * 60 and 14 <= minutes <= 16
    assert f"Probeer het over {minutes} minuten opnieuw." in text_of(response)


def test_successful_logins_do_not_count(app, organisation_id) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    for _ in range(7):
        assert log_in(client, "sam@example.nl").status_code == 302
        submit(client, "/screenings", {}, action="/uitloggen")


def test_idle_timeout_ends_the_session(app, organisation_id) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    with time_machine.travel(utcnow(), tick=False) as clock:
        log_in(client, "sam@example.nl")
        clock.shift(timedelta(minutes=29))
        assert client.get("/screenings").status_code == 200  # activity renews the session
        clock.shift(timedelta(minutes=29))
        assert client.get("/screenings").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/screenings")
        assert response.status_code == 302 and response.headers["Location"] == "/inloggen"


def test_an_unchanged_session_is_signed_again_once_a_minute(app, organisation_id) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    with time_machine.travel(utcnow(), tick=False) as clock:
        log_in(client, "sam@example.nl")
        client.get("/screenings")  # the CSRF token goes into the session: a change
        clock.shift(timedelta(seconds=30))
        assert "Set-Cookie" not in client.get("/screenings").headers
        clock.shift(timedelta(seconds=31))
        assert "screening_session=" in client.get("/screenings").headers["Set-Cookie"]
        clock.shift(timedelta(seconds=1))
        assert "Set-Cookie" not in client.get("/screenings").headers
        # Idle for the whole timeout after a request that did not sign the cookie: out.
        clock.shift(timedelta(minutes=30))
        response = client.get("/screenings")
        assert response.status_code == 302 and response.headers["Location"] == "/inloggen"


def test_session_cookie_flags(app, organisation_id) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    response = log_in(client, "sam@example.nl")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_logout_voids_a_copied_cookie(app, organisation_id) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    log_in(client, "sam@example.nl")
    stolen = client.get_cookie("screening_session").value
    response = submit(client, "/screenings", {}, action="/uitloggen")
    assert response.headers["Location"] == "/inloggen"
    thief = app.test_client()
    thief.set_cookie("screening_session", stolen)
    response = thief.get("/screenings")
    assert response.status_code == 302 and response.headers["Location"] == "/inloggen"


def test_setup_link_is_single_use_and_creates_the_first_coordinator(app: Flask, runner) -> None:
    output = runner.invoke(args=["users", "setup-link"]).output
    match = LINK.search(output)
    assert match, output
    client = app.test_client()
    response = client.get(f"/eerste-account/{match.group(2)}")
    assert response.headers["Location"] == "/eerste-account"  # the token leaves the address bar
    token = csrf_token(client, "/eerste-account")
    response = client.post("/eerste-account", data={
        "csrf_token": token, "organisation": "Welzijn Hengelo",
        "municipalities": ["GM0164", "GM0153"], "contact_email": "privacy@welzijn.example.nl",
        "name": "Noor Jansen", "email": "noor@example.nl",
        "password": PASSWORD, "confirm": PASSWORD,
    })
    assert response.status_code == 302 and response.headers["Location"] == "/beheer/"
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.role, user.email) == ("coordinator", "noor@example.nl")
        organisation = db.session.scalar(select(Organisation))
        assert organisation.municipality_names == ["Enschede", "Hengelo (O.)"]
        assert organisation.contact_email == "privacy@welzijn.example.nl"
    # Used once: the same link no longer works, not even in a fresh browser.
    other = app.test_client()
    other.get(f"/eerste-account/{match.group(2)}")
    assert other.get("/eerste-account").status_code == 404
    assert runner.invoke(args=["users", "setup-link"]).exit_code != 0
    assert runner.invoke(args=["users", "setup-link", "--if-needed"]).output == ""


def test_setup_link_expires_after_an_hour(app: Flask, runner) -> None:
    with time_machine.travel(utcnow(), tick=False) as clock:
        token = LINK.search(runner.invoke(args=["users", "setup-link"]).output).group(2)
        clock.shift(timedelta(minutes=61))
        client = app.test_client()
        client.get(f"/eerste-account/{token}")
        response = client.get("/eerste-account")
        assert response.status_code == 404
        assert "werkt niet" in text_of(response)


@pytest.mark.parametrize(("password", "message"), [
    ("kort", "minstens 12 tekens"),
    ("wachtwoord123", "te makkelijk te raden"),
    ("password1234", "te makkelijk te raden"),
    ("noor@example.nl!", "te makkelijk te raden"),
])
def test_password_rules(app: Flask, runner, password: str, message: str) -> None:
    token = LINK.search(runner.invoke(args=["users", "setup-link"]).output).group(2)
    client = app.test_client()
    client.get(f"/eerste-account/{token}")
    response = submit(client, "/eerste-account", {
        "organisation": "Team", "municipalities": ["GM0141"], "contact_email": "team@example.nl",
        "name": "Noor",
        "email": "noor@example.nl", "password": password, "confirm": password,
    })
    assert response.status_code == 400
    assert message in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(User)) is None


def test_passwords_never_reach_the_log(app: Flask, organisation_id, caplog) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    with caplog.at_level("DEBUG"):
        log_in(client, "sam@example.nl", "een verkeerd geheim wachtwoord")
        log_in(client, "sam@example.nl")
    assert "geheim" not in caplog.text and PASSWORD not in caplog.text
    assert "sam@example.nl" not in caplog.text


def test_the_coordinator_sees_many_failed_logins(app, organisation_id, coordinator) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    fail_from_new_addresses(app.test_client(), "sam@example.nl", 6)
    html = text_of(coordinator.get("/beheer/gebruikers"))
    assert "5 mislukte inlogpogingen in 24 uur" in html  # the sixth had to wait
