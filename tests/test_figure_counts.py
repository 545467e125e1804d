"""Kept counts equal a full recount, whatever happens to the screenings (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from screening import data_rights, figure_counts, screenings
from screening.db import db
from screening.instrument import validate_answers
from screening.models import Screening, User
from tests.factories import create_organisation, create_user, log_in
from tests.flows import answer_all, case_answers, instrument, judge_and_finalise, start

CASES = ["complex", "cooperatief", "acuut_gevaar", "parallel", "bijna_niets_bekend"]
T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

operations = st.lists(st.one_of(
    st.tuples(st.just("start"), st.integers(0, 3), st.integers(0, 5)),
    st.tuples(st.just("finalise"), st.integers(0, 30), st.sampled_from(CASES)),
    st.tuples(st.just("rescreen"), st.integers(0, 30), st.integers(-40, 80)),
    st.tuples(st.just("erase_case"), st.integers(0, 3), st.integers(0, 5)),
    st.tuples(st.just("purge"), st.integers(0, 30), st.just(0)),
    st.tuples(st.just("next_month"), st.just(0), st.just(0)),
), min_size=1, max_size=25)


def nonzero(counter):
    return {key: count for key, count in counter.items() if count}


def test_maintained_counts_equal_a_full_recount(app) -> None:
    first = create_organisation(app, "Team A", ("Almelo", "Borne"))
    second = create_organisation(app, "Team B", ("Hengelo",))
    create_user(app, first, "a@example.nl", profession="school_social_worker")
    create_user(app, first, "b@example.nl", profession="youth_health_nurse")
    create_user(app, second, "c@example.nl", profession="welfare_worker")
    one = instrument()

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(operations)
    def run(steps) -> None:
        with app.app_context(), time_machine.travel(T0, tick=False) as clock:
            session = db.session
            users = list(session.scalars(select(User).order_by(User.id)))
            for name, a, b in steps:
                rows = list(session.scalars(select(Screening).order_by(Screening.id)))
                drafts = [row for row in rows if not row.is_final]
                finals = [row for row in rows if row.is_final]
                if name == "start":
                    user = users[a % len(users)]
                    towns = user.organisation.municipality_names
                    screenings.start(session, user, one, case_reference=f"C-{b}",
                                     municipality=towns[b % len(towns)], start_answers={})
                elif name == "finalise" and drafts:
                    row = drafts[a % len(drafts)]
                    row.answers = validate_answers(one, case_answers(b))
                    screenings.judge(row, "agree", None, None)
                    screenings.finalise(one, row, datetime.now(UTC).date())
                elif name == "rescreen" and finals:
                    row = finals[a % len(finals)]
                    with figure_counts.moved(row):
                        row.rescreen_on = None if b < -30 else date.today() + timedelta(days=b)
                elif name == "erase_case":
                    user = users[a % len(users)]
                    for row in session.scalars(screenings.case_of(user, f"C-{b}")):
                        data_rights.erase(session, row)
                elif name == "purge" and finals:
                    data_rights.erase(session, finals[a % len(finals)])
                elif name == "next_month":
                    clock.shift(timedelta(days=31))
                session.flush()
            assert nonzero(figure_counts.maintained(session)) == nonzero(
                figure_counts.recount(session))
            session.commit()

    run()


def test_rebuild_recounts_and_the_pages_paths_keep_counts(app, runner, organisation_id) -> None:
    create_user(app, organisation_id, "sam@example.nl")
    client = app.test_client()
    log_in(client, "sam@example.nl")
    kept = start(client, "ALM-KEEP")
    answer_all(client, kept, case_answers("complex"))
    judge_and_finalise(client, kept)
    gone = start(client, "ALM-GONE")
    answer_all(client, gone, case_answers("cooperatief"))
    judge_and_finalise(client, gone)
    follow = start(client, "ALM-KEEP")  # a follow-up moves the first to 'in time'
    assert follow
    from tests.helpers import csrf_token

    token = csrf_token(client, "/casussen/ALM-GONE/wissen")
    client.post("/casussen/ALM-GONE/wissen", data={"csrf_token": token, "confirm": "ALM-GONE"})
    with app.app_context():
        kept_counts = nonzero(figure_counts.maintained(db.session))
        assert kept_counts == nonzero(figure_counts.recount(db.session))
        assert sum(kept_counts.values()) == 1
        assert next(iter(kept_counts)).followed == "in_time"
    result = runner.invoke(args=["figures", "rebuild"])
    assert result.exit_code == 0 and "Recounted: 1 count rows" in result.output
    with app.app_context():
        assert nonzero(figure_counts.maintained(db.session)) == kept_counts
