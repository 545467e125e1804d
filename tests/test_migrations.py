"""Migrations build the schema the models describe, and survive a round trip."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Column, Integer, Table, inspect
from sqlalchemy.exc import DBAPIError

from screening.cli_db import current_revision, head_revision
from screening.db import MIGRATIONS, db, migrations
from screening.models import Base
from tests.conftest import dispose, make_app, upgrade


def table_names(app: Flask) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def revision_of(app: Flask) -> str | None:
    with app.app_context():
        return current_revision()


def test_upgrade_an_empty_database_to_head(database_url: str, tmp_path: Path) -> None:
    app = make_app(database_url, tmp_path)
    assert table_names(app) == set()
    upgrade(app)
    with app.app_context():
        assert current_revision() == head_revision()
    assert table_names(app) == set(Base.metadata.tables)
    dispose(app)


def test_downgrade_and_upgrade_round_trip(database_url: str, tmp_path: Path) -> None:
    app = make_app(database_url, tmp_path)
    upgrade(app)
    with app.app_context():
        migrations.downgrade("base")
    assert table_names(app) == set()
    assert revision_of(app) is None
    upgrade(app)
    assert table_names(app) == set(Base.metadata.tables)
    dispose(app)


@pytest.mark.fresh_database
def test_db_commands(runner, app) -> None:
    with app.app_context():
        head = head_revision()
    result = runner.invoke(args=["db", "current"])
    assert result.exit_code == 0, result.output
    assert f"current: {head}" in result.output
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    assert "revision None" in result.output
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"revision {head}" in result.output
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    assert "No changes detected" in result.output


def test_migrations_build_exactly_what_the_models_describe(app) -> None:
    with app.app_context():
        assert migrations.compare_metadata() == []


def test_revision_autogenerate_writes_the_next_numbered_script(database_url: str, tmp_path: Path) -> None:
    shutil.copytree(MIGRATIONS, tmp_path / "migrations")
    versions = tmp_path / "migrations" / "versions"
    app = make_app(database_url, tmp_path, ALEMBIC={
        "script_location": str(tmp_path / "migrations"), "version_locations": [str(versions)]})
    upgrade(app)
    with app.app_context():
        head = head_revision()
    assert head is not None
    # Ids may carry a name ("0006_security") and the chain need not follow the numbers
    # (0005_honest_outcomes came after 0007): the next number is the highest + 1.
    number = max(int(re.match(r"\d+", path.name).group()) for path in versions.glob("0*.py"))
    # A model the migrations do not know yet, for as long as this test runs.
    scratch = Table("scratch_notes", Base.metadata, Column("id", Integer, primary_key=True))
    try:
        result = app.test_cli_runner().invoke(
            args=["db", "revision", "--autogenerate", "-m", "Scratch notes"])
    finally:
        Base.metadata.remove(scratch)
    assert result.exit_code == 0, result.output
    written = versions / f"{number + 1:04d}_scratch_notes.py"
    assert f"Generating {written}" in result.output
    script = written.read_text(encoding="utf-8")
    assert f"down_revision = '{head}'" in script
    assert "op.create_table('scratch_notes'" in script
    assert "op.drop_table('scratch_notes')" in script
    dispose(app)


def test_upgrade_keeps_the_data_of_a_populated_database(database_url: str, tmp_path: Path) -> None:
    from sqlalchemy import text

    app = make_app(database_url, tmp_path)
    upgrade(app, "0003")
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
    upgrade(app)
    with app.app_context():
        assert current_revision() == head_revision()
        assert db.session.execute(text("SELECT count(*) FROM users")).scalar() == 1
        assert db.session.execute(text("SELECT count(*) FROM audit_events")).scalar() == 1
        assert db.session.execute(text("SELECT name FROM organisation_municipalities")).scalar() == "Almelo"
        # The rebuilt audit table is still append-only.
        with pytest.raises(DBAPIError):
            db.session.execute(text("DELETE FROM audit_events"))
        db.session.rollback()
    dispose(app)


def test_0005_keeps_values_and_shows_an_open_1_0_safety_gate_as_unknown(
    database_url: str, tmp_path: Path
) -> None:
    import json

    from sqlalchemy import text

    app = make_app(database_url, tmp_path)
    upgrade(app, "0004")
    # Plain SQL: the models describe the newest schema, not the one of revision 0004.
    organisation = 1
    with app.app_context():
        db.session.execute(text(
            "INSERT INTO organisations (id, name, created_at) VALUES (1, 'Team', CURRENT_TIMESTAMP)"))
        db.session.execute(text(
            "INSERT INTO users (id, email, name, role, organisation_id, active, session_version,"
            " created_at) VALUES (1, 'sam@example.nl', 'Sam', 'professional', 1, true, 1,"
            " CURRENT_TIMESTAMP)"))
        db.session.commit()
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
    upgrade(app)
    with app.app_context():
        found = db.session.execute(text(
            "SELECT safety, shown_safety, reached_end FROM screenings ORDER BY id")).all()
    assert [(row[0], row[1], bool(row[2])) for row in found] == [
        ("none", "unknown", False), ("none", "none", True), ("none", "unknown", False)]
    dispose(app)
