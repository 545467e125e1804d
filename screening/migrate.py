"""Alembic, driven from the app: upgrade, downgrade and inspect the schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from flask import Flask

from screening.db import db

MIGRATIONS = Path(__file__).parent / "migrations"


@contextmanager
def alembic_config(app: Flask) -> Iterator[Config]:
    """Yield an Alembic config bound to one connection of the app's engine."""
    with app.app_context(), db.engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        yield config


def upgrade(app: Flask, revision: str = "head") -> None:
    with alembic_config(app) as config:
        command.upgrade(config, revision)


def downgrade(app: Flask, revision: str) -> None:
    with alembic_config(app) as config:
        command.downgrade(config, revision)


def current_revision(app: Flask) -> str | None:
    with app.app_context(), db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()
