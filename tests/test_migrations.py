"""Migrations build the schema the models describe, and survive a round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError

from screening import migrate
from screening.db import db
from screening.models import Base
from tests.conftest import dispose, make_app


def table_names(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_an_empty_database_to_head(database_url: str, tmp_path: Path) -> None:
    app = make_app(database_url, tmp_path)
    assert table_names(app) == set()
    migrate.upgrade(app)
    assert migrate.current_revision(app) == migrate.head_revision()
    assert table_names(app) == set(Base.metadata.tables)
    dispose(app)


def test_downgrade_and_upgrade_round_trip(database_url: str, tmp_path: Path) -> None:
    app = make_app(database_url, tmp_path)
    migrate.upgrade(app)
    migrate.downgrade(app, "base")
    assert table_names(app) == set()
    assert migrate.current_revision(app) is None
    migrate.upgrade(app)
    assert table_names(app) == set(Base.metadata.tables)
    dispose(app)


def test_db_commands(runner, app) -> None:
    result = runner.invoke(args=["db", "current"])
    assert result.exit_code == 0, result.output
    assert f"current: {migrate.head_revision()}" in result.output
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    assert "revision None" in result.output
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"revision {migrate.head_revision()}" in result.output


def test_migrations_build_exactly_what_the_models_describe(app) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_keeps_the_data_of_a_populated_database(database_url: str, tmp_path: Path) -> None:
    from sqlalchemy import text

    app = make_app(database_url, tmp_path)
    migrate.upgrade(app, "0003")
    # Plain SQL: the models describe the newest schema, not the one of revision 0003.
    with app.app_context():
        db.session.execute(text(
            "INSERT INTO organisations (id, name, created_at) VALUES (1, 'Team', CURRENT_TIMESTAMP)"))
        db.session.execute(text(
            "INSERT INTO organisation_municipalities (organisation_id, name) VALUES (1, 'Almelo')"))
        db.session.execute(text(
            "INSERT INTO users (email, name, role, organisation_id, active, session_version, created_at)"
            " VALUES ('sam@example.nl', 'Sam', 'professional', 1, true, 1, CURRENT_TIMESTAMP)"))
        db.session.execute(text(
            "INSERT INTO audit_events (at, event, user_id) VALUES (CURRENT_TIMESTAMP, 'login', 1)"))
        db.session.commit()
    migrate.upgrade(app)
    assert migrate.current_revision(app) == migrate.head_revision()
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM users")).scalar() == 1
        assert db.session.execute(text("SELECT count(*) FROM audit_events")).scalar() == 1
        assert db.session.execute(text("SELECT name FROM organisation_municipalities")).scalar() == "Almelo"
        # The rebuilt audit table is still append-only.
        with pytest.raises(DBAPIError):
            db.session.execute(text("DELETE FROM audit_events"))
        db.session.rollback()
    dispose(app)
