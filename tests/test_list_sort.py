"""The list says what it sorts by: last change by default, or start date."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import update

from screening.db import db
from screening.models import Screening, utcnow
from tests.flows import case_answers, post_step, start


def order_on(client, query: str = "") -> list[str]:
    html = client.get("/screenings" + query).get_data(as_text=True)
    return re.findall(r">(SORT-\d)</a>", html)


def test_list_sorts_by_last_change_or_by_start(app: Flask, professional) -> None:
    first = start(professional, "SORT-1")
    start(professional, "SORT-2")
    # Started first, changed last.
    post_step(professional, first, "context", case_answers("parallel"))
    with app.app_context():
        db.session.execute(update(Screening).where(Screening.id == first).values(updated_at=utcnow()))
        db.session.commit()
    html = professional.get("/screenings").get_data(as_text=True)
    assert "Laatst gewijzigd" in html and "Gestart" in html
    assert 'aria-sort="descending">Laatst gewijzigd' in html
    assert order_on(professional) == ["SORT-1", "SORT-2"]
    assert order_on(professional, "?sort=gestart") == ["SORT-2", "SORT-1"]
    assert 'aria-sort="descending">Gestart' in professional.get("/screenings?sort=gestart").get_data(
        as_text=True)
    # An unknown choice falls back to the default, never to an error.
    assert order_on(professional, "?sort=drop+table") == ["SORT-1", "SORT-2"]
