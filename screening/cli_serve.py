"""`screening serve`: the development server, with the one-time setup link printed last."""

from __future__ import annotations

import socket
import threading
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select
from werkzeug.serving import run_simple

from screening import tokens
from screening.accounts import link_url
from screening.db import db
from screening.models import User


def setup_link_if_needed() -> str | None:
    """Issue a one-time setup link when the installation has no account yet."""
    if db.session.scalar(select(func.count(User.id))):
        return None
    token = tokens.issue(db.session, "setup")
    db.session.commit()
    return link_url("setup", token)


def boxed(lines: list[str]) -> str:
    """Frame lines so they stand out between the server's own log lines."""
    width = max(len(line) for line in lines)
    rule = "=" * (width + 4)
    return "\n".join(["", rule, *(f"| {line.ljust(width)} |" for line in lines), rule, ""])


def start_message(url: str, setup: str | None) -> str:
    lines = [f"Vroegsignalering complexe scheiding runs at {url}"]
    if setup:
        lines += ["", "No accounts yet. Create the organisation and its first",
                  "(coordinator) account within one hour at:", "", f"  {setup}"]
    lines += ["", "Stop the server: press Ctrl+C in this window.",
              "Log: the lines above and below this box (standard error)."]
    return boxed(lines)


def print_when_listening(host: str, port: int, message: str, timeout: float = 30.0) -> None:
    """Wait until the server accepts connections, then print the message after its banner."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    time.sleep(0.3)  # let the server finish its own start-up lines first
    click.secho(message, fg="yellow", bold=True, err=True)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Run the development server; print the setup link (when needed) last, in a box."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    url = f"http://{host}:{port}"
    app.config["PUBLIC_URL"] = url
    message = start_message(url, setup_link_if_needed())
    db.session.close()
    threading.Thread(target=print_when_listening, args=(host, port, message), daemon=True).start()
    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)
