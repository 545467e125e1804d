"""`screening organisations` and `screening figures`: for the installation's administrator."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from screening import audit, figure_counts
from screening.accounts import AccountExists, create_account, issue_link, link_url
from screening.db import db
from screening.models import Organisation, OrganisationMunicipality

organisations_cli = AppGroup("organisations", help="Add, list and rename organisations.")
figures_cli = AppGroup("figures", help="The counts behind the figures pages.")


def _organisation(name: str) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if organisation is None:
        raise click.ClickException(f"No organisation named {name!r}.")
    return organisation


@organisations_cli.command("create")
@click.argument("name")
@click.option("--municipality", "municipalities", multiple=True, required=True,
              help="A municipality it works in (repeat for more).")
@click.option("--region", default=None, help="The region whose figures it shares in.")
@click.option("--coordinator-email", required=True, help="Its first coordinator.")
@click.option("--coordinator-name", required=True)
def create(name: str, municipalities: tuple[str, ...], region: str | None,
           coordinator_email: str, coordinator_name: str) -> None:
    """Add an organisation and print its first coordinator's one-time link (one hour)."""
    name = name.strip()
    if db.session.scalar(select(Organisation.id).where(Organisation.name == name)) is not None:
        raise click.ClickException(f"An organisation named {name!r} exists already.")
    organisation = Organisation(
        name=name, region=(region or "").strip() or None,
        municipalities=[OrganisationMunicipality(name=m.strip()) for m in dict.fromkeys(municipalities)])
    db.session.add(organisation)
    db.session.flush()
    try:
        user = create_account(db.session, email=coordinator_email, name=coordinator_name,
                              role="coordinator", profession=None, organisation=organisation)
    except AccountExists as error:  # cannot happen in a new organisation; kept for clarity
        raise click.ClickException(str(error)) from error
    token = issue_link(user)
    audit.record("account_change", organisation_id=organisation.id, target_user_id=user.id)
    db.session.commit()
    click.echo(f"Created organisation {organisation.id} ({name}). Its first coordinator sets a "
               f"password within one hour at:")
    click.echo(f"  {link_url('reset', token)}")


@organisations_cli.command("list")
def list_organisations() -> None:
    """List organisations: id, name, region, municipalities."""
    for organisation in db.session.scalars(select(Organisation).order_by(Organisation.name)):
        click.echo(f"{organisation.id}\t{organisation.name}\t{organisation.region or '-'}\t"
                   f"{', '.join(organisation.municipality_names)}")


@organisations_cli.command("rename")
@click.argument("name")
@click.argument("new_name")
@click.option("--region", default=None, help="Also move it to this region ('' for none).")
def rename(name: str, new_name: str, region: str | None) -> None:
    """Rename an organisation (and optionally change its region)."""
    organisation = _organisation(name)
    new_name = new_name.strip()
    if new_name != name and db.session.scalar(
            select(Organisation.id).where(Organisation.name == new_name)) is not None:
        raise click.ClickException(f"An organisation named {new_name!r} exists already.")
    organisation.name = new_name
    if region is not None:
        organisation.region = region.strip() or None
    db.session.commit()
    click.echo(f"Organisation {organisation.id} is now {new_name!r}"
               f" (region {organisation.region or '-'}).")


@figures_cli.command("rebuild")
def rebuild() -> None:
    """Recount the figures from the screenings (after an upgrade, or to check them)."""
    rows = figure_counts.rebuild(db.session)
    db.session.commit()
    click.echo(f"Recounted: {rows} count rows.")
