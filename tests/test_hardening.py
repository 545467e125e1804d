"""Security round 2: files on disk, referrer policy, hostile form encodings, headers, cookies."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import REPO, dispose, make_app, upgrade
from tests.factories import create_user, log_in
from tests.flows import start
from tests.helpers import text_of

WEAKER_REFERRER = re.compile(
    r"""<meta[^>]+name=["']?referrer|referrerpolicy=["']?(?!no-referrer["'\s>])""", re.I)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_sqlite_database_and_its_journal_are_owner_only(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    app = make_app("", tmp_path)  # no DATABASE_URL: SQLite in the instance folder
    try:
        upgrade(app)
        create_user(app, __import__("tests.factories").factories.create_organisation(app),
                    "sam@example.nl")
        client = app.test_client()
        assert log_in(client, "sam@example.nl").status_code == 302
        files = sorted(instance.glob("screening.sqlite3*"))
        assert {f.name for f in files} >= {"screening.sqlite3", "screening.sqlite3-wal"}
        for path in files:
            assert mode(path) == 0o600, (path.name, oct(mode(path)))
        assert mode(instance) == 0o700
    finally:
        dispose(app)


def test_an_existing_world_readable_database_is_narrowed(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    instance.chmod(0o755)
    database = instance / "screening.sqlite3"
    database.touch()
    database.chmod(0o644)
    app = make_app("", tmp_path)
    try:
        upgrade(app)
        assert mode(database) == 0o600 and mode(instance) == 0o700
    finally:
        dispose(app)


def test_no_template_sets_a_weaker_referrer_policy() -> None:
    for template in (REPO / "screening" / "templates").rglob("*.html"):
        assert not WEAKER_REFERRER.search(template.read_text(encoding="utf-8")), template


def test_no_page_sets_a_weaker_referrer_policy(client, professional, coordinator) -> None:
    screening_id = start(professional)
    pages = [(client, "/login"), (professional, "/screenings"), (professional, "/screenings/new"),
             (professional, f"/screenings/{screening_id}/stap/context"),
             (professional, f"/screenings/{screening_id}/uitkomst"),
             (professional, "/cases/ALM-2026-001"), (coordinator, "/beheer/"),
             (coordinator, "/beheer/accounts"), (coordinator, "/beheer/audit/")]
    for who, page in pages:
        response = who.get(page)
        assert response.status_code == 200, page
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert not WEAKER_REFERRER.search(text_of(response)), page


@pytest.mark.parametrize("path", ["/healthz", "/static/css/app.css"])
def test_static_files_and_the_health_check_set_no_cookie(client, path: str) -> None:
    with client.get(path) as response:
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers


def test_no_server_header_with_versions(app: Flask) -> None:
    import http.client
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        connection.request("GET", "/healthz")
        header = connection.getresponse().getheader("Server") or ""
        connection.close()
    finally:
        thread.join(timeout=10)
        server.server_close()
    assert not re.search(r"\d", header), header


def test_an_absolute_session_lifetime_beside_the_idle_timeout(app: Flask, organisation_id) -> None:
    from datetime import timedelta

    import time_machine

    from screening.models import utcnow

    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    with time_machine.travel(utcnow(), tick=False) as clock:
        log_in(client, "sam@example.nl")
        statuses = []
        for _ in range(26):  # busy all day: never idle for 30 minutes
            clock.shift(timedelta(minutes=29))
            statuses.append(client.get("/screenings").status_code)
    # 24 x 29 minutes is 11 h 36 min: still in; 25 x 29 minutes is 12 h 5 min: out.
    assert statuses[:24] == [200] * 24 and statuses[24:] == [302, 302]
