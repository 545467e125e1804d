"""`screening db`: create, upgrade or inspect the database schema."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from screening import migrate

db_cli = AppGroup("db", help="Create, upgrade or inspect the database schema.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Upgrade the database to REVISION (default: the newest)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    migrate.upgrade(app, revision)
    click.echo(f"Database at revision {migrate.current_revision(app)}.")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Downgrade the database to REVISION ('base' removes every table)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    migrate.downgrade(app, revision)
    click.echo(f"Database at revision {migrate.current_revision(app)}.")


@db_cli.command("current")
def db_current() -> None:
    """Show the database's revision and the newest one available."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    click.echo(f"current: {migrate.current_revision(app)}")
    click.echo(f"head:    {migrate.head_revision()}")
