"""Time the pages a professional uses most, on a real SQLite database with many screenings."""

from __future__ import annotations

import logging
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from screening import screenings
from screening.app import create_app
from screening.db import db, migrations
from screening.models import Organisation, OrganisationMunicipality, User
from screening.passwords import hash_password

PASSWORD = "benchmark wachtwoord lang genoeg"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
HIDDEN = re.compile(r'name="(lock_version|hidden_items)"[^>]*value="([^"]*)"')


def build(folder: Path, screenings_count: int) -> tuple[Flask, int]:
    """Create an app with one professional owning many draft screenings."""
    app = create_app({"SECRET_KEY": "benchmark", "DATABASE_URL": f"sqlite:///{folder / 'b.db'}"},
                     instance_path=str(folder / "instance"))
    logging.getLogger("screening").setLevel(logging.WARNING)  # figures only, no event lines
    with app.app_context():
        migrations.upgrade()
    with app.app_context():
        organisation = Organisation(name="Team", municipalities=[OrganisationMunicipality(name="Almelo")])
        user = User(email="b@example.nl", name="B", role="professional", profession="other",
                    organisation=organisation, password_hash=hash_password(PASSWORD))
        db.session.add(user)
        db.session.flush()
        instrument = app.extensions["instruments"].published()[-1]
        first = None
        for number in range(screenings_count):
            screening = screenings.start(db.session, user, instrument, case_reference=f"B-{number}",
                                         municipality="Almelo", start_answers={"setting": "intake"})
            first = first or screening.id
        db.session.commit()
    return app, first or 0


def log_in(client: FlaskClient) -> None:
    token = TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"csrf_token": token, "email": "b@example.nl", "password": PASSWORD})


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Return the median and p95 of an action's duration in milliseconds."""
    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        durations.append((time.perf_counter() - started) * 1000)
    durations.sort()
    return statistics.median(durations), durations[int(len(durations) * 0.95) - 1]


def print_web_figures(runs: int, screenings_count: int = 1000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app, screening_id = build(Path(folder), screenings_count)
        client = app.test_client()
        log_in(client)
        step = f"/screenings/{screening_id}/stap/patterns"

        def save_step() -> None:
            html = client.get(step).get_data(as_text=True)
            data = {**dict(HIDDEN.findall(html)), "csrf_token": TOKEN.search(html).group(1),
                    "action": "save", "q_contact_frequency": "regularly"}
            assert client.post(step, data=data).status_code == 302

        pages = {
            f"list of {screenings_count} screenings (page 1)": lambda: client.get("/screenings"),
            "search by case reference": lambda: client.get("/screenings?q=B-99"),
            "step page": lambda: client.get(step),
            "step page + save (GET and POST)": save_step,
            "result page": lambda: client.get(f"/screenings/{screening_id}/uitkomst"),
            "summary PDF": lambda: client.get(f"/screenings/{screening_id}/summary.pdf"),
        }
        for name, action in pages.items():
            median, p95 = timed(action, runs)
            print(f"{name}, {runs} runs: median {median:.1f} ms, p95 {p95:.1f} ms")
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()
