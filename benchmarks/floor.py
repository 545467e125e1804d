"""Our app with two pages that do no work of their own: the floor under every page.

`/vloer` passes what every logged-in page passes (session cookie, login, the request hooks)
and answers one word. `/vloer/<id>` also does what every page that shows a screening does
before its own work: it loads the screening the user needs to know and writes the audit row
of that read, in one commit. No page can cost less than these, so their share of the bare
app is the most any page can reach. The benchmark serves this app in place of the shipped
one (the shipped app has no such pages); every other page is the same.
"""

from __future__ import annotations

from flask import Flask

from screening import audit
from screening.app import create_app
from screening.db import db
from screening.views.casework import screening_or_404

WORD = "vloer"
PATH = "/vloer"  # and PATH/<id> for the audited read


def create_floor_app() -> Flask:
    """The shipped app plus the two floor pages."""
    app = create_app()

    @app.get(PATH)
    def logged_in() -> str:
        return WORD

    @app.get(f"{PATH}/<int:screening_id>")
    def audited_read(screening_id: int) -> str:
        audit.record("view", screening=screening_or_404(screening_id))
        db.session.commit()
        return WORD

    return app
