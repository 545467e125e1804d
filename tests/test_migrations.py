"""Migrations build the schema the models describe, and survive a round trip."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

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

    from tests.factories import create_organisation, create_user

    app = make_app(database_url, tmp_path)
    migrate.upgrade(app, "0003")
    organisation = create_organisation(app)
    create_user(app, organisation, "sam@example.nl")
    with app.app_context():
        db.session.execute(text(
            "INSERT INTO audit_events (at, event, user_id) VALUES (CURRENT_TIMESTAMP, 'login', 1)"))
        db.session.commit()
    migrate.upgrade(app)
    assert migrate.current_revision(app) == migrate.head_revision()
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM users")).scalar() == 1
        assert db.session.execute(text("SELECT count(*) FROM audit_events")).scalar() == 1
    dispose(app)


def test_0005_keeps_values_and_shows_an_open_1_0_safety_gate_as_unknown(
    database_url: str, tmp_path: Path
) -> None:
    import json

    from sqlalchemy import text

    from tests.factories import create_organisation, create_user

    app = make_app(database_url, tmp_path)
    migrate.upgrade(app, "0004")
    organisation = create_organisation(app)
    create_user(app, organisation, "sam@example.nl")
    rows = [  # (answers, status, current_step)
        ({"safety_gate": "unknown"}, "draft", "child"),
        ({"safety_gate": "no"}, "draft", "review"),
        ({}, "draft", "context"),
    ]
    with app.app_context():
        for answers, status, step in rows:
            db.session.execute(text(
                "INSERT INTO screenings (owner_id, organisation_id, case_reference, municipality,"
                " instrument_id, instrument_version, instrument_hash, status, answers, notes,"
                " current_step, tier, safety, parenting, lock_version, created_at, updated_at)"
                " VALUES (1, :org, 'C-1', 'Enschede', 'vroegsignalering-complexe-scheiding',"
                " '1.0', 'x', :status, :answers, '{}', :step, 'ordinary', 'none', 'unknown', 1,"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                {"org": organisation, "status": status, "answers": json.dumps(answers),
                 "step": step})
        db.session.commit()
    migrate.upgrade(app)
    with app.app_context():
        found = db.session.execute(text(
            "SELECT safety, shown_safety, reached_end FROM screenings ORDER BY id")).all()
    assert [(row[0], row[1], bool(row[2])) for row in found] == [
        ("none", "unknown", False), ("none", "none", True), ("none", "unknown", False)]
    dispose(app)
