"""`screening retention`: erase what is kept longer than needed."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from screening import audit, data_rights
from screening.db import commit_unless_changed, db
from screening.models import utcnow

retention_cli = AppGroup("retention", help="Erase screenings past their retention period.")


@retention_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be erased; change nothing.")
def purge(dry_run: bool) -> None:
    """Erase finalised screenings after RETENTION_FINAL_MONTHS and idle drafts after RETENTION_DRAFT_DAYS."""
    config = current_app.config
    plan = data_rights.purge_plan(db.session, utcnow(), int(config["RETENTION_FINAL_MONTHS"]),
                                  int(config["RETENTION_DRAFT_DAYS"]))
    erased = {"finalised": list(plan.finalised), "drafts": list(plan.stale_drafts)}
    skipped = 0
    if not dry_run:
        for rows in erased.values():
            for screening in list(rows):
                # One transaction each: a draft saved during the run is skipped, not the run.
                audit.record("erase", screening=screening)
                data_rights.erase(db.session, screening)
                if not commit_unless_changed():
                    rows.remove(screening)
                    skipped += 1
    verb = "would erase" if dry_run else "erased"
    click.echo(f"{verb}: {len(erased['finalised'])} finalised screenings "
               f"(older than {config['RETENTION_FINAL_MONTHS']} months), "
               f"{len(erased['drafts'])} drafts (untouched for {config['RETENTION_DRAFT_DAYS']} days)")
    if skipped:
        click.echo(f"skipped {skipped} that changed during the run; the next run checks them again")
    click.echo("audit rows are kept (at least 5 years); they hold pointers, no content")
