"""`screening users`: accounts, for the server's administrator."""

from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from screening import audit, tokens
from screening.accounts import (
    AccountExists,
    accounts_by_email,
    create_account,
    issue_link,
    link_url,
    set_active,
)
from screening.db import db
from screening.models import PROFESSIONS, ROLES, Organisation, User

users_cli = AppGroup("users", help="Create, list, deactivate or reset accounts.")


def find_user(email: str, organisation_name: str | None = None) -> User:
    found = [user for user in accounts_by_email(db.session, email)
             if organisation_name is None or user.organisation.name == organisation_name]
    if not found:
        raise click.ClickException(f"No account with e-mail address {email!r}.")
    if len(found) > 1:
        raise click.ClickException(
            f"{len(found)} organisations have an account with {email!r}: add --organisation.")
    return found[0]


ORGANISATION = click.option("--organisation", "organisation_name", default=None,
                            help="The account's organisation, when several use the address.")


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
    click.echo(f"  {link_url('setup', token)}")


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
    if role == "professional" and profession is None:
        raise click.ClickException("A professional needs --profession.")
    try:
        user = create_account(db.session, email=email, name=name, role=role,
                              profession=profession, organisation=organisation)
    except AccountExists as error:
        raise click.ClickException(
            f"An account with e-mail address {str(error)!r} exists already.") from error
    print_link(user, f"Created account {user.id} ({role}). One-time link to set a password "
               "(one hour):")


@users_cli.command("list")
def list_users() -> None:
    """List accounts: id, e-mail, role, organisation, state."""
    for user in db.session.scalars(select(User).order_by(User.organisation_id, User.email)):
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.id}\t{user.email}\t{user.role}\t{user.organisation.name}\t{state}")


def account_command(name: str) -> Callable[[Callable[[User], None]], click.Command]:
    """A `users` command on one account, found by its e-mail address (and organisation)."""

    def decorate(action: Callable[[User], None]) -> click.Command:
        @users_cli.command(name, help=action.__doc__)
        @click.argument("email")
        @ORGANISATION
        def command(email: str, organisation_name: str | None) -> None:
            action(find_user(email, organisation_name))

        return command

    return decorate


def print_link(user: User, heading: str) -> None:
    """Issue a one-time password link for the account, audited, and print it."""
    token = issue_link(user)
    audit.record("account_change", organisation_id=user.organisation_id, target_user_id=user.id)
    db.session.commit()
    click.echo(heading)
    click.echo(f"  {link_url('reset', token)}")


@account_command("deactivate")
def deactivate(user: User) -> None:
    """Deactivate an account; its sessions end at once."""
    if set_active(user, False):
        audit.record("account_change", organisation_id=user.organisation_id,
                     target_user_id=user.id)
    db.session.commit()
    click.echo(f"Deactivated account {user.id}.")


@account_command("reset")
def reset(user: User) -> None:
    """Print a one-time link (one hour) to set a new password; reactivates nothing."""
    print_link(user, f"One-time link for account {user.id} (one hour):")
