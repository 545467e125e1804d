"""Old screenings stay on their version; a draft can move to a newer one, knowingly."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from screening.db import db
from screening.models import Screening
from tests import test_instrument_pages as pages
from tests.conftest import QUESTIONNAIRES, dispose, make_app, upgrade
from tests.factories import create_organisation, create_user, log_in
from tests.flows import answer_all, case_answers, judge_and_finalise, post_step, start
from tests.helpers import submit, text_of

INSTRUMENT = "vroegsignalering-complexe-scheiding"
OLD_QUESTION = "Vraagt een ouder jou, de school of een andere professional om partij te kiezen"
NEW_QUESTION = "Vraagt een ouder jou of de school om te zeggen wie gelijk heeft?"
ADDED = """
[[sections.items]]
id = "network_asked"
type = "yesno"
text = { nl = "Heb je de ouders gevraagd wie hen steunt?", en = "Did you ask the parents who supports them?" }
source = "seed 4.3"
"""


def publish_next_version(folder: Path, app: Flask) -> None:
    """Write version 1.1 (a reworded and a new question) and lock it, as a maintainer would."""
    text = (folder / INSTRUMENT / "1.0.toml").read_text(encoding="utf-8")
    text = text.replace('version = "1.0"', 'version = "1.1"', 1)
    text = text.replace('status = "published"\npublished = 2026-11-28\n', 'status = "draft"\n', 1)
    text = text.replace('changelog = { nl = "Eerste versie.", en = "First version." }',
                        'changelog = { nl = "Vraag over partij kiezen korter.", en = "Shorter."}', 1)
    start_of = text.index(OLD_QUESTION)
    end_of = text.index('", en = "', start_of)
    text = text[:start_of] + NEW_QUESTION + text[end_of:]
    (folder / INSTRUMENT / "1.1.toml").write_text(text + ADDED, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["questionnaire", "lock", INSTRUMENT, "1.1"])
    assert result.exit_code == 0, result.output


PER_REQUEST = re.compile(rb'(nonce|csrf_token|value)="[^"]*"')


def same_page(one: bytes, other: bytes) -> bool:
    """Compare two renderings of a page, leaving out what differs per request (nonce, token)."""
    return PER_REQUEST.sub(rb'\1=""', one) == PER_REQUEST.sub(rb'\1=""', other)


def only_versions(folder: Path, *versions: str) -> None:
    """Copy the questionnaires as they were when only these versions were published."""
    shutil.copytree(QUESTIONNAIRES, folder)
    for path in (folder / INSTRUMENT).glob("*.toml"):
        if path.stem not in versions:
            path.unlink()
    lock = folder / "LOCK"
    lines = lock.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = tuple(f"{INSTRUMENT} {version} " for version in versions)
    lock.write_text("".join(line for line in lines
                            if line.startswith("#") or line.startswith(kept)), encoding="utf-8")


def app_with_versions(database_url: str, tmp_path: Path, *versions: str) -> tuple[Flask, FlaskClient]:
    """Start the app as it was when only these versions were published; Sam is logged in."""
    folder = tmp_path / "questionnaires"
    only_versions(folder, *versions)
    app = make_app(database_url, tmp_path, QUESTIONNAIRE_DIR=str(folder))
    upgrade(app)
    organisation = create_organisation(app)
    create_user(app, organisation, "sam@example.nl")
    client = app.test_client()
    log_in(client, "sam@example.nl")
    return app, client


def test_draft_moves_to_the_newer_version_and_final_stays(database_url: str, tmp_path: Path) -> None:
    first, client = app_with_versions(database_url, tmp_path, "1.0")
    folder = tmp_path / "questionnaires"
    final_id = start(client, "ALM-1")
    answer_all(client, final_id, case_answers("complex"))
    judge_and_finalise(client, final_id)
    draft_id = start(client, "ALM-2")
    answers = case_answers("complex")
    post_step(client, draft_id, "context", answers)
    post_step(client, draft_id, "patterns", answers)
    assert "nieuwere versie" not in text_of(client.get(f"/screenings/{draft_id}/controle"))
    publish_next_version(folder, first)
    dispose(first)

    second = make_app(database_url, tmp_path, QUESTIONNAIRE_DIR=str(folder))
    client = second.test_client()
    log_in(client, "sam@example.nl")
    html = text_of(client.get(f"/screenings/{draft_id}/controle"))
    assert "Er is een nieuwere versie (1.1)" in html
    html = text_of(client.get(f"/screenings/{draft_id}/overzetten"))
    assert "Heb je de ouders gevraagd wie hen steunt?" in html  # new question
    assert NEW_QUESTION in html and OLD_QUESTION in html  # reworded, with the old text
    assert "Geen: al je antwoorden blijven staan." in html
    with second.app_context():
        before = dict(db.session.get(Screening, draft_id).answers)
    response = submit(client, f"/screenings/{draft_id}/overzetten", {})
    assert response.status_code == 302
    with second.app_context():
        moved = db.session.get(Screening, draft_id)
        assert moved.instrument_version == "1.1"
        assert moved.instrument_hash == second.extensions["instruments"].get(INSTRUMENT, "1.1").hash
        assert moved.answers == before
        final = db.session.get(Screening, final_id)
        assert final.instrument_version == "1.0"
    # The finalised screening still shows and prints as taken, on 1.0.
    html = text_of(client.get(f"/screenings/{final_id}/uitkomst"))
    assert "nieuwere versie" not in html and "Vroegsignalering complexe scheiding 1.0" in html
    assert client.get(f"/screenings/{final_id}/samenvatting.pdf").status_code == 200
    new_start = text_of(client.get("/screenings/nieuw"))
    assert re.search(rf'<option selected value="{INSTRUMENT}@1.1">', new_start)
    dispose(second)


def test_a_1_0_draft_moves_to_1_1_and_a_final_1_0_prints_as_before(
    database_url: str, tmp_path: Path,
) -> None:
    """Issue 13: 1.1 is published beside 1.0; new screenings use 1.1; old ones stay as taken."""
    before, client = app_with_versions(database_url, tmp_path, "1.0")
    final_id = start(client, "ALM-10")
    answer_all(client, final_id, case_answers("complex"))
    judge_and_finalise(client, final_id)
    draft_id = start(client, "ALM-11")
    answers = case_answers("acuut_gevaar")
    for section_id in ("context", "patterns", "parents", "safety"):
        post_step(client, draft_id, section_id, answers)
    result_before = client.get(f"/screenings/{final_id}/uitkomst").get_data()
    pdf_before = client.get(f"/screenings/{final_id}/samenvatting.pdf").get_data()
    dispose(before)

    later = tmp_path / "questionnaires-1.1"
    only_versions(later, "1.0", "1.1")
    after = make_app(database_url, tmp_path, QUESTIONNAIRE_DIR=str(later))  # 1.0 and 1.1
    client = after.test_client()
    log_in(client, "sam@example.nl")
    registry = after.extensions["instruments"]
    assert [i.version for i in registry.versions(INSTRUMENT) if i.status == "published"] == [
        "1.0", "1.1"]
    # New screenings start on 1.1.
    assert re.search(rf'<option selected value="{INSTRUMENT}@1.1">', text_of(client.get("/screenings/nieuw")))
    # A finalised 1.0 screening shows and prints exactly as before.
    assert same_page(client.get(f"/screenings/{final_id}/uitkomst").get_data(), result_before)
    assert client.get(f"/screenings/{final_id}/samenvatting.pdf").get_data() == pdf_before
    # The 1.0 draft is offered the move, which says what changes.
    assert "Er is een nieuwere versie (1.1)" in text_of(client.get(f"/screenings/{draft_id}/controle"))
    html = text_of(client.get(f"/screenings/{draft_id}/overzetten"))
    assert "Is een ouder bang voor de andere ouder?" in html  # a question only 1.1 asks
    assert "Gebeurt het geweld of de verwaarlozing vaker, of gaat het nog steeds door?" in html  # dropped
    response = submit(client, f"/screenings/{draft_id}/overzetten", {})
    assert response.status_code == 302
    with after.app_context():
        moved = db.session.get(Screening, draft_id)
        assert moved.instrument_version == "1.1"
        assert moved.instrument_hash == registry.get(INSTRUMENT, "1.1").hash
        assert "violence_ongoing" not in moved.answers  # split into two questions in 1.1
        assert moved.answers["threat_to_kill"] == "yes"
        assert db.session.get(Screening, final_id).instrument_version == "1.0"
    dispose(after)


def test_a_1_1_draft_moves_to_1_2_and_a_final_1_1_shows_as_taken(
    database_url: str, tmp_path: Path,
) -> None:
    """1.2 is published beside 1.0 and 1.1; new screenings use 1.2; old ones stay as taken."""
    before, client = app_with_versions(database_url, tmp_path, "1.0", "1.1")
    answers = pages.case_answers("stalking", "1.1")
    final_id = pages.start_on(client, "1.1", "ALM-20", answers)
    pages.answer_all_on(client, pages.VERSIONS["1.1"], final_id, answers)
    judge_and_finalise(client, final_id)
    client.get(f"/screenings/{final_id}/uitkomst")  # shows the flash 'afgerond' once
    result_before = client.get(f"/screenings/{final_id}/uitkomst").get_data()
    pdf_before = client.get(f"/screenings/{final_id}/samenvatting.pdf").get_data()
    draft_id = pages.start_on(client, "1.1", "ALM-21", answers)
    for section in pages.VERSIONS["1.1"].sections[:4]:
        post_step(client, draft_id, section.id, answers)
    client.get(f"/screenings/{draft_id}/stap/child")  # shows the flash about follow-up questions
    with before.app_context():
        rescreen_before = db.session.get(Screening, final_id).rescreen_on
    assert rescreen_before is not None  # 1.1 still gave the safety route a date in weeks
    dispose(before)

    after = make_app(database_url, tmp_path)  # the real folder: 1.0, 1.1 and 1.2 published
    client = after.test_client()
    log_in(client, "sam@example.nl")
    registry = after.extensions["instruments"]
    assert [i.version for i in registry.versions(INSTRUMENT) if i.status == "published"] == [
        "1.0", "1.1", "1.2"]
    assert re.search(rf'<option selected value="{INSTRUMENT}@1.2">', text_of(client.get("/screenings/nieuw")))
    # A finalised 1.1 screening keeps its date, and shows and prints exactly as before.
    assert same_page(client.get(f"/screenings/{final_id}/uitkomst").get_data(), result_before)
    assert client.get(f"/screenings/{final_id}/samenvatting.pdf").get_data() == pdf_before
    # The 1.1 draft is offered the move to 1.2; its answers carry over unchanged.
    assert "Er is een nieuwere versie (1.2)" in text_of(client.get(f"/screenings/{draft_id}/controle"))
    response = submit(client, f"/screenings/{draft_id}/overzetten", {})
    assert response.status_code == 302
    with after.app_context():
        moved = db.session.get(Screening, draft_id)
        assert moved.instrument_version == "1.2"
        assert moved.instrument_hash == registry.get(INSTRUMENT, "1.2").hash
        assert moved.answers["threats_stalking"] == "yes"
        final = db.session.get(Screening, final_id)
        assert (final.instrument_version, final.rescreen_on) == ("1.1", rescreen_before)
    dispose(after)
