"""Paths of earlier versions answer 308 with the new, Dutch path, so bookmarks keep working.

308 (not 301) keeps the method and the body: an old form that still posts to an old path
is handled as it was meant. Only the path changes; nothing in it is looked up or checked
here, the new page does that as always.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, redirect, request, url_for
from flask.typing import ResponseReturnValue

PREFIX = "old_paths."

# (old rule, methods, endpoint that now serves it)
OLD_RULES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("/login", ("GET", "POST"), "auth.login"),
    ("/logout", ("POST",), "auth.logout"),
    ("/setup", ("GET", "POST"), "auth.setup"),
    ("/setup/<token>", ("GET",), "auth.setup_link"),
    ("/reset", ("GET", "POST"), "auth.reset"),
    ("/reset/<token>", ("GET",), "auth.reset_link"),
    ("/screenings/new", ("GET", "POST"), "casework.new"),
    ("/screenings/<int:screening_id>/summary.pdf", ("GET",), "casework.summary_pdf"),
    ("/cases/<case_reference>", ("GET",), "casework.case"),
    ("/cases/<case_reference>/export", ("GET",), "casework.export"),
    ("/cases/<case_reference>/wissen", ("GET", "POST"), "casework.erase"),
    ("/beheer/accounts", ("GET", "POST"), "admin.accounts"),
    ("/beheer/accounts/<int:user_id>/reset", ("POST",), "admin.reset_account"),
    ("/beheer/accounts/<int:user_id>/active", ("POST",), "admin.set_account_active"),
    ("/beheer/audit/", ("GET",), "audit_log.index"),
    ("/beheer/audit/export.csv", ("GET",), "audit_log.export"),
)


def _redirect_to(endpoint: str) -> Callable[..., ResponseReturnValue]:
    def moved(**view_args: Any) -> ResponseReturnValue:
        target = url_for(endpoint, **view_args)
        if request.query_string:
            target += "?" + request.query_string.decode("latin-1")
        return redirect(target, 308)

    return moved


def register_old_paths(app: Flask) -> None:
    """Add every old rule; a moved form's CSRF token is checked where it lands, not here."""
    csrf = app.extensions["csrf"]
    for number, (rule, methods, endpoint) in enumerate(OLD_RULES):
        view = csrf.exempt(_redirect_to(endpoint))
        app.add_url_rule(rule, endpoint=f"{PREFIX}{number}", view_func=view, methods=list(methods))


def is_old_path(endpoint: str | None) -> bool:
    return (endpoint or "").startswith(PREFIX)
