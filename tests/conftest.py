"""Fixtures: a real app on a real database (SQLite, or PostgreSQL via DATABASE_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text

from screening import migrate
from screening.app import create_app
from screening.config import database_url as normalise_url
from screening.db import db

REPO = Path(__file__).resolve().parent.parent
QUESTIONNAIRES = REPO / "questionnaires"


def server_database_url() -> str | None:
    """The PostgreSQL server CI hands us, if any; tests then run there instead of SQLite."""
    return os.environ.get("DATABASE_URL") or None


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """Yield the URL of an empty database of this test's own."""
    server = server_database_url()
    if server is None:
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    # One schema per test: isolated like a fresh database, but much cheaper to make.
    schema = f"test_{uuid.uuid4().hex[:16]}"
    url = normalise_url(server, tmp_path)
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    yield f"{url}{separator}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def make_app(database_url: str, tmp_path: Path, **overrides: object) -> Flask:
    """Build an app for a test: its own instance folder, its own database."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": database_url,
        "QUESTIONNAIRE_DIR": str(QUESTIONNAIRES),
        **overrides,
    }
    return create_app(config, instance_path=str(tmp_path / "instance"))


def dispose(app: Flask) -> None:
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = make_app(database_url, tmp_path)
    migrate.upgrade(app)
    yield app
    dispose(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def organisation_id(app: Flask) -> int:
    from tests.factories import create_organisation

    return create_organisation(app)


@pytest.fixture
def professional(app: Flask, organisation_id: int) -> FlaskClient:
    """A client logged in as a professional (e-mail: sam@example.nl)."""
    from tests.factories import create_user, log_in

    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    assert log_in(client, "sam@example.nl").status_code == 302
    return client


@pytest.fixture
def coordinator(app: Flask, organisation_id: int) -> FlaskClient:
    """A client logged in as the organisation's coordinator (e-mail: co@example.nl)."""
    from tests.factories import create_user, log_in

    create_user(app, organisation_id, "co@example.nl", role="coordinator", name="Co Ordinator")
    client = app.test_client()
    assert log_in(client, "co@example.nl").status_code == 302
    return client
