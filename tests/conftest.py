"""Fixtures: a real app on a real database (SQLite, or PostgreSQL via DATABASE_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from argon2 import PasswordHasher, profiles
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Connection, create_engine, event, text

from screening.app import create_app
from screening.config import database_url as normalise_url
from screening.db import db, migrations

REPO = Path(__file__).resolve().parent.parent
QUESTIONNAIRES = REPO / "questionnaires"


def server_database_url() -> str | None:
    """The PostgreSQL server CI hands us, if any; tests then run there instead of SQLite."""
    return os.environ.get("DATABASE_URL") or None


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """argon2id at its cheapest parameters: the same hashing and checking, far less CPU.

    The app's cost (argon2-cffi's recommended one) makes each login take a third of a
    second of CPU by design; hundreds of logins made that most of the suite's time.
    """
    import screening.passwords

    cheap = PasswordHasher.from_parameters(profiles.CHEAPEST)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(screening.passwords, "_hasher", cheap)
        patch.setattr(screening.passwords, "_DUMMY_HASH", cheap.hash("no account has this password"))
        yield


def upgrade(app: Flask, revision: str = "head") -> None:
    """Migrate the app's database, as `screening db upgrade` does."""
    with app.app_context():
        migrations.upgrade(revision)


@contextmanager
def empty_database(directory: Path) -> Iterator[str]:
    """Yield the URL of a new, empty database: a SQLite file, or a schema on the server."""
    server = server_database_url()
    if server is None:
        yield f"sqlite:///{directory / 'test.sqlite3'}"
        return
    # A schema of its own: isolated like a fresh database, but much cheaper to make.
    schema = f"test_{uuid.uuid4().hex[:16]}"
    url = normalise_url(server, directory)
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of this test's own (migration tests, several apps or connections)."""
    with empty_database(tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One database per test session, migrated to the newest revision once."""
    directory = tmp_path_factory.mktemp("migrated")
    with empty_database(directory) as url:
        app = make_app(url, directory)
        upgrade(app)
        dispose(app)
        yield url


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


@contextmanager
def rolled_back(app: Flask) -> Iterator[None]:
    """Run the app's sessions on one connection whose transaction is rolled back at the end.

    Every session joins that transaction through a SAVEPOINT, so a view's commit and
    rollback work as they do in production (a commit releases the savepoint; work that
    was never committed is rolled back when the request's session closes), while the
    test leaves nothing behind for the next one.
    """
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            # pysqlite opens transactions lazily and would commit on RELEASE SAVEPOINT:
            # let SQLAlchemy emit BEGIN itself (SQLAlchemy's documented recipe).
            event.listen(engine, "connect", _sqlite_driver_autocommit)
            event.listen(engine, "begin", _sqlite_begin)
        connection = engine.connect()
        transaction = connection.begin()
        db.sessionmaker.configure(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield
    finally:
        transaction.rollback()
        connection.close()


def _sqlite_driver_autocommit(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


@pytest.fixture
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """The app on the session's migrated database, inside a transaction rolled back after the test.

    Tests marked `fresh_database` get an empty database of their own, migrated for them:
    for work that must really commit, such as two connections racing each other.
    """
    if request.node.get_closest_marker("fresh_database"):
        app = make_app(request.getfixturevalue("database_url"), tmp_path)
        upgrade(app)
        yield app
        dispose(app)
        return
    app = make_app(request.getfixturevalue("migrated_database"), tmp_path)
    with rolled_back(app):
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
