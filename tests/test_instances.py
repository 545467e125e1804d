"""Two app instances (gunicorn, shipped config) on one PostgreSQL and one Redis behave as one.

Run with both servers: `scripts/with-postgres scripts/with-redis .venv/bin/pytest -m instances`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest
import redis
from sqlalchemy import create_engine, text

from screening.config import database_url as normalise_url
from tests.conftest import dispose, make_app, upgrade
from tests.factories import PASSWORD, create_organisation, create_user
from tests.flows import HIDDEN, TOKEN
from tests.servers import Browser, Gunicorn

pytestmark = [
    pytest.mark.instances,
    pytest.mark.skipif(not (os.environ.get("DATABASE_URL", "").startswith("postgres")
                            and os.environ.get("REDIS_URL")),
                       reason="needs PostgreSQL and Redis (scripts/with-postgres scripts/with-redis)"),
]

EMAILS = ("sam@example.nl", "kim@example.nl", "noor@example.nl")


def instance_env(database_url: str, redis_url: str) -> dict[str, str]:
    return {"DATABASE_URL": database_url, "SECRET_KEY": "shared-between-instances",
            "SCREENING_RATELIMIT_STORAGE_URI": redis_url, "SCREENING_WORKERS": "1"}


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Gunicorn, Gunicorn]]:
    """Two instances, A and B, on a schema of this module and a flushed Redis; one account per test."""
    folder = tmp_path_factory.mktemp("instances")
    server = normalise_url(os.environ["DATABASE_URL"], folder)
    schema = f"instances_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    database_url = f"{server}{'&' if '?' in server else '?'}options={quote(f'-csearch_path={schema}')}"
    app = make_app(database_url, folder)
    upgrade(app)
    organisation_id = create_organisation(app)
    for email in EMAILS:
        create_user(app, organisation_id, email)
    dispose(app)
    env = instance_env(database_url, os.environ["REDIS_URL"])
    first = Gunicorn(env, folder / "a.log")
    try:
        second = Gunicorn(env, folder / "b.log")
    except BaseException:
        first.stop()
        raise
    yield first, second
    first.stop()
    second.stop()
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(autouse=True)
def fresh_counts() -> None:
    """Every test starts with no login attempts counted (they are per address too)."""
    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()


def log_in(browser: Browser, port: int, email: str, password: str = PASSWORD) -> int:
    return browser.submit(port, "/inloggen", {"email": email, "password": password}).status


def test_a_session_from_one_instance_works_on_the_other(pair: tuple[Gunicorn, Gunicorn]) -> None:
    a, b = pair
    browser = Browser()
    assert log_in(browser, a.port, EMAILS[0]) == 302
    page = browser.get(b.port, "/screenings")
    assert page.status == 200
    assert "Sam de Vries" in page.body or "Uitloggen" in page.body


def test_login_throttling_counts_across_instances(pair: tuple[Gunicorn, Gunicorn]) -> None:
    a, b = pair
    browser = Browser()
    for port in (a.port, b.port, a.port, b.port, a.port):  # five failures, spread
        assert log_in(browser, port, EMAILS[1], "niet het wachtwoord") == 400
    assert log_in(browser, b.port, EMAILS[1], "niet het wachtwoord") == 429
    assert log_in(browser, b.port, EMAILS[1]) == 429  # even the right password waits now


def test_a_conflicting_save_on_the_other_instance_is_detected(pair: tuple[Gunicorn, Gunicorn]) -> None:
    a, b = pair
    browser = Browser()
    assert log_in(browser, a.port, EMAILS[2]) == 302
    started = browser.submit(a.port, "/screenings/nieuw", {
        "case_reference": "ALM-2026-077", "municipality": "Almelo",
        "instrument": "vroegsignalering-complexe-scheiding@1.0", "setting": "intake"})
    assert started.status == 302
    step = "/" + started.headers["Location"].split("://", 1)[-1].split("/", 1)[-1]
    forms = []
    for port in (a.port, b.port):  # the same page open on both instances
        html = browser.get(port, step).body
        forms.append({**dict(HIDDEN.findall(html)), "csrf_token": TOKEN.search(html).group(1),
                      "action": "save", "note": ""})
    assert browser.request(a.port, "POST", step, forms[0]).status == 302
    conflict = browser.request(b.port, "POST", step, forms[1])
    assert conflict.status == 409
    assert "intussen in een ander venster of door een collega gewijzigd" in conflict.body
