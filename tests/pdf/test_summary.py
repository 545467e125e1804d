"""The summary builder resolves a scored screening into plain, printable data."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from datetime import date, datetime

import pytest

from screening.instrument import AnswerError, Instrument, load_instrument, score
from screening.instrument.followup import Plan
from screening.summary import AnswerLine, Contact, build_summary

from .conftest import REPO, MakeSummary, case_answers, gettext_for

TINY_PATH = REPO / "tests" / "instrument" / "data" / "questionnaires" / "tiny" / "1.0.toml"


def test_summary_is_frozen(make_summary: MakeSummary) -> None:
    summary = make_summary()
    with pytest.raises(FrozenInstanceError):
        summary.case_reference = "other"  # type: ignore[misc]


def test_header_fields(make_summary: MakeSummary, instrument: Instrument) -> None:
    summary = make_summary()
    assert summary.title == "Vroegsignalering complexe scheiding"
    assert summary.document_title == "Vroegsignalering complexe scheiding — samenvatting"
    assert summary.version == instrument.version
    assert summary.short_hash == instrument.hash[:12]
    assert summary.date_text == "15 maart 2024 10:30"
    assert summary.status_text == "Afgerond op 15 maart 2024 10:30"
    assert summary.filled_in_by == "Anna de Vries, Schoolmaatschappelijk werker"
    assert make_summary(draft=True).status_text.startswith("Concept")


def test_only_shown_items_are_listed(make_summary: MakeSummary, instrument: Instrument) -> None:
    answers = case_answers("complex")
    summary = make_summary(answers=answers)
    listed = [line.question for section in summary.sections for line in section.lines]
    hidden = instrument.item("violence_allegation").text.nl  # behind safety_gate = "no"
    assert hidden not in listed
    assert instrument.item("safety_gate").text.nl in listed
    assert len(listed) == score(instrument, answers).completeness.shown


def test_answer_labels_and_unknown(make_summary: MakeSummary, instrument: Instrument) -> None:
    answers = case_answers("complex") | {"children_count": 3, "withdrawal": "unknown"}
    del answers["sleep_body"]
    summary = make_summary(answers=answers)
    lines = {line.question: line for s in summary.sections for line in s.lines}
    assert lines[instrument.item("children_count").text.nl] == AnswerLine(
        instrument.item("children_count").text.nl, "3")
    assert lines[instrument.item("contact_conflict").text.nl].answer == (
        instrument.item("contact_conflict").option("always").label.nl)  # type: ignore[union-attr]
    withdrawal = lines[instrument.item("withdrawal").text.nl]
    assert (withdrawal.answer, withdrawal.unknown) == ("Onbekend", True)
    sleep = lines[instrument.item("sleep_body").text.nl]
    assert (sleep.answer, sleep.unknown) == ("Niet ingevuld", True)


def test_numbers_and_text_as_given() -> None:
    tiny = load_instrument(TINY_PATH)
    answers = {"children_count": "unknown", "notes": "  vader <b>boos</b> & moe  "}
    summary = build_summary(
        instrument=tiny, answers=answers, result=score(tiny, answers), language="nl",
        gettext=gettext_for("nl"), organisation="O", case_reference="C", filled_in_by="N",
        profession="P",
        screened_at=datetime(2024, 1, 2), draft=True, judgement=None,
        chosen_tier=None, judgement_reason=None, notes={},
    )
    lines = {line.question: line for s in summary.sections for line in s.lines}
    assert lines["Hoeveel kinderen?"] == AnswerLine("Hoeveel kinderen?", "Onbekend", True)
    assert lines["Notitie"] == AnswerLine("Notitie", "vader <b>boos</b> & moe")


def test_language_resolves_every_instrument_text(make_summary: MakeSummary,
                                                instrument: Instrument) -> None:
    summary = make_summary(language="en")
    assert summary.title == instrument.title.en
    assert summary.disclaimer == instrument.disclaimer.en
    assert summary.sections[0].title == instrument.sections[0].title.en
    assert summary.sections[0].lines[0].question == instrument.sections[0].items[0].text.en
    assert all(route.title in {r.title.en for r in instrument.routes} for route in summary.routes)


def test_every_section_once(make_summary: MakeSummary, instrument: Instrument) -> None:
    summary = make_summary()
    ids = [section.id for section in summary.sections]
    assert ids.count("child") == 1 and len(ids) == len(set(ids))
    assert not hasattr(summary, "child")


def test_to_find_out_lists_questions(make_summary: MakeSummary, instrument: Instrument) -> None:
    answers = case_answers("bijna_niets_bekend")
    result = score(instrument, answers)
    assert result.to_find_out
    summary = make_summary(answers=answers)
    assert summary.to_find_out == tuple(instrument.item(i).text.nl for i in result.open_questions)
    assert set(result.to_find_out) <= set(result.open_questions)  # decisive ones lead


@pytest.mark.parametrize(
    ("case", "route_ids"),
    [("complex", ["rust-en-welzijn"]), ("acuut_gevaar", ["meldcode-acuut", "vinger-aan-de-pols"])],
)
def test_routes_safety_first(make_summary: MakeSummary, instrument: Instrument, case: str,
                             route_ids: list[str]) -> None:
    summary = make_summary(case)
    assert [route.id for route in summary.routes] == route_ids
    assert [route.safety for route in summary.routes] == [i.startswith("meldcode") for i in route_ids]
    for block in summary.routes:
        route = instrument.route(block.id)
        assert block.steps == tuple(step.nl for step in route.steps)
        assert block.avoid == tuple(text.nl for text in route.avoid)


def test_reasons_are_readable(make_summary: MakeSummary, instrument: Instrument) -> None:
    summary = make_summary("complex")
    assert [reason.decision for reason in summary.safety_reasons] == ["safety"]
    decisions = [reason.decision for reason in summary.reasons]
    assert decisions == ["tier", "parenting"]
    tier = summary.reasons[0]
    assert tier.outcome == "complex" and tier.text
    assert tier.answers, "the tier reason names the answers that drove it"
    questions = {item.text.nl for item in instrument.items()}
    assert all(line.question in questions for line in tier.answers)


def test_safety_reasons_in_the_safety_part(make_summary: MakeSummary) -> None:
    summary = make_summary("acuut_gevaar")
    assert summary.safety == "acute"
    assert summary.safety_label == "Acute of structurele onveiligheid: meld bij Veilig Thuis"
    assert summary.safety_reasons[0].outcome == "acute"
    assert all(reason.decision != "safety" for reason in summary.reasons)
    assert any(line.answer == "Ja" for line in summary.safety_reasons[0].answers)


def test_domain_scores(make_summary: MakeSummary, instrument: Instrument) -> None:
    answers = case_answers("complex")
    result = score(instrument, answers)
    summary = make_summary(answers=answers)
    scored = [s for s in instrument.sections if s.score != "none"]
    assert [d.title for d in summary.domains] == [s.title.nl for s in scored]
    for line in summary.domains:
        assert (line.score, line.max) == (
            result.domain_scores[line.id].score, result.domain_scores[line.id].max)


def test_labels_and_completeness(make_summary: MakeSummary) -> None:
    summary = make_summary("complex")
    assert summary.tier_label == "Complexe scheiding"
    assert summary.parenting_label == "Conflictueus ouderschap"
    assert summary.completeness == "36 beantwoord + 0 onbekend + 0 nog niet ingevuld = 36 vragen."


def test_judgement_in_the_third_person(make_summary: MakeSummary) -> None:
    agree = make_summary(judgement="agree").judgement
    assert (agree.kind, agree.text) == ("agree", "De professional is het eens met de uitkomst.")
    none = make_summary(judgement=None).judgement
    assert (none.kind, none.text) == (None, "De professional heeft nog geen oordeel gegeven.")
    other = make_summary(judgement="other", chosen_tier="watch", judgement_reason="Ken ze al.")
    assert (other.judgement.kind, other.judgement.chosen, other.judgement.reason) == (
        "other", "Vinger aan de pols", "Ken ze al.")
    assert other.judgement.text == "De professional kiest Vinger aan de pols, omdat:"
    english = make_summary(language="en", judgement="agree").judgement.text
    assert english.startswith("The professional")


def test_notes_in_section_order(make_summary: MakeSummary, instrument: Instrument) -> None:
    notes = {"network": "N", "context": "C", "child": "  ", "": "Algemeen"}
    summary = make_summary(notes=notes)
    assert [(n.section_id, n.text) for n in summary.notes] == [
        ("context", "C"), ("network", "N"), ("", "Algemeen")]
    assert summary.notes[0].title == instrument.section("context").title.nl
    assert summary.notes[-1].title == "Notities"


def test_bad_answers_are_refused(make_summary: MakeSummary, instrument: Instrument) -> None:
    result = score(instrument, case_answers("complex"))
    with pytest.raises(AnswerError):
        make_summary(answers={"no_such_item": "x"}, result=result)


def test_page_one_parts(make_summary: MakeSummary, instrument: Instrument) -> None:
    summary = make_summary("acuut_gevaar")
    assert 0 < len(summary.observations) <= 5
    assert summary.observations[0] == summary.reasons[0]
    tier_route = instrument.route(summary.routes[-1].id)
    assert summary.first_steps == tuple(step.nl for step in tier_route.steps[:3])
    # Acute danger always names 112 and Veilig Thuis; a route naming nobody, the wijkteam.
    assert [c.kind for c in summary.contacts] == ["emergency", "veilig_thuis", "wijkteam"]
    assert all(c.missing for c in summary.contacts)


def test_contacts_come_from_the_caller(make_summary: MakeSummary) -> None:
    given = {"veilig_thuis": Contact("veilig_thuis", "", name="Veilig Thuis Twente",
                                     phone="0800-2000", website="https://vt.example")}
    summary = make_summary("getuige_geweld_eenmalig", contacts=given)
    contact, first_stop = summary.contacts
    assert first_stop.kind == "wijkteam" and first_stop.missing
    assert contact.label == "Veilig Thuis" and not contact.missing
    assert contact.line == "Veilig Thuis Twente · 0800-2000 · https://vt.example"


def test_could_become_names_the_deciding_questions(make_summary: MakeSummary,
                                                   instrument: Instrument) -> None:
    answers = case_answers("complex")
    plain = score(instrument, answers)
    result = replace(plain, could_become="watch", decisive=("child_heard",))
    summary = make_summary(answers=answers, result=result)
    assert summary.could_become == (
        "Vinger aan de pols, als dit anders blijkt: " + instrument.item("child_heard").text.nl)
    same = replace(plain, could_become=plain.tier)
    assert make_summary(answers=answers, result=same).could_become is None


def test_the_next_screening_follows_the_plan(make_summary: MakeSummary) -> None:
    """A finalised screening prints its stored plan in the reader's language; a draft suggests."""
    day = date(2030, 3, 4)
    assert make_summary(plan=Plan(day)).next_screening == "4 maart 2030"
    assert make_summary(language="en", plan=Plan(day)).next_screening == "March 4, 2030"
    assert make_summary(plan=Plan(None)).next_screening == "Er staat geen nieuwe screening gepland."
    assert make_summary(language="en", plan=Plan(None)).next_screening == "No new screening is planned."
    waiting = make_summary(plan=Plan(None, "meldcode")).next_screening
    assert waiting == "Na de stappen van de Meldcode: plan dan een nieuwe screening."
    assert make_summary(draft=True).next_screening is None  # 1.0's routes name no interval
