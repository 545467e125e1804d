"""The audit log is a hash chain that `screening audit verify` walks; ids are never reused."""

from __future__ import annotations

import io
import json
import sqlite3
import threading
import zipfile

import pytest
from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from screening import audit, audit_chain
from screening.db import db
from screening.models import AuditEvent
from tests.factories import create_user, log_in
from tests.flows import start
from tests.helpers import submit, text_of


def on_sqlite(app: Flask) -> bool:
    return app.config["DATABASE_URL"].startswith("sqlite")


def sqlite_path(app: Flask) -> str:
    return app.config["DATABASE_URL"].removeprefix("sqlite:///")


def verify(runner):
    return runner.invoke(args=["audit", "verify"])


def test_a_fresh_log_verifies(runner) -> None:
    result = verify(runner)
    assert result.exit_code == 0 and "intact: 0 rows" in result.output


def test_each_row_seals_the_one_before(app: Flask, professional, runner) -> None:
    start(professional)
    professional.get("/screenings?q=ALM")
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [row.id for row in rows] == list(range(1, len(rows) + 1))
        previous = ""
        for row in rows:
            assert row.row_hash == audit_chain.row_hash(audit.chain_key(), row, previous)
            previous = row.row_hash
    assert verify(runner).exit_code == 0


@pytest.mark.fresh_database
def test_an_altered_row_is_named(app: Flask, professional, runner) -> None:
    if not on_sqlite(app):
        pytest.skip("alters the file with sqlite3")
    start(professional)
    professional.get("/screenings?q=ALM")
    professional.get("/screenings?q=ALM")
    with app.app_context():
        target = db.session.scalar(select(AuditEvent.id).where(AuditEvent.event == "search"))
    connection = sqlite3.connect(sqlite_path(app))
    connection.execute("DROP TRIGGER audit_events_no_update")
    connection.execute("UPDATE audit_events SET event = 'view' WHERE id = ?", (target,))
    connection.commit()
    result = verify(runner)
    assert result.exit_code == 1
    assert f"BROKEN at row {target}" in result.output


@pytest.mark.fresh_database
def test_a_dropped_trigger_is_noticed(app: Flask, professional, runner) -> None:
    start(professional)
    with app.app_context():
        if on_sqlite(app):
            db.session.execute(text("DROP TRIGGER audit_events_no_delete"))
        else:
            db.session.execute(text("DROP TRIGGER audit_events_append_only ON audit_events"))
        db.session.commit()
    result = verify(runner)
    assert result.exit_code == 1 and "trigger missing" in result.output
    assert professional.get("/healthz").get_json()["audit"] == "broken"


def test_insert_or_replace_cannot_rewrite_a_row(app: Flask, professional) -> None:
    start(professional)
    with app.app_context():
        first = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id))
        statement = ("INSERT OR REPLACE INTO audit_events (id, at, event) "
                     "VALUES (:id, '2026-01-01 00:00:00', 'view')" if on_sqlite(app) else
                     "INSERT INTO audit_events (id, at, event) VALUES "
                     "(:id, '2026-01-01 00:00:00', 'view') ON CONFLICT (id) DO UPDATE "
                     "SET event = 'view'")
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement), {"id": first})
        db.session.rollback()
        assert db.session.get(AuditEvent, first).event == "login"


@pytest.mark.fresh_database
def test_a_deleted_row_breaks_the_chain(app: Flask, professional, runner) -> None:
    if not on_sqlite(app):
        pytest.skip("deletes with sqlite3")
    start(professional)
    professional.get("/screenings?q=ALM")
    connection = sqlite3.connect(sqlite_path(app))
    connection.execute("DROP TRIGGER audit_events_no_delete")
    connection.execute("DELETE FROM audit_events WHERE id = 2")
    connection.execute("""CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
                          BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END""")
    connection.commit()
    result = verify(runner)
    assert result.exit_code == 1 and "BROKEN at row 3" in result.output


def test_healthz_reports_the_chain(client) -> None:
    assert client.get("/healthz").get_json()["audit"] == "ok"


def test_a_rolled_back_request_leaves_no_row_and_no_gap(app: Flask, professional, runner) -> None:
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditEvent))
        audit.record("search", user_id=1, organisation_id=1)
        db.session.rollback()
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before
    professional.get("/screenings?q=ALM")
    assert verify(runner).exit_code == 0


@pytest.mark.fresh_database
def test_concurrent_writers_keep_one_chain(app: Flask, organisation_id, runner) -> None:
    """Parallel requests (on PostgreSQL in CI) never fork the chain or lose a row."""
    emails = [f"p{n}@example.nl" for n in range(6)]
    for email in emails:
        create_user(app, organisation_id, email)
    clients = []
    for email in emails:
        client = app.test_client()
        assert log_in(client, email).status_code == 302
        clients.append(client)
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    statuses: list[int] = []
    barrier = threading.Barrier(len(clients))

    def work(client) -> None:
        barrier.wait()
        for _ in range(8):
            statuses.append(client.get("/screenings?q=ALM").status_code)

    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ok = statuses.count(200)
    assert ok == len(statuses), statuses
    with app.app_context():
        after = db.session.scalar(select(func.count()).select_from(AuditEvent))
    assert after - before == ok
    result = verify(runner)
    assert result.exit_code == 0, result.output


def test_ids_are_never_reused_after_an_erasure(app: Flask, professional, organisation_id) -> None:
    """An erased family's views, shares and erasure never show up in a new case's trail."""
    old = start(professional, "ALM-OUD")
    professional.get(f"/screenings/{old}/uitkomst")
    kim = create_user(app, organisation_id, "kim@example.nl", name="Kim")
    submit(professional, f"/screenings/{old}/delen", {"colleague": str(kim)})
    submit(professional, "/casussen/ALM-OUD/wissen", {"confirm": "ALM-OUD"})
    new = start(professional, "ALM-NIEUW")
    assert new != old
    response = professional.get("/casussen/ALM-NIEUW/inzage")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        document = json.loads(archive.read("casus.json"))
    events = [row["event"] for row in document["audit"]]
    assert "erase" not in events and "share" not in events
    assert {row["screening_id"] for row in document["audit"]} == {new}


def test_sqlite_tables_the_log_points_at_use_autoincrement(app: Flask) -> None:
    if not on_sqlite(app):
        pytest.skip("PostgreSQL sequences never hand out an id twice")
    with app.app_context():
        for table in ("organisations", "users", "screenings"):
            sql = db.session.scalar(text("SELECT sql FROM sqlite_master WHERE name = :t"),
                                    {"t": table})
            assert "AUTOINCREMENT" in sql, table


def test_a_coordinator_learns_nothing_about_other_organisations(app: Flask, coordinator) -> None:
    from tests.factories import create_organisation

    other = create_organisation(app, "Ander team", ("Enschede",))
    create_user(app, other, "ander@example.nl")
    response = submit(coordinator, "/beheer/gebruikers", {
        "name": "Ander", "email": "ander@example.nl", "role": "professional",
        "profession": "other"})
    html = text_of(response)
    assert "Er bestaat al een account" not in html
    assert 'id="one-time-link"' in html
    # Inside the own organisation the list shows the address anyway, so saying so is fine.
    response = submit(coordinator, "/beheer/gebruikers", {
        "name": "Ander", "email": "ander@example.nl", "role": "professional",
        "profession": "other"})
    assert "Er bestaat al een account" in text_of(response)


def test_one_address_in_two_organisations_logs_in_by_password(app: Flask,
                                                              organisation_id) -> None:
    from tests.factories import create_organisation

    other = create_organisation(app, "Ander team", ("Enschede",))
    first = create_user(app, organisation_id, "sam@example.nl")
    second = create_user(app, other, "sam@example.nl", password="groene appel zwemt in de gracht")
    client = app.test_client()
    assert log_in(client, "sam@example.nl").status_code == 302
    with client.session_transaction() as session:
        assert session["_user_id"].startswith(f"{first}:")
    client = app.test_client()
    assert log_in(client, "sam@example.nl", "groene appel zwemt in de gracht").status_code == 302
    with client.session_transaction() as session:
        assert session["_user_id"].startswith(f"{second}:")
    assert log_in(app.test_client(), "sam@example.nl", "fout fout fout").status_code == 400


def test_a_refusal_from_another_organisation_stays_out_of_the_case_export(
        app: Flask, professional) -> None:
    from tests.factories import create_organisation

    screening_id = start(professional, "ALM-EIGEN")
    other = create_organisation(app, "Ander team", ("Enschede",))
    create_user(app, other, "vreemd@example.nl")
    stranger = app.test_client()
    log_in(stranger, "vreemd@example.nl")
    assert stranger.get(f"/screenings/{screening_id}/uitkomst").status_code == 404
    response = professional.get("/casussen/ALM-EIGEN/inzage")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        document = json.loads(archive.read("casus.json"))
    assert "access_refused" not in [row["event"] for row in document["audit"]]
