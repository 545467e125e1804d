"""The factory under each configuration layer."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from screening.app import create_app
from tests.conftest import QUESTIONNAIRES, dispose


def build(tmp_path: Path, config: dict[str, object] | None = None):
    base = {"QUESTIONNAIRE_DIR": str(QUESTIONNAIRES)}
    app = create_app({**base, **(config or {})}, instance_path=str(tmp_path / "instance"))
    dispose(app)
    return app


def test_defaults_are_dutch_and_sqlite_in_the_instance_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)  # CI sets it for the PostgreSQL run
    app = build(tmp_path)
    assert app.config["BABEL_DEFAULT_LOCALE"] == "nl"
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'instance' / 'screening.sqlite3'}"
    assert app.config["SQLALCHEMY_ENGINES"]["default"]["pool_pre_ping"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path: Path) -> None:
    first = build(tmp_path).config["SECRET_KEY"]
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.read_text().strip() == first
    assert len(first) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert build(tmp_path).config["SECRET_KEY"] == first


def test_instance_file_overrides_defaults(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("IDLE_TIMEOUT_MINUTES = 45\nSECRET_KEY = 'from-file'\n")
    app = build(tmp_path)
    assert app.config["IDLE_TIMEOUT_MINUTES"] == 45
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 45 * 60
    assert app.config["SECRET_KEY"] == "from-file"
    assert not (instance / "secret_key").exists()


def test_environment_overrides_instance_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("IDLE_TIMEOUT_MINUTES = 45\nSECRET_KEY = 'from-file'\n")
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("SCREENING_IDLE_TIMEOUT_MINUTES", "20")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.invalid/screening")
    app = build(tmp_path)
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["IDLE_TIMEOUT_MINUTES"] == 20
    assert app.config["DATABASE_URL"] == "postgresql+psycopg://u@db.invalid/screening"


def test_explicit_config_overrides_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "from-env")
    app = build(tmp_path, {"SECRET_KEY": "explicit"})
    assert app.config["SECRET_KEY"] == "explicit"


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        build(tmp_path, {"PRODUCTION": True})


def test_an_invalid_questionnaire_folder_stops_the_start(tmp_path: Path) -> None:
    broken = tmp_path / "questionnaires" / "kapot"
    broken.mkdir(parents=True)
    (broken / "1.0.toml").write_text("[instrument]\nid = 'kapot'\n")
    with pytest.raises(RuntimeError, match="kapot"):
        build(tmp_path, {"QUESTIONNAIRE_DIR": str(tmp_path / "questionnaires")})


def test_screening_help_lists_the_commands_and_writes_no_secret_key(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    from screening.cli import cli

    instance = tmp_path / "instance"
    apps = []

    def make_app():
        app = create_app({"QUESTIONNAIRE_DIR": str(QUESTIONNAIRES)}, instance_path=str(instance))
        apps.append(app)
        return app

    result = CliRunner().invoke(cli, ["--help"], obj=ScriptInfo(create_app=make_app))
    for app in apps:
        dispose(app)
    assert result.exit_code == 0, result.output
    assert "questionnaire" in result.output and "users" in result.output  # the app was loaded
    assert apps and not (instance / "secret_key").exists()
    key = apps[0].secret_key  # first use makes it, once
    assert (instance / "secret_key").read_text().strip() == key == apps[0].config["SECRET_KEY"]
