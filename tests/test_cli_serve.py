"""`screening serve` prints the one-time setup link last, in a box, only when it is needed."""

from __future__ import annotations

from flask import Flask

from screening.cli_serve import boxed, setup_link_if_needed, start_message
from tests.factories import create_organisation, create_user


def test_the_box_frames_every_line_evenly() -> None:
    lines = boxed(["kort", "een langere regel"]).strip().splitlines()
    assert lines[0] == lines[-1] == "=" * (len("een langere regel") + 4)
    assert {len(line) for line in lines} == {len(lines[0])}


def test_the_first_start_shows_the_setup_link_and_how_to_stop(app: Flask) -> None:
    with app.app_context():
        setup = setup_link_if_needed()
    assert setup is not None and "/eerste-account/" in setup
    message = start_message("http://127.0.0.1:5000", setup)
    assert setup in message and "Ctrl+C" in message and "standard error" in message


def test_no_setup_link_once_an_account_exists(app: Flask) -> None:
    create_user(app, create_organisation(app), "sam@example.nl")
    with app.app_context():
        assert setup_link_if_needed() is None
    assert "/eerste-account/" not in start_message("http://127.0.0.1:5000", None)
