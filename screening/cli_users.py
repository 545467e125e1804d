"""`screening users`: accounts, for the server's administrator."""

from __future__ import annotations

import click
from flask import current_app, url_for
from flask.cli import AppGroup
from sqlalchemy import func, select

from screening import audit, tokens
from screening.db import db
from screening.models import PROFESSIONS, ROLES, Organisation, User

users_cli = AppGroup("users", help="Create, list, deactivate or reset accounts.")


def link(endpoint: str, token: str) -> str:
    """Build an absolute link to a page, as people reach the app."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        return url_for(endpoint, token=token, _external=True)


def find_user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account with e-mail address {email!r}.")
    return user


@users_cli.command("setup-link")
@click.option("--if-needed", is_flag=True, help="Print nothing when accounts exist.")
def setup_link(if_needed: bool) -> None:
    """Print a one-time link (one hour) to create the first coordinator account."""
    if db.session.scalar(select(func.count(User.id))):
        if if_needed:
            return
        raise click.ClickException("Accounts exist already: use `screening users reset EMAIL`.")
    token = tokens.issue(db.session, "setup")
    db.session.commit()
    click.echo("No accounts yet. Create the first (coordinator) account within one hour at:")
    click.echo(f"  {link('auth.setup_link', token)}")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="professional", show_default=True)
@click.option("--profession", type=click.Choice(PROFESSIONS), default=None)
@click.option("--organisation", "organisation_name", required=True,
              help="Name of an existing organisation.")
def create(email: str, name: str, role: str, profession: str | None,
           organisation_name: str) -> None:
    """Create an account and print its one-time link to set a password."""
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name == organisation_name))
    if organisation is None:
        raise click.ClickException(f"No organisation named {organisation_name!r}.")
    email = email.strip().lower()
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise click.ClickException(f"An account with e-mail address {email!r} exists already.")
    if role == "professional" and profession is None:
        raise click.ClickException("A professional needs --profession.")
    user = User(email=email, name=name.strip(), role=role,
                profession=profession if role == "professional" else None,
                organisation=organisation)
    db.session.add(user)
    db.session.flush()
    token = tokens.issue(db.session, "reset", user)
    audit.record("account_change", organisation_id=user.organisation_id, target_user_id=user.id)
    db.session.commit()
    click.echo(f"Created account {user.id} ({role}). One-time link to set a password (one hour):")
    click.echo(f"  {link('auth.reset_link', token)}")


@users_cli.command("list")
def list_users() -> None:
    """List accounts: id, e-mail, role, organisation, state."""
    for user in db.session.scalars(select(User).order_by(User.organisation_id, User.email)):
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.id}\t{user.email}\t{user.role}\t{user.organisation.name}\t{state}")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Deactivate an account; its sessions end at once."""
    user = find_user(email)
    user.active = False
    user.session_version += 1
    audit.record("account_change", organisation_id=user.organisation_id, target_user_id=user.id)
    db.session.commit()
    click.echo(f"Deactivated account {user.id}.")


@users_cli.command("reset")
@click.argument("email")
def reset(email: str) -> None:
    """Print a one-time link (one hour) to set a new password; reactivates nothing."""
    user = find_user(email)
    token = tokens.issue(db.session, "reset", user)
    audit.record("account_change", organisation_id=user.organisation_id, target_user_id=user.id)
    db.session.commit()
    click.echo(f"One-time link for account {user.id} (one hour):")
    click.echo(f"  {link('auth.reset_link', token)}")
