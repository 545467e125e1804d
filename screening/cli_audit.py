"""`screening audit`: check that the audit log is complete and unaltered."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from screening import audit, audit_chain
from screening.db import db

audit_cli = AppGroup("audit", help="Check the audit log.")


@audit_cli.command("verify")
def verify() -> None:
    """Walk the hash chain of the audit log; name the first broken row (exit code 1)."""
    verdict = audit_chain.verify(db.session, audit.chain_key())
    if verdict.ok:
        click.echo(f"Audit log intact: {verdict.rows} rows, {verdict.sealed} in the chain, "
                   f"head {verdict.head or '-'}.")
        return
    where = f"row {verdict.broken_id}" if verdict.broken_id is not None else "the table"
    click.echo(f"Audit log BROKEN at {where}: {verdict.problem} "
               f"({verdict.rows} rows read).", err=True)
    raise SystemExit(1)
