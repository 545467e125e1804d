"""Follow-up: the next screening date, the 'Opnieuw screenen' list, and follow-ups of a case."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date, timedelta

from babel.dates import format_date
from sqlalchemy import select

from screening.db import db
from screening.instrument import score
from screening.instrument.followup import rescreen_after, rescreen_weeks
from screening.models import Screening
from screening.screenings import DEFAULT_RESCREEN_WEEKS, suggested_rescreen
from tests.flows import answer_all, case_answers, instrument, judge_and_finalise, start
from tests.helpers import csrf_token, text_of
from tests.pdf.conftest import flat
from tests.pdf.conftest import text_of as pdf_text

NOTHING_PLANNED = "Er staat geen nieuwe screening gepland."


def _screening(app, screening_id: int) -> Screening:
    with app.app_context():
        return db.session.get(Screening, screening_id)


def _finalised(app, client, reference: str = "ALM-2026-001", case: str = "complex") -> int:
    screening_id = start(client, reference)
    answer_all(client, screening_id, case_answers(case))
    assert judge_and_finalise(client, screening_id).status_code == 302
    return screening_id


def _set_rescreen(client, screening_id: int, day: date | str) -> None:
    token = csrf_token(client, f"/screenings/{screening_id}/uitkomst")
    response = client.post(f"/screenings/{screening_id}/opnieuw-screenen",
                           data={"csrf_token": token, "rescreen_on": str(day)})
    assert response.status_code == 302


def test_the_routes_interval_decides_and_the_sooner_route_wins() -> None:
    one = instrument()
    result = score(one, case_answers("complex"))
    # 1.0 declares no interval: our default, and the page says so.
    assert rescreen_weeks(one, result) is None
    suggestion = suggested_rescreen(one, result, date(2026, 1, 5))
    assert (suggestion.weeks, suggestion.from_instrument) == (DEFAULT_RESCREEN_WEEKS, False)
    assert suggestion.on == date(2026, 1, 5) + timedelta(weeks=DEFAULT_RESCREEN_WEEKS)
    routes = [one.route(route_id) for route_id in result.routes]
    patched = one.model_copy(update={"routes": tuple(
        r.model_copy(update={"rescreen_weeks": 6 + i}) for i, r in enumerate(one.routes))})
    weeks = min(6 + [r.id for r in one.routes].index(r.id) for r in routes)
    assert rescreen_weeks(patched, result) == weeks
    assert suggested_rescreen(patched, result, date(2026, 1, 5)).from_instrument


def test_a_route_that_waits_for_the_meldcode_gives_no_day_at_all() -> None:
    """1.2: `rescreen_after = "meldcode"` on any route of the result wins over every interval."""
    one = instrument()
    result = score(one, case_answers("complex"))
    waiting = result.routes[0]
    patched = one.model_copy(update={"routes": tuple(
        r.model_copy(update={"rescreen_weeks": None, "rescreen_after": "meldcode"})
        if r.id == waiting else r.model_copy(update={"rescreen_weeks": 4}) for r in one.routes)})
    assert rescreen_after(patched, result) == "meldcode"
    assert rescreen_weeks(patched, result) is None
    suggestion = suggested_rescreen(patched, result, date(2026, 1, 5))
    assert (suggestion.on, suggestion.weeks, suggestion.after) == (None, None, "meldcode")
    assert rescreen_after(one, result) is None  # 1.0 declares no wait


def test_finalising_sets_the_date_and_the_owner_can_change_it(app, professional) -> None:
    screening_id = _finalised(app, professional)
    row = _screening(app, screening_id)
    assert row.rescreen_on is not None and row.rescreen_on > date.today()
    page = professional.get(f"/screenings/{screening_id}/uitkomst").get_data(as_text=True)
    assert "Opnieuw screenen" in page and "onze standaard" in page
    _set_rescreen(professional, screening_id, date(2030, 3, 4))
    assert _screening(app, screening_id).rescreen_on == date(2030, 3, 4)
    _set_rescreen(professional, screening_id, "")
    assert _screening(app, screening_id).rescreen_on is None


def _printed_plan(client, screening_id: int) -> str:
    """Return the closing line of the real summary PDF, parsed back."""
    response = client.get(f"/screenings/{screening_id}/samenvatting.pdf")
    assert response.status_code == 200
    found = re.search(r"Volgende screening: (.*?) Ingevuld door", flat(pdf_text(response.get_data())))
    assert found is not None
    return found.group(1)


def _exported_plan(client, reference: str) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/casussen/{reference}/inzage").get_data()))
    row = json.loads(archive.read("casus.json"))["screenings"][-1]
    return {"rescreen_on": row["rescreen_on"], **row["shown"]["next_screening"]}


def test_the_pdf_prints_the_planned_date_as_the_pages_show_it(app, professional) -> None:
    """The PDF, result page, case page and export follow the stored plan, also after a change."""
    screening_id = _finalised(app, professional, "ALM-PLAN")
    planned = _screening(app, screening_id).rescreen_on
    assert planned is not None  # 1.0 names no interval: our default was planned at finalising
    assert _printed_plan(professional, screening_id) == format_date(planned, "long", locale="nl")
    _set_rescreen(professional, screening_id, date(2030, 3, 4))
    assert _printed_plan(professional, screening_id) == "4 maart 2030"
    for page in (f"/screenings/{screening_id}/uitkomst", "/casussen/ALM-PLAN"):
        assert "Screen deze casus opnieuw op 4 maart 2030." in text_of(professional.get(page))
    assert _exported_plan(professional, "ALM-PLAN") == {
        "rescreen_on": "2030-03-04", "on": "2030-03-04", "after": None}
    _set_rescreen(professional, screening_id, "")
    assert _printed_plan(professional, screening_id) == NOTHING_PLANNED
    for page in (f"/screenings/{screening_id}/uitkomst", "/casussen/ALM-PLAN"):
        html = text_of(professional.get(page))
        assert NOTHING_PLANNED in html and "Screen deze casus opnieuw op" not in html
    assert _exported_plan(professional, "ALM-PLAN") == {"rescreen_on": None, "on": None, "after": None}


def test_a_draft_prints_the_day_its_result_page_suggests(app, professional) -> None:
    """1.0 names no interval: page and PDF both give our default day, not "geen termijn"."""
    screening_id = start(professional, "ALM-DRAFT")
    answer_all(professional, screening_id, case_answers("complex"))
    page = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    suggested = re.search(r"zetten we een datum voor een nieuwe screening: over (\d+) weken \((.*?)\)", page)
    assert suggested is not None and int(suggested.group(1)) == DEFAULT_RESCREEN_WEEKS
    day = format_date(date.today() + timedelta(weeks=DEFAULT_RESCREEN_WEEKS), "long", locale="nl")
    assert suggested.group(2) == day
    assert _printed_plan(professional, screening_id) == day
    assert "Screen deze casus opnieuw op" not in text_of(professional.get("/casussen/ALM-DRAFT"))


def test_a_safety_case_whose_date_was_cleared_is_not_waiting_for_the_meldcode(
        app, professional) -> None:
    """1.0 routes do not wait for the Meldcode: a cleared date means nothing is planned."""
    screening_id = _finalised(app, professional, "ALM-VEILIG", case="acuut_gevaar")
    row = _screening(app, screening_id)
    assert row.shown_safety in ("concern", "acute") and not row.rescreen_waits
    _set_rescreen(professional, screening_id, "")
    result = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert NOTHING_PLANNED in result
    due = text_of(professional.get("/opnieuw-screenen"))
    assert "ALM-VEILIG" not in due and "Nog geen datum: eerst de stappen van de Meldcode" not in due


def test_the_migration_knows_every_route_that_waits_for_the_meldcode() -> None:
    """0011's backfill lists the waiting routes of the locked versions; they never change."""
    import importlib

    from screening.instrument import load_registry
    from tests.flows import REPO

    migration = importlib.import_module("screening.migrations.versions.0011_rescreen_waits")
    registry = load_registry(REPO / "questionnaires")
    declared = {}
    for key in (("vroegsignalering-complexe-scheiding", v) for v in ("1.0", "1.1", "1.2")):
        waiting = frozenset(r.id for r in registry.get(*key).routes if r.rescreen_after is not None)
        if waiting:
            declared[key] = waiting
    assert declared == migration.WAITING_ROUTES


def test_the_due_list_shows_due_and_overdue_soonest_first(app, professional) -> None:
    later = _finalised(app, professional, "ALM-LATER")
    overdue = _finalised(app, professional, "ALM-OVERDUE")
    far = _finalised(app, professional, "ALM-FAR")
    _set_rescreen(professional, later, date.today() + timedelta(days=3))
    _set_rescreen(professional, overdue, date.today() - timedelta(days=10))
    _set_rescreen(professional, far, date.today() + timedelta(days=60))
    html = professional.get("/opnieuw-screenen").get_data(as_text=True)
    assert html.index("ALM-OVERDUE") < html.index("ALM-LATER")
    assert "ALM-FAR" not in html and "te laat" in html
    home = professional.get("/screenings").get_data(as_text=True)
    assert re.search(r"Deze week: [12] casus", home)


def test_a_follow_up_links_to_the_previous_and_leaves_the_due_list(app, professional) -> None:
    first = _finalised(app, professional, "ALM-FOLLOW")
    _set_rescreen(professional, first, date.today())
    case_page = professional.get("/casussen/ALM-FOLLOW").get_data(as_text=True)
    assert "/screenings/nieuw?casus=ALM-FOLLOW" in case_page
    second = start(professional, "ALM-FOLLOW")
    assert _screening(app, second).previous_id == first
    result = professional.get(f"/screenings/{second}/uitkomst").get_data(as_text=True)
    assert f"/screenings/{first}/uitkomst" in result and "Vorige screening" in result
    assert "ALM-FOLLOW" not in professional.get("/opnieuw-screenen").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Screening.previous_id).where(Screening.id == first)) is None


def test_only_the_owner_plans_the_next_screening(app, professional, organisation_id) -> None:
    from tests.factories import create_user, log_in

    screening_id = _finalised(app, professional)
    create_user(app, organisation_id, "kim@example.nl", name="Kim")
    colleague = app.test_client()
    log_in(colleague, "kim@example.nl")
    token = csrf_token(colleague, "/screenings/nieuw")
    response = colleague.post(f"/screenings/{screening_id}/opnieuw-screenen",
                              data={"csrf_token": token, "rescreen_on": "2030-01-01"})
    assert response.status_code == 404


def test_the_follow_up_migration_keeps_screenings_and_their_shares(database_url, tmp_path) -> None:
    from sqlalchemy import text

    from tests.conftest import dispose, make_app, upgrade

    app = make_app(database_url, tmp_path)
    upgrade(app, "0006_security")
    organisation, owner, colleague = 1, 1, 2
    # Plain SQL in the 0006 schema: today's models may have columns it does not.
    with app.app_context():
        db.session.execute(text(
            "INSERT INTO organisations (id, name, created_at) VALUES (1, 'Team', CURRENT_TIMESTAMP)"))
        for user_id, email in ((owner, "sam@example.nl"), (colleague, "kim@example.nl")):
            db.session.execute(text(
                "INSERT INTO users (id, email, name, role, profession, organisation_id, active, "
                "session_version, created_at) VALUES (:id, :email, 'X', 'professional', 'other', "
                "1, true, 1, CURRENT_TIMESTAMP)"), {"id": user_id, "email": email})
        db.session.commit()
    with app.app_context():
        db.session.execute(text(
            "INSERT INTO screenings (owner_id, organisation_id, case_reference, municipality, "
            "instrument_id, instrument_version, instrument_hash, status, answers, notes, "
            "lock_version, created_at, updated_at) VALUES (:o, :org, 'ALM-1', 'Almelo', 'x', "
            "'1.0', 'h', 'draft', '{}', '{}', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
            {"o": owner, "org": organisation})
        db.session.execute(text(
            "INSERT INTO shares (screening_id, user_id, shared_by_id, created_at) "
            "SELECT id, :c, :o, CURRENT_TIMESTAMP FROM screenings"), {"c": colleague, "o": owner})
        db.session.commit()
    upgrade(app)
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM screenings")).scalar() == 1
        assert db.session.execute(text("SELECT count(*) FROM shares")).scalar() == 1
    dispose(app)


def test_the_rescreen_waits_migration_reads_the_stored_routes(database_url, tmp_path) -> None:
    """Existing final 1.2 screenings on a safety route wait; others and drafts do not."""
    from sqlalchemy import text

    from tests.conftest import dispose, make_app, upgrade

    app = make_app(database_url, tmp_path)
    upgrade(app, "0010_list_indexes")
    with app.app_context():
        db.session.execute(text(
            "INSERT INTO organisations (id, name, created_at) VALUES (1, 'Team', CURRENT_TIMESTAMP)"))
        db.session.execute(text(
            "INSERT INTO users (id, email, name, role, profession, organisation_id, active, "
            "session_version, created_at) VALUES (1, 'sam@example.nl', 'X', 'professional', "
            "'other', 1, true, 1, CURRENT_TIMESTAMP)"))
        rows = (("ALM-1", "1.2", "final", ["meldcode", "gewone-scheiding"]),
                ("ALM-2", "1.2", "final", ["gewone-scheiding"]),
                ("ALM-3", "1.0", "final", ["meldcode"]),
                ("ALM-4", "1.2", "draft", ["meldcode"]))
        for reference, version, status, routes in rows:
            db.session.execute(text(
                "INSERT INTO screenings (owner_id, organisation_id, case_reference, municipality, "
                "instrument_id, instrument_version, instrument_hash, status, answers, notes, "
                "result, finalised_at, judgement, lock_version, created_at, updated_at) VALUES "
                "(1, 1, :ref, 'Almelo', 'vroegsignalering-complexe-scheiding', :version, 'h', "
                ":status, '{}', '{}', :result, CURRENT_TIMESTAMP, 'agree', 1, CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP)"),
                {"ref": reference, "version": version, "status": status,
                 "result": json.dumps({"routes": routes})})
        db.session.commit()
    upgrade(app)
    with app.app_context():
        waits = dict(db.session.execute(text(
            "SELECT case_reference, rescreen_waits FROM screenings")).all())
    assert {reference: bool(value) for reference, value in waits.items()} == {
        "ALM-1": True, "ALM-2": False, "ALM-3": False, "ALM-4": False}
    dispose(app)
