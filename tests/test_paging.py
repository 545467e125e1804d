"""Keyset paging of the screenings list: cursors, ties, shared screenings, both sorts."""

from __future__ import annotations

import html as html_module
import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import insert

from screening.db import db
from screening.models import Screening, Share
from screening.paging import Cursor
from tests.factories import create_user, user_id

ROW = re.compile(r'href="/screenings/(\d+)"')


def test_a_cursor_is_a_moment_and_an_id_and_survives_its_link() -> None:
    moment = datetime(2026, 11, 29, 4, 12, 3, 123456, tzinfo=UTC)
    cursor = Cursor(moment, 42)
    assert str(cursor) == f"{int(moment.timestamp()) * 1_000_000 + 123456}-42"
    assert Cursor.parse(str(cursor)) == cursor
    for broken in (None, "", "x-1", "1-", "-1", "1-2-3", "1.5-2", "1234567890123456789-1",
                   "999999999999999999-1", "SAM-2026-001"):
        assert Cursor.parse(broken) is None, broken


def walk(client, path: str) -> list[list[str]]:
    """Follow 'Volgende pagina' from `path` to the end; the rows of every page."""
    pages = []
    while path:
        page = client.get(path).get_data(as_text=True)
        pages.append(ROW.findall(page))
        link = re.search(r'href="([^"]+)">Volgende pagina', page)
        path = html_module.unescape(link.group(1)) if link else ""
        assert len(pages) < 20
    return pages


def seed(app: Flask, organisation_id: int) -> tuple[list[int], list[int]]:
    """45 own screenings; 11 of a colleague's 12 shared; three at a time share one moment."""
    create_user(app, organisation_id, "kim@example.nl", name="Kim")
    sam, kim = user_id(app, "sam@example.nl"), user_id(app, "kim@example.nl")
    base = datetime(2026, 10, 1, tzinfo=UTC)
    rows = []
    for number in range(57):
        owner = kim if number % 5 == 0 else sam
        # Three screenings per moment: only the id tells them apart.
        moment = base + timedelta(hours=number // 3)
        started = base - timedelta(days=number % 7, hours=number)
        rows.append({"owner_id": owner, "organisation_id": organisation_id,
                     "case_reference": f"PAG-{number:02d}", "municipality": "Almelo",
                     "instrument_id": "vroegsignalering-complexe-scheiding",
                     "instrument_version": "1.0", "instrument_hash": "0" * 64,
                     "status": "draft", "answers": {}, "notes": {}, "lock_version": 1,
                     "created_at": started, "updated_at": moment})
    with app.app_context():
        db.session.execute(insert(Screening), rows)
        ids = db.session.query(Screening.id, Screening.owner_id).order_by(Screening.id).all()
        theirs = [i for i, owner in ids if owner == kim]
        db.session.execute(insert(Share), [{"screening_id": i, "user_id": sam, "shared_by_id": kim,
                                            "created_at": base} for i in theirs[:-1]])
        db.session.commit()
        expected = {sort: [str(s.id) for s in db.session.query(Screening).filter(
            (Screening.owner_id == sam) | Screening.id.in_(theirs[:-1])).order_by(
            column.desc(), Screening.id.desc())]
            for sort, column in (("", Screening.updated_at), ("gestart", Screening.created_at))}
    return expected[""], expected["gestart"]


@pytest.mark.parametrize("sort", ["", "gestart"])
def test_pages_follow_their_cursors_through_own_and_shared_screenings(
        app: Flask, organisation_id: int, professional, sort: str) -> None:
    by_change, by_start = seed(app, organisation_id)
    expected = by_start if sort else by_change
    pages = walk(professional, "/screenings" + (f"?sort={sort}" if sort else ""))
    assert [len(page) for page in pages] == [20, 20, len(expected) - 40]
    # Every screening the professional may see, once, in order; never the unshared one.
    assert [row for page in pages for row in page] == expected
    # Back from the last page by 'Vorige pagina' gives the same pages in reverse.
    last = professional.get("/screenings" + (f"?sort={sort}" if sort else "")).get_data(as_text=True)
    path = ""
    for _ in range(2):
        link = re.search(r'href="([^"]+)">Volgende pagina', last)
        assert link
        path = html_module.unescape(link.group(1))
        last = professional.get(path).get_data(as_text=True)
    assert "Pagina 3 van 3" in last
    back = re.search(r'href="([^"]+)">Vorige pagina', last)
    assert back and "voor=" in back.group(1) and (not sort or "sort=gestart" in back.group(1))
    middle = professional.get(html_module.unescape(back.group(1))).get_data(as_text=True)
    assert ROW.findall(middle) == pages[1] and "Pagina 2 van 3" in middle


def test_a_cursor_past_the_end_starts_over(app: Flask, organisation_id: int, professional) -> None:
    by_change, _ = seed(app, organisation_id)
    page = professional.get("/screenings?na=1-1&pagina=2").get_data(as_text=True)
    assert ROW.findall(page) == by_change[:20] and "Pagina 1 van 3" in page


def test_past_the_counted_matches_the_pages_go_on_without_a_total(
        app: Flask, organisation_id: int, professional, monkeypatch: pytest.MonkeyPatch) -> None:
    from screening.views.casework import listing

    by_change, _ = seed(app, organisation_id)
    monkeypatch.setattr(listing, "COUNT_LIMIT", 30)
    first = professional.get("/screenings").get_data(as_text=True)
    assert "Meer dan 30 screenings gevonden" in first and "Pagina 1 van 2" in first
    pages = walk(professional, "/screenings")
    assert [row for page in pages for row in page] == by_change
    path = "/screenings"
    numbers = []
    for _ in pages:
        page = professional.get(path).get_data(as_text=True)
        numbers.append(re.search(r"<span>(Pagina [^<]+)</span>", page).group(1))
        link = re.search(r'href="([^"]+)">Volgende pagina', page)
        path = html_module.unescape(link.group(1)) if link else ""
    assert numbers == ["Pagina 1 van 2", "Pagina 2", "Pagina 3"]
