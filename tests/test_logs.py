"""Logs hold events and ids, never passwords, cookies, case references, notes or answers."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from screening.db import db
from screening.logs import RedactRequestLines, redact
from tests.factories import PASSWORD, create_user, log_in
from tests.flows import answer_all, case_answers, judge_and_finalise, start


def test_a_whole_screening_leaves_no_personal_data_in_the_logs(app: Flask, organisation_id,
                                                               caplog) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    note = "Moeder vertelde over de ruzie van dinsdag"
    with caplog.at_level(logging.DEBUG):
        log_in(client, "sam@example.nl", "een fout wachtwoord hier")
        log_in(client, "sam@example.nl")
        cookie = client.get_cookie("screening_session").value
        screening_id = start(client, "ALM-GEHEIM-7")
        answer_all(client, screening_id, case_answers("acuut_gevaar"), notes={"safety": note})
        judge_and_finalise(client, screening_id, judgement="other", chosen_tier="complex",
                           reason="Vader dreigde met een mes")
        client.get(f"/screenings/{screening_id}/samenvatting.pdf")
        client.get("/casussen/ALM-GEHEIM-7/inzage")
    logged = caplog.text
    assert f"screening {screening_id} started" in logged and "printed" in logged  # events are logged
    for secret in (PASSWORD, "een fout wachtwoord", cookie, "sam@example.nl", "ALM-GEHEIM-7",
                   note, "Vader dreigde", "acute", "school_signal"):
        assert secret not in logged, secret


def test_access_lines_lose_query_strings_case_references_and_link_tokens() -> None:
    line = '127.0.0.1 - - "GET /screenings?q=Jan+Jansen HTTP/1.1" 200 -'
    assert "Jan" not in redact(line)
    assert redact('"GET /casussen/ALM-7/inzage HTTP/1.1"') == '"GET /casussen/…/inzage HTTP/1.1"'
    assert redact('"GET /wachtwoord/s3cr3t-t0ken HTTP/1.1"') == '"GET /wachtwoord/… HTTP/1.1"'
    assert redact('"GET /eerste-account/s3cr3t HTTP/1.1"') == '"GET /eerste-account/… HTTP/1.1"'
    # Old paths still arrive (bookmarks, printed links) before their 308: redacted the same.
    assert redact('"GET /cases/ALM-7/export HTTP/1.1"') == '"GET /cases/…/export HTTP/1.1"'
    assert redact('"GET /reset/s3cr3t-t0ken HTTP/1.1"') == '"GET /reset/… HTTP/1.1"'
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s - - "%s" %s',
                               ("127.0.0.1", "GET /casussen/ALM-7 HTTP/1.1", "200"), None)
    RedactRequestLines().filter(record)
    assert "ALM-7" not in record.getMessage()


def test_an_unhandled_error_is_one_line_without_its_message(app: Flask, professional,
                                                             caplog) -> None:
    from sqlalchemy import event

    def fail(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if statement.startswith("INSERT INTO audit_events"):  # the page's audit row
            raise RuntimeError("geheime inhoud uit een formulier")

    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: tests otherwise re-raise
    screening_id = start(professional)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", fail)
    try:
        with caplog.at_level(logging.ERROR):
            response = professional.get(f"/screenings/{screening_id}/controle")
    finally:
        event.remove(engine, "before_cursor_execute", fail)
    assert response.status_code == 500
    [line] = [r.getMessage() for r in caplog.records if r.name == "screening.errors"]
    assert "\n" not in line and "RuntimeError" in line and "test_logs.py" in line
    assert "geheime inhoud" not in caplog.text


def test_in_development_an_unhandled_error_reaches_the_debugger(app: Flask, professional,
                                                               caplog) -> None:
    from sqlalchemy import event

    def fail(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if statement.startswith("INSERT INTO audit_events"):  # the page's audit row
            raise RuntimeError("kapot")

    app.config["PROPAGATE_EXCEPTIONS"] = True  # what debug mode does: no error page in between
    screening_id = start(professional)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", fail)
    try:
        with caplog.at_level(logging.ERROR), pytest.raises(RuntimeError):
            professional.get(f"/screenings/{screening_id}/controle")
    finally:
        event.remove(engine, "before_cursor_execute", fail)
    assert [r for r in caplog.records if r.name == "screening.errors"]  # and it is still logged
