"""Security round 2: files on disk, referrer policy, hostile form encodings, headers, cookies."""

from __future__ import annotations

import io
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
    pages = [(client, "/inloggen"), (professional, "/screenings"), (professional, "/screenings/nieuw"),
             (professional, f"/screenings/{screening_id}/stap/context"),
             (professional, f"/screenings/{screening_id}/uitkomst"),
             (professional, "/casussen/ALM-2026-001"), (coordinator, "/beheer/"),
             (coordinator, "/beheer/gebruikers"), (coordinator, "/beheer/logboek/")]
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


NOT_TEXT = "Dit veld kan alleen gewone tekst bevatten."
CONTROL = "onzichtbare stuurtekens"


def a_file() -> tuple[io.BytesIO, str]:
    return (io.BytesIO(b"%PDF-1.4 not text"), "bijlage.pdf")


def setup_link(app: Flask, runner, purpose: str):
    """A browser that followed a fresh setup or reset link."""
    from tests.test_accounts import LINK

    if purpose == "setup":
        output = runner.invoke(args=["users", "setup-link"]).output
    else:
        output = runner.invoke(args=["users", "reset", "sam@example.nl"]).output
    client = app.test_client()
    match = LINK.search(output)
    client.get(f"/{match.group(1)}/{match.group(2)}")
    return client


def forms(app: Flask, runner, professional, coordinator, screening_id: int) -> dict:
    """Every form with a text field: (client, page with the form, action, valid data)."""
    page = f"/screenings/{screening_id}/stap/context"
    state = dict(re.findall(r'name="(lock_version|hidden_items)"[^>]*value="([^"]*)"',
                            text_of(professional.get(page))))
    result_page = f"/screenings/{screening_id}/uitkomst"
    judgement_state = dict(re.findall(r'name="(lock_version)"[^>]*value="([^"]*)"',
                                      text_of(professional.get(result_page))))
    return {
        "login": (app.test_client(), "/inloggen", "/inloggen",
                  {"email": "sam@example.nl", "password": "paars konijn fietst langs de dijk"}),
        "new screening": (professional, "/screenings/nieuw", "/screenings/nieuw", {
            "case_reference": "ALM-9", "municipality": "Almelo",
            "instrument": "vroegsignalering-complexe-scheiding@1.0", "setting": "intake"}),
        "step": (professional, page, page, {**state, "note": "feiten", "action": "next"}),
        "judgement": (professional, result_page, f"/screenings/{screening_id}/oordeel",
                      {**judgement_state, "judgement": "other", "chosen_tier": "complex",
                       "reason": "omdat"}),
        "erase": (professional, "/casussen/ALM-2026-001/wissen", "/casussen/ALM-2026-001/wissen",
                  {"confirm": "ALM-2026-001"}),
        "account": (coordinator, "/beheer/gebruikers", "/beheer/gebruikers", {
            "name": "Kim", "email": "kim@example.nl", "role": "professional",
            "profession": "other"}),
        "password": (setup_link(app, runner, "reset"), "/wachtwoord", "/wachtwoord",
                     {"password": "groene appel zwemt in de gracht",
                      "confirm": "groene appel zwemt in de gracht"}),
    }


TEXT_FIELDS = [("login", "email"), ("login", "password"), ("new screening", "case_reference"),
               ("step", "note"), ("judgement", "reason"), ("erase", "confirm"),
               ("account", "name"), ("account", "email"), ("password", "password"),
               ("password", "confirm")]


@pytest.mark.parametrize(("form", "field"), TEXT_FIELDS)
def test_a_file_sent_for_a_text_field_gets_the_forms_message(
        app: Flask, runner, professional, coordinator, form: str, field: str) -> None:
    screening_id = start(professional)
    client, page, action, data = forms(app, runner, professional, coordinator,
                                       screening_id)[form]
    from tests.helpers import csrf_token

    token = csrf_token(client, page)
    response = client.post(action, data={**data, "csrf_token": token, field: a_file()},
                           content_type="multipart/form-data")
    assert response.status_code == 400, (form, field)
    assert NOT_TEXT in text_of(response), (form, field)


@pytest.mark.parametrize(("form", "field"), [f for f in TEXT_FIELDS if f[1] != "email"])
@pytest.mark.parametrize("sneaky", ["\x00", "\x1b[31m", "\u202e", "\u2066", "\x9b"])
def test_control_characters_are_refused_in_text_fields(
        app: Flask, runner, professional, coordinator, form: str, field: str,
        sneaky: str) -> None:
    screening_id = start(professional)
    client, page, action, data = forms(app, runner, professional, coordinator,
                                       screening_id)[form]
    from tests.helpers import csrf_token

    token = csrf_token(client, page)
    value = f"{data.get(field, 'tekst')}{sneaky}gpj.exe"
    response = client.post(action, data={**data, "csrf_token": token, field: value})
    assert response.status_code == 400, (form, field)
    assert CONTROL in text_of(response), (form, field)


def test_newlines_and_tabs_stay_allowed_in_a_note(professional) -> None:
    from tests.flows import post_step

    screening_id = start(professional)
    response = post_step(professional, screening_id, "context", {},
                         note="eerste regel\r\n\tdaarna ingesprongen")
    assert response.status_code == 302


def test_a_refused_form_answers_400_with_its_page(coordinator) -> None:
    from tests.helpers import submit

    response = submit(coordinator, "/beheer/gebruikers", {
        "name": "", "email": "geen-adres", "role": "professional", "profession": "other"})
    assert response.status_code == 400
    assert "Vul een geldig e-mailadres in." in text_of(response)


def test_a_form_part_with_an_unreadable_name_is_a_400(client) -> None:
    response = client.post("/inloggen", data={"\n": "x"}, content_type="multipart/form-data")
    assert response.status_code == 400


def test_every_form_builds_on_the_base_form(app: Flask) -> None:
    """A new form that skipped the base would let files and control characters through."""
    from flask_wtf import FlaskForm

    from screening.form_base import Form

    def subclasses(cls: type) -> set[type]:
        found = set(cls.__subclasses__())
        return found.union(*(subclasses(c) for c in found)) if found else found

    strays = {c.__qualname__ for c in subclasses(FlaskForm)
              if not issubclass(c, Form) and c.__module__.startswith("screening")}
    assert not strays


def test_production_refuses_unknown_hosts(database_url: str, tmp_path: Path) -> None:
    app = make_app(database_url, tmp_path, PRODUCTION=True, SINGLE_PROCESS=True,
                   PUBLIC_URL="https://screening.example.nl")
    try:
        upgrade(app)
        client = app.test_client()
        assert client.get("/inloggen", headers={"Host": "evil.example"}).status_code == 400
        response = client.get("/inloggen", base_url="https://screening.example.nl")
        assert response.status_code == 200
    finally:
        dispose(app)


def test_refused_probes_do_not_grow_the_log_without_bound(app: Flask, professional) -> None:
    from sqlalchemy import func, select

    from screening.audit import REFUSALS_PER_MINUTE
    from screening.db import db
    from screening.models import AuditEvent

    for number in range(1, 30):
        assert professional.get(f"/screenings/{1000 + number}/uitkomst").status_code == 404
    with app.app_context():
        refused = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.event == "access_refused"))
    assert refused == REFUSALS_PER_MINUTE


@pytest.mark.parametrize("line", [
    'GET /screenings?q=ab"geheim HTTP/1.1', 'GET /casussen/ALM"geheim/export HTTP/1.1',
    'GET /reset/tok"geheim HTTP/1.1', '"GET /screenings?q=%22geheim" HTTP/1.1" 200 -'])
def test_access_log_redaction_holds_for_a_raw_quote(line: str) -> None:
    from screening.logs import redact

    assert "geheim" not in redact(line)
