"""`screening db`: the schema's migrations, through Flask-Alembic.

upgrade, downgrade and current say which revision the database is at; revision works as
Alembic's own (`-m`, `--autogenerate`) and writes the next numbered script into
screening/migrations/versions. Flask-Alembic's inspecting commands come along as they are.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_alembic.cli import cli as flask_alembic_cli

from screening.db import migrations

LIBRARY_COMMANDS = ("heads", "log", "show", "check", "stamp", "branches")


@click.group("db")
@click.pass_context
@with_appcontext
def db_cli(ctx: click.Context) -> None:
    """Create, upgrade or inspect the database schema."""
    ctx.obj = migrations  # what Flask-Alembic's own commands expect


for name in LIBRARY_COMMANDS:
    db_cli.add_command(flask_alembic_cli.commands[name])


def current_revision() -> str | None:
    scripts = [script for script in migrations.current() if script is not None]
    return scripts[0].revision if scripts else None


def head_revision() -> str | None:
    heads = migrations.heads()
    return heads[0].revision if heads else None


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Upgrade the database to REVISION (default: the newest)."""
    migrations.upgrade(revision)
    click.echo(f"Database at revision {current_revision()}.")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Downgrade the database to REVISION ('base' removes every table)."""
    migrations.downgrade(revision)
    click.echo(f"Database at revision {current_revision()}.")


@db_cli.command("current")
def db_current() -> None:
    """Show the database's revision and the newest one available."""
    click.echo(f"current: {current_revision()}")
    click.echo(f"head:    {head_revision()}")


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does, in a few words.")
@click.option("--autogenerate", is_flag=True,
              help="Fill in the operations that bring the upgraded database to the models.")
def db_revision(message: str, autogenerate: bool) -> None:
    """Write a new migration script; review it before you commit it."""
    versions = current_app.config["ALEMBIC"]["version_locations"][0]  # screening/migrations/versions
    # branch="": one linear history, without Flask-Alembic's 'default' branch label.
    migrations.revision(message, empty=not autogenerate, branch="", path=versions)
