"""The screening in the browser: start, steps, drafts, review, result, judgement, finalise."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select, update

from screening import screenings
from screening.db import db
from screening.models import Screening
from tests.factories import user_id
from tests.flows import (
    answer_all,
    case_answers,
    finalise,
    form_state,
    instrument,
    judge_and_finalise,
    post_step,
    start,
)
from tests.helpers import csrf_token, submit, text_of


def stored(app: Flask, screening_id: int) -> Screening:
    with app.app_context():
        return db.session.get(Screening, screening_id)


def test_start_pins_the_instrument_version_and_prefills_the_profession(app, professional) -> None:
    html = text_of(professional.get("/screenings/nieuw"))
    assert "Casusnummer" in html and "Schoolmaatschappelijk werker" in html
    screening_id = start(professional)
    screening = stored(app, screening_id)
    assert (screening.instrument_id, screening.instrument_version) == (
        "vroegsignalering-complexe-scheiding", "1.0")
    assert screening.instrument_hash == instrument().hash
    assert screening.status == "draft"
    assert screening.answers == {"setting": "intake"}


def test_start_prefills_the_profession_from_the_account(professional) -> None:
    html = text_of(professional.get("/screenings/nieuw"))
    assert re.search(r'<input checked [^>]*name="screener_role" type="radio" value="smw"', html)


def test_case_reference_that_looks_personal_needs_confirmation(app, professional) -> None:
    data = {"case_reference": "Jan Jansen", "municipality": "Almelo",
            "instrument": "vroegsignalering-complexe-scheiding@1.0"}
    response = submit(professional, "/screenings/nieuw", data)
    assert response.status_code == 200
    assert "Dit lijkt op een naam." in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Screening)) is None
    response = submit(professional, "/screenings/nieuw", {**data, "confirm_pseudonym": "y"})
    assert response.status_code == 302


def test_start_form_errors_are_dutch_and_save_nothing(app, professional) -> None:
    response = submit(professional, "/screenings/nieuw", {
        "case_reference": "<script>", "municipality": "Enschede",
        "instrument": "vroegsignalering-complexe-scheiding@1.0"})
    html = text_of(response)
    assert "Gebruik 2 tot 40 letters" in html
    assert "<script>" not in html
    response = submit(professional, "/screenings/nieuw", {
        "case_reference": "ALM-1", "municipality": "Enschede",
        "instrument": "vroegsignalering-complexe-scheiding@1.0"})
    assert "Kies een gemeente van je organisatie." in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Screening)) is None


def test_steps_save_and_move_on(app, professional) -> None:
    screening_id = start(professional)
    answers = case_answers("cooperatief")
    response = post_step(professional, screening_id, "context", answers)
    assert response.headers["Location"] == f"/screenings/{screening_id}/stap/patterns"
    assert stored(app, screening_id).answers["children_count"] == answers["children_count"]
    response = post_step(professional, screening_id, "patterns", answers, action="back")
    assert response.headers["Location"] == f"/screenings/{screening_id}/stap/context"
    assert stored(app, screening_id).answers["contact_frequency"] == answers["contact_frequency"]


def test_resume_a_draft_where_it_was_left(professional) -> None:
    screening_id = start(professional)
    answers = case_answers("cooperatief")
    post_step(professional, screening_id, "context", answers)
    response = post_step(professional, screening_id, "patterns", answers, action="save")
    assert response.headers["Location"] == "/screenings"
    response = professional.get(f"/screenings/{screening_id}")
    assert response.headers["Location"] == f"/screenings/{screening_id}/stap/patterns"
    html = text_of(professional.get(response.headers["Location"]))
    assert re.search(r'<input checked [^>]*name="q_contact_frequency" type="radio" value="regularly"', html)


def test_bad_answer_code_gives_a_dutch_error_and_saves_nothing(app, professional) -> None:
    screening_id = start(professional)
    page = f"/screenings/{screening_id}/stap/patterns"
    data = {**form_state(professional, page), "action": "next", "q_contact_frequency": "elke dag"}
    response = professional.post(page, data=data)
    assert response.status_code == 400
    assert "Kies een van de antwoorden." in text_of(response)
    assert "contact_frequency" not in stored(app, screening_id).answers


def test_number_out_of_range_gives_a_dutch_error(app, professional) -> None:
    screening_id = start(professional)
    page = f"/screenings/{screening_id}/stap/context"
    data = {**form_state(professional, page), "action": "next", "q_children_count": "99"}
    response = professional.post(page, data=data)
    assert response.status_code == 400
    assert "Vul een heel getal in van" in text_of(response)


def test_follow_up_questions_appear_on_the_same_page_without_javascript(app, professional) -> None:
    screening_id = start(professional)
    html = text_of(professional.get(f"/screenings/{screening_id}/stap/safety"))
    assert 'data-item="threat_to_kill" hidden' in html
    response = post_step(professional, screening_id, "safety", {"safety_gate": "yes"})
    assert response.headers["Location"] == f"/screenings/{screening_id}/stap/safety"
    html = text_of(professional.get(response.headers["Location"]))
    assert "vervolgvragen" in html
    assert 'data-item="threat_to_kill" hidden' not in html
    response = post_step(professional, screening_id, "safety", {"safety_gate": "yes"})
    assert response.headers["Location"] == f"/screenings/{screening_id}/stap/child"


def test_answers_of_questions_that_became_hidden_are_dropped(app, professional) -> None:
    screening_id = start(professional)
    post_step(professional, screening_id, "safety", {"safety_gate": "yes", "weapon": "yes"})
    assert stored(app, screening_id).answers.get("weapon") == "yes"
    post_step(professional, screening_id, "safety", {"safety_gate": "no", "weapon": "yes"})
    assert "weapon" not in stored(app, screening_id).answers


def test_two_tabs_never_silently_overwrite_each_other(app, professional) -> None:
    screening_id = start(professional)
    page = f"/screenings/{screening_id}/stap/patterns"
    first_tab = form_state(professional, page)
    second_tab = form_state(professional, page)
    response = professional.post(page, data={**first_tab, "action": "next",
                                             "q_contact_frequency": "regularly"})
    assert response.status_code == 302
    response = professional.post(page, data={**second_tab, "action": "next",
                                              "q_contact_frequency": "none", "note": "mijn tekst"})
    assert response.status_code == 409
    html = text_of(response)
    assert "intussen in een ander venster" in html
    assert "mijn tekst" in html  # what was typed is still on the page
    assert stored(app, screening_id).answers["contact_frequency"] == "regularly"


def test_a_step_is_saved_by_its_version_and_a_moved_version_writes_nothing(app, professional) -> None:
    screening_id = start(professional)
    with app.app_context():
        screening = db.session.get(Screening, screening_id)
        version = app.extensions["instruments"].get(screening.instrument_id,
                                                     screening.instrument_version)
        section = version.section("patterns")
        read_at = screening.lock_version
        evaluation = screenings.section_evaluation(version, screening, section,
                                                   {"contact_frequency": "regularly"})
        assert screenings.save_section(db.session, version, screening, section, evaluation,
                                       " Feit. ", "patterns")
        # The object is as written, and nothing is left for the ORM to write again.
        assert screening.lock_version == read_at + 1 and not db.session.dirty
        assert screening.answers["contact_frequency"] == "regularly"
        assert screening.notes == {"patterns": "Feit."} and screening.tier is not None
        db.session.commit()
        # Another request saves first: this object was read at the version before.
        db.session.execute(update(Screening).where(Screening.id == screening_id)
                           .values(lock_version=Screening.lock_version + 1)
                           .execution_options(synchronize_session=False))
        db.session.commit()
        evaluation = screenings.section_evaluation(version, screening, section,
                                                   {"contact_frequency": "none"})
        assert not screenings.save_section(db.session, version, screening, section, evaluation,
                                           "", "patterns")
        db.session.rollback()
    kept = stored(app, screening_id)
    assert kept.answers["contact_frequency"] == "regularly" and kept.lock_version == read_at + 2


def test_review_marks_unknowns_to_find_out(professional) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("bijna_niets_bekend"))
    html = text_of(professional.get(f"/screenings/{screening_id}/controle"))
    assert "nog uitzoeken" in html
    assert "Onbekend" in html


def test_note_is_escaped_everywhere(professional) -> None:
    screening_id = start(professional)
    hostile = '<script>alert("x")</script> & <img src=x>'
    answer_all(professional, screening_id, case_answers("complex"), notes={"patterns": hostile})
    for page in ("controle", "uitkomst"):
        html = text_of(professional.get(f"/screenings/{screening_id}/{page}"))
        assert "<script>alert" not in html and "<img src=x>" not in html
    assert "&lt;script&gt;" in text_of(professional.get(f"/screenings/{screening_id}/controle"))


def test_result_shows_safety_first_then_outcome_then_route(professional) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("acuut_gevaar"))
    html = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    safety = html.index("Veiligheid eerst")
    assert safety < html.index("Uitkomst</h2>") < html.index("Voorgestelde route")
    assert "meld nu bij Veilig Thuis" in html
    assert "Praat met de ouders en het kind, behalve als dat onveilig is." in html
    assert "ondersteunt je professionele oordeel" in html


def test_ordinary_result_has_no_safety_block(professional) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("parallel"))
    html = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert "Veiligheid eerst" not in html
    assert "Gewone scheiding" in html and "Parallel ouderschap" in html


def test_complex_case_suggests_rest_and_wellbeing(professional) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("complex"))
    html = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert "Complexe scheiding" in html
    assert "Doe dit niet" in html


def test_other_outcome_needs_a_reason(app, professional) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("vinger_aan_de_pols"))
    page = f"/screenings/{screening_id}/uitkomst"
    state = form_state(professional, page)
    response = professional.post(f"/screenings/{screening_id}/oordeel", data={
        "csrf_token": state["csrf_token"], "lock_version": state["lock_version"],
        "judgement": "other", "chosen_tier": "complex", "reason": "  "})
    assert response.status_code == 400
    assert "Schrijf op waarom je tot een andere uitkomst komt." in text_of(response)
    assert stored(app, screening_id).judgement is None


def test_finalise_needs_a_judgement(app, professional) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("parallel"))
    page = f"/screenings/{screening_id}/uitkomst"
    response = finalise(professional, screening_id)
    assert response.status_code == 302
    assert "Geef eerst je professionele oordeel" in text_of(professional.get(page))
    assert stored(app, screening_id).status == "draft"


def test_finalise_freezes_computed_and_chosen_outcome(app, professional) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("vinger_aan_de_pols"))
    judge_and_finalise(professional, screening_id, judgement="other", chosen_tier="complex",
                       reason="Vader dreigde bij de overdracht; dat vraagt de lijst niet.")
    screening = stored(app, screening_id)
    assert screening.status == "final" and screening.finalised_at is not None
    assert (screening.tier, screening.chosen_tier) == ("watch", "complex")
    assert screening.result["tier"] == "watch"
    html = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert "Je koos een andere uitkomst: Complexe scheiding" in html
    assert "Berekende uitkomst: Vinger aan de pols" in html
    # Read-only: steps redirect to the result and posting changes nothing.
    response = professional.get(f"/screenings/{screening_id}/stap/patterns")
    assert response.headers["Location"] == f"/screenings/{screening_id}/uitkomst"
    token = csrf_token(professional, f"/screenings/{screening_id}/uitkomst")
    response = professional.post(f"/screenings/{screening_id}/stap/patterns",
                                 data={"csrf_token": token, "note": "later"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/screenings/{screening_id}/uitkomst"
    assert stored(app, screening_id).notes == screening.notes
    assert professional.get(f"/screenings/{screening_id}").headers["Location"].endswith("/uitkomst")


def test_finalising_twice_gives_one_final_screening_and_a_clear_message(app, professional) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("parallel"))
    page = f"/screenings/{screening_id}/uitkomst"
    state = form_state(professional, page)
    professional.post(f"/screenings/{screening_id}/oordeel", data={
        "csrf_token": state["csrf_token"], "lock_version": state["lock_version"],
        "judgement": "agree"})
    both_tabs = form_state(professional, page)  # two tabs showing the same result
    button = {"csrf_token": both_tabs["csrf_token"], "lock_version": both_tabs["lock_version"]}
    assert professional.post(f"/screenings/{screening_id}/afronden", data=button).status_code == 302
    finalised_at = stored(app, screening_id).finalised_at
    assert professional.post(f"/screenings/{screening_id}/afronden", data=button).status_code == 302
    assert "was al afgerond" in text_of(professional.get(page))
    assert stored(app, screening_id).finalised_at == finalised_at


def test_summary_pdf(professional) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("complex"))
    response = professional.get(f"/screenings/{screening_id}/samenvatting.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    # Issue 14: a saved copy is named after the (pseudonymous) case reference and the date.
    assert "screening-ALM-2026-001-" in response.headers["Content-Disposition"]
    assert "-concept.pdf" in response.headers["Content-Disposition"]


def test_english_result_page(professional) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("acuut_gevaar"))
    professional.get("/inloggen?lang=en")
    html = text_of(professional.get(f"/screenings/{screening_id}/uitkomst"))
    assert "Safety first" in html
    assert '<html lang="en">' in html


def test_xss_in_every_free_text_field_is_escaped_in_html_and_literal_in_the_pdf(professional) -> None:
    import io

    from pypdf import PdfReader

    hostile = '<script>alert("x")</script><img src="http://127.0.0.1:9/x.png">&amp;'
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("vinger_aan_de_pols"),
               notes={section: f"{section}: {hostile}" for section in
                      ("context", "patterns", "parents", "safety", "child", "help", "network")})
    judge_and_finalise(professional, screening_id, judgement="other", chosen_tier="complex",
                       reason=f"reden: {hostile}")
    for page in ("controle", "uitkomst"):
        html = text_of(professional.get(f"/screenings/{screening_id}/{page}"))
        assert "<script>alert" not in html and '<img src="http://127.0.0.1:9' not in html
    html = text_of(professional.get(f"/screenings/{screening_id}/controle"))
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    pdf = professional.get(f"/screenings/{screening_id}/samenvatting.pdf").data
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "reden: <script>alert(\"x\")</script>" in flat
    assert "patterns: <script>" in flat
    assert b"/Subtype /Image" not in pdf


def test_a_judgement_lapses_when_the_outcome_changes(app, professional) -> None:
    screening_id = start(professional)
    answers = case_answers("parallel")
    answer_all(professional, screening_id, answers)
    page = f"/screenings/{screening_id}/uitkomst"
    state = form_state(professional, page)
    professional.post(f"/screenings/{screening_id}/oordeel", data={
        "csrf_token": state["csrf_token"], "lock_version": state["lock_version"],
        "judgement": "agree"})
    assert stored(app, screening_id).judgement == "agree"
    stale_page = form_state(professional, page)  # a tab still showing the ordinary outcome
    post_step(professional, screening_id, "safety", case_answers("acuut_gevaar"))
    assert stored(app, screening_id).safety == "acute"
    assert stored(app, screening_id).judgement is None  # it was about another outcome
    response = professional.post(f"/screenings/{screening_id}/afronden", data={
        "csrf_token": stale_page["csrf_token"], "lock_version": stale_page["lock_version"]})
    assert response.status_code == 302
    assert "intussen gewijzigd" in text_of(professional.get(page))
    assert stored(app, screening_id).status == "draft"


def test_a_note_alone_keeps_the_judgement(app, professional) -> None:
    screening_id = start(professional)
    answers = case_answers("parallel")
    answer_all(professional, screening_id, answers)
    state = form_state(professional, f"/screenings/{screening_id}/uitkomst")
    professional.post(f"/screenings/{screening_id}/oordeel", data={
        "csrf_token": state["csrf_token"], "lock_version": state["lock_version"],
        "judgement": "agree"})
    post_step(professional, screening_id, "network", answers, note="Oma helpt bij de wissel.")
    assert stored(app, screening_id).judgement == "agree"


def test_the_list_pages_on_the_database_and_keeps_its_filters(app, professional) -> None:
    from screening import screenings as service
    from screening.models import User

    with app.app_context():
        user = db.session.get(User, user_id(app, "sam@example.nl"))
        instrument = app.extensions["instruments"].published()[-1]
        for number in range(45):
            service.start(db.session, user, instrument, case_reference=f"LIJST-{number:02d}",
                          municipality="Almelo", start_answers={})
        db.session.commit()
    html = text_of(professional.get("/screenings?q=LIJST&status=draft"))
    assert "45 screenings gevonden" in html and "Pagina 1 van 3" in html
    rows = re.compile(r'href="/screenings/(\d+)"')
    seen = rows.findall(html)
    assert len(seen) == 20 and "Vorige pagina" not in html
    # Pages follow a cursor (moment and id, nothing personal) and keep the filters.
    pages = [html]
    for number in (2, 3):
        link = re.search(rf'href="(/screenings\?na=\d+-\d+&amp;pagina={number}&amp;q=LIJST&amp;'
                         r'status=draft)">Volgende pagina', pages[-1])
        assert link, pages[-1]
        pages.append(text_of(professional.get(link.group(1).replace("&amp;", "&"))))
        seen += rows.findall(pages[-1])
    assert "Pagina 3 van 3" in pages[2] and len(rows.findall(pages[2])) == 5
    assert "Volgende pagina" not in pages[2]
    # Every screening once, all started at the same moment: the id breaks the tie.
    assert len(seen) == len(set(seen)) == 45
    back = re.search(r'href="(/screenings\?voor=\d+-\d+&amp;pagina=2[^"]*)">Vorige pagina',
                     pages[2])
    assert back
    again = text_of(professional.get(back.group(1).replace("&amp;", "&")))
    assert rows.findall(again) == rows.findall(pages[1]) and "Pagina 2 van 3" in again
    # An old link by page number still answers; so does one with a broken cursor.
    old = text_of(professional.get("/screenings?q=LIJST&status=draft&pagina=3"))
    assert "Pagina 3 van 3" in old and rows.findall(old) == rows.findall(pages[2])
    broken = text_of(professional.get("/screenings?q=LIJST&status=draft&na=x-1&pagina=2"))
    assert rows.findall(broken) == rows.findall(pages[1])


def test_finalising_asks_first_and_shows_what_will_be_frozen(app, professional) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("parallel"))
    confirm = f"/screenings/{screening_id}/afronden"
    # Without a judgement the page says so and offers no button.
    page = text_of(professional.get(confirm))
    assert "Screening afronden?" in page and "Geef eerst je professionele oordeel" in page
    assert "Ja, screening afronden" not in page
    state = form_state(professional, f"/screenings/{screening_id}/uitkomst")
    professional.post(f"/screenings/{screening_id}/oordeel", data={
        "csrf_token": state["csrf_token"], "lock_version": state["lock_version"], "judgement": "agree"})
    page = text_of(professional.get(confirm))
    assert "Dit leg je vast" in page and "ALM-2026-001" in page and "Ja, screening afronden" in page
    assert "Nee, terug naar de uitkomst" in page
    assert stored(app, screening_id).status == "draft"  # asking changed nothing
    response = finalise(professional, screening_id)
    assert response.status_code == 302 and stored(app, screening_id).status == "final"
    # Once final, the question is not asked again.
    assert professional.get(confirm).headers["Location"].endswith("/uitkomst")
