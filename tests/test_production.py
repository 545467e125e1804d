"""Production settings: SQLite pragmas, one audit insert per read, translations, gunicorn, limits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import event, text

from screening.db import db
from tests.conftest import dispose, make_app, server_database_url, upgrade
from tests.flows import start
from tests.servers import Browser, Gunicorn


@pytest.mark.skipif(server_database_url() is not None, reason="SQLite only")
def test_every_sqlite_connection_uses_wal_normal_sync_and_a_busy_timeout(app: Flask) -> None:
    with app.app_context():
        for _round in range(2):  # a fresh connection gets them too
            with db.engine.connect() as connection:
                assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
                assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
                assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            db.engine.dispose()


@pytest.mark.fresh_database  # counts real commits on the engine
def test_a_read_writes_its_audit_row_as_one_insert_in_its_own_transaction(app: Flask,
                                                                         professional) -> None:
    screening_id = start(professional)
    statements: list[str] = []
    commits: list[int] = []
    with app.app_context():
        engine = db.engine

    def seen(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        statements.append(statement.split(None, 3)[:3])

    # On SQLite the audit chain takes the write lock with a write that changes nothing
    # before it reads the last row (screening.audit_chain._lock).
    lock = [["DELETE", "FROM", "audit_events"]] if engine.dialect.name == "sqlite" else []
    event.listen(engine, "before_cursor_execute", seen)
    event.listen(engine, "commit", lambda _conn: commits.append(1))
    try:
        for page in ("/screenings", f"/screenings/{screening_id}/uitkomst"):
            statements.clear()
            commits.clear()
            assert professional.get(page).status_code == 200
            writes = [s for s in statements if s[0] in ("INSERT", "UPDATE", "DELETE")]
            assert writes == [*lock, ["INSERT", "INTO", "audit_events"]], (page, writes)
            assert len(commits) == 1, page
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def test_translations_follow_the_locale_within_one_request(app: Flask) -> None:
    with app.test_request_context("/"):
        from flask import session

        session["lang"] = "en"
        assert _("Uitloggen") == "Log out"
        with force_locale("nl"):
            assert _("Uitloggen") == "Uitloggen"
        assert _("Uitloggen") == "Log out"


def test_production_refuses_per_process_login_counts(database_url: str, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="memory://"):
        make_app(database_url, tmp_path, PRODUCTION=True)
    single = make_app(database_url, tmp_path, PRODUCTION=True, SINGLE_PROCESS=True)
    dispose(single)
    shared = make_app(database_url, tmp_path, PRODUCTION=True,
                      RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    dispose(shared)


def test_the_gunicorn_access_log_holds_no_case_reference_search_or_token(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.sqlite3'}"
    app = make_app(url, tmp_path)
    upgrade(app)
    dispose(app)
    server = Gunicorn({"DATABASE_URL": url, "SECRET_KEY": "log-test", "SCREENING_WORKERS": "1"},
                      tmp_path / "access.log")
    try:
        browser = Browser()
        for path in ("/casussen/ALM-GEHEIM-42/inzage", "/screenings?q=Jansen", "/eerste-account/tokengeheim",
                     "/inloggen?next=/casussen/ALM-GEHEIM-42"):
            browser.get(server.port, path)
        assert browser.get(server.port, "/healthz").status == 200
    finally:
        server.stop()
    log = server.output()
    assert re.search(r'"GET /healthz HTTP/1.1" 200 \d+ \d+ms', log), log
    assert "/casussen/…" in log and "?…" in log
    for secret in ("GEHEIM", "Jansen", "tokengeheim"):
        assert secret not in log


def test_remembered_date_formats_follow_the_language(app: Flask) -> None:
    from datetime import UTC, datetime

    from screening.i18n import format_datetime

    moment = datetime(2026, 3, 1, 14, 5, tzinfo=UTC)
    shown = {}
    for language in ("nl", "en", "nl"):
        with app.test_request_context("/"):
            from flask import session

            session["lang"] = language
            shown.setdefault(language, set()).add(format_datetime(moment, "short"))
    assert shown["nl"] == {"01-03-2026, 15:05"}  # Babel's short Dutch format, in Amsterdam time
    assert len(shown["en"]) == 1 and shown["en"] != shown["nl"]
