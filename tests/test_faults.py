"""Failures in the middle of a save leave nothing half-written; concurrent finalisation."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.orm.exc import StaleDataError

from screening import screenings
from screening.db import db
from screening.models import AuditEvent, Screening
from tests.flows import answer_all, case_answers, instrument, post_step, start


class InjectedFault(Exception):
    """Raised on purpose between the first and the last write of a save."""


def test_a_failure_after_the_first_write_rolls_back_the_whole_save(app: Flask, professional) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: tests otherwise re-raise
    screening_id = start(professional)
    post_step(professional, screening_id, "context", case_answers("parallel"))
    with app.app_context():
        before = dict(db.session.get(Screening, screening_id).answers)

    with app.app_context():
        engine = db.engine

    def fail(_conn, _cursor, statement, parameters, *_args) -> None:  # noqa: ANN001
        # The screening's UPDATE has run in this transaction; now the audit INSERT fails.
        # (The audit chain inserts its rows with Core, so this listens on the engine.)
        if statement.startswith("INSERT INTO audit_events") and "edit" in str(parameters):
            raise InjectedFault

    event.listen(engine, "before_cursor_execute", fail)
    try:
        response = post_step(professional, screening_id, "patterns", case_answers("complex"))
    finally:
        event.remove(engine, "before_cursor_execute", fail)
    assert response.status_code == 500
    assert "Wat je net verstuurde, is niet opgeslagen." in response.get_data(as_text=True)
    with app.app_context():
        screening = db.session.get(Screening, screening_id)
        assert screening.answers == before
        assert screening.lock_version == 2  # start and the context step only
        edits = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "edit")).all()
        assert len(edits) == 1  # the context step's; the failed save left no row


@pytest.mark.fresh_database  # two sessions on two connections: real commits
def test_two_concurrent_finalisations_give_one_final_screening(app: Flask, professional) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("parallel"))
    tool = instrument()
    with app.app_context():
        first, second = db.sessionmaker(), db.sessionmaker()
        try:
            one = first.get(Screening, screening_id)
            two = second.get(Screening, screening_id)
            for copy in (one, two):
                screenings.judge(copy, "agree", None, None)
                screenings.finalise(tool, copy)
            first.commit()
            with pytest.raises(StaleDataError):
                second.commit()
            second.rollback()
        finally:
            first.close()
            second.close()
        final = db.session.get(Screening, screening_id)
        assert final.status == "final" and final.lock_version == one.lock_version
