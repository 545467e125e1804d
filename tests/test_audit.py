"""Every event writes exactly one audit row; rows hold pointers only and cannot be changed."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from screening.db import db
from screening.models import AUDIT_EVENTS, AuditEvent
from tests.factories import create_user, log_in
from tests.flows import answer_all, case_answers, judge_and_finalise, post_step, start
from tests.helpers import submit, text_of


def count(app: Flask, event: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).where(AuditEvent.event == event)) or 0


def rows(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def share_with_kim(app: Flask, client, organisation_id: int, screening_id: int) -> int:
    kim = create_user(app, organisation_id, "kim@example.nl", name="Kim")
    submit(client, f"/screenings/{screening_id}/delen", {"colleague": str(kim)})
    return kim


def _withdraw(app, client, organisation_id, screening_id):
    share_with_kim(app, client, organisation_id, screening_id)
    page = f"/screenings/{screening_id}/delen"
    share_id = re.search(r"/delen/(\d+)/intrekken", text_of(client.get(page))).group(1)
    return lambda: submit(client, page, {}, action=f"{page}/{share_id}/intrekken")


def _other(app, organisation_id):
    create_user(app, organisation_id, "kim@example.nl", name="Kim")
    other = app.test_client()
    log_in(other, "kim@example.nl")
    return other


ACTIONS: dict[str, Callable[..., Callable[[], object]]] = {
    "view": lambda app, c, org, sid: lambda: c.get(f"/screenings/{sid}/uitkomst"),
    "search": lambda app, c, org, sid: lambda: c.get("/screenings?q=ALM"),
    "create": lambda app, c, org, sid: lambda: start(c, "ALM-2026-002"),
    "edit": lambda app, c, org, sid: lambda: post_step(c, sid, "context", {"children_count": 2}),
    "finalise": lambda app, c, org, sid: lambda: judge_and_finalise(c, sid),
    "print": lambda app, c, org, sid: lambda: c.get(f"/screenings/{sid}/samenvatting.pdf"),
    "export": lambda app, c, org, sid: lambda: c.get("/casussen/ALM-2026-001/inzage"),
    "share": lambda app, c, org, sid: lambda: share_with_kim(app, c, org, sid),
    "unshare": _withdraw,
    "erase": lambda app, c, org, sid: lambda: submit(
        c, "/casussen/ALM-2026-001/wissen", {"confirm": "ALM-2026-001"}),
    "login": lambda app, c, org, sid: lambda: log_in(app.test_client(), "sam@example.nl"),
    "login_failed": lambda app, c, org, sid: lambda: log_in(app.test_client(), "sam@example.nl",
                                                            "verkeerd verkeerd"),
    "logout": lambda app, c, org, sid: lambda: submit(c, "/screenings", {}, action="/uitloggen"),
    "access_refused": lambda app, c, org, sid: (
        lambda other: lambda: other.get(f"/screenings/{sid}/uitkomst"))(_other(app, org)),
}


@pytest.mark.parametrize("event", sorted(ACTIONS))
def test_each_professional_event_writes_exactly_one_row(app, professional, organisation_id,
                                                        event: str) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("parallel"))
    action = ACTIONS[event](app, professional, organisation_id, screening_id)
    before = count(app, event)
    action()
    assert count(app, event) == before + 1


def test_account_change_and_audit_view_write_one_row_each(app, coordinator) -> None:
    before = count(app, "account_change")
    submit(coordinator, "/beheer/gebruikers", {"name": "Kim", "email": "kim@example.nl",
                                             "role": "professional", "profession": "other"})
    assert count(app, "account_change") == before + 1
    before = count(app, "audit_view")
    coordinator.get("/beheer/logboek/")
    assert count(app, "audit_view") == before + 1


def test_every_event_type_is_covered_by_a_test() -> None:
    # settings_change: tests/test_organisation.py
    assert set(ACTIONS) | {"account_change", "audit_view", "settings_change"} == set(AUDIT_EVENTS)


def test_rows_point_and_never_hold_content(app, professional, organisation_id) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("complex"), notes={"patterns": "GEHEIM"})
    professional.get("/casussen/ALM-2026-001")
    for row in rows(app):
        values = " ".join(str(v) for v in (row.event, row.user_id, row.organisation_id,
                                           row.screening_id, row.case_pointer, row.client_address))
        assert "ALM-2026-001" not in values and "GEHEIM" not in values
    pointed = [r for r in rows(app) if r.screening_id is not None]
    assert pointed and all(r.case_pointer and len(r.case_pointer) == 32 for r in pointed)
    assert all(r.client_address == "127.0.0.1" for r in rows(app))


def test_the_database_refuses_to_change_or_delete_audit_rows(app, professional) -> None:
    start(professional)
    with app.app_context():
        first = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id))
        for statement in (update(AuditEvent).values(event="view").where(AuditEvent.id == first),
                          delete(AuditEvent).where(AuditEvent.id == first)):
            with pytest.raises(DBAPIError, match="append-only"):
                db.session.execute(statement)
            db.session.rollback()
        with pytest.raises(DBAPIError):
            db.session.execute(text("DELETE FROM audit_events"))
        db.session.rollback()
        assert db.session.get(AuditEvent, first) is not None


def test_coordinator_filters_and_exports_the_log(app, coordinator, organisation_id) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    sam = app.test_client()
    log_in(sam, "sam@example.nl")
    start(sam)
    html = text_of(coordinator.get("/beheer/logboek/?event=create"))
    assert "Aangemaakt" in html and "Sam de Vries" in html
    response = coordinator.get("/beheer/logboek/logboek.csv?event=create")
    assert response.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["event"] for r in table] == ["create"]
    assert table[0]["user_name"] == "Sam de Vries"
    assert "ALM-2026-001" not in response.get_data(as_text=True)
    assert count(app, "export") == 1


def test_professionals_cannot_read_the_log(professional) -> None:
    assert professional.get("/beheer/logboek/").status_code == 403
