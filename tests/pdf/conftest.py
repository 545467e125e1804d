"""Fixtures for the printed summary: Dutch headings, the real instrument and written cases."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from screening.instrument import Instrument, load_registry, score
from screening.pdf import render_summary
from screening.summary import Headings, Summary, build_summary

REPO = Path(__file__).resolve().parent.parent.parent
INSTRUMENT_PATH = REPO / "questionnaires" / "vroegsignalering-complexe-scheiding" / "1.0.toml"
CASES = REPO / "tests" / "cases"
SCREENED_AT = datetime(2024, 3, 15, 10, 30, tzinfo=UTC)
ORGANISATION = "Stichting Welzijn Hengelo-Oost"
CASE_REFERENCE = "SMW-2024-0815"

MELDCODE_STEPS = (
    "Breng signalen in kaart.",
    "Overleg met een collega en raadpleeg zo nodig Veilig Thuis.",
    "Praat met de betrokkenen (niet als dat onveilig is).",
    "Weeg met het afwegingskader: is er acute of structurele onveiligheid?",
    "Beslis: hulp organiseren en/of melden bij Veilig Thuis.",
)


def dutch_headings() -> Headings:
    """Build the Dutch headings the app would build with gettext."""
    return Headings(
        summary="samenvatting",
        confidential="Vertrouwelijk",
        draft="CONCEPT",
        page="pagina %(page)s van %(pages)s",
        organisation="Organisatie",
        case_reference="Casus",
        date="Datum",
        profession="Ingevuld door",
        instrument="Instrument",
        version="versie %(version)s (%(hash)s)",
        date_format="%d-%m-%Y %H:%M",
        safety_first="Veiligheid eerst",
        meldcode="De vijf stappen van de Meldcode",
        meldcode_steps=MELDCODE_STEPS,
        report_now="Acuut gevaar: meld nu bij Veilig Thuis (0800-2000). Direct gevaar? Bel 112.",
        safety_signals="Signalen over veiligheid",
        outcome="Uitkomst",
        safety="Veiligheid",
        parenting="Ouderschap",
        signals="Wat opvalt",
        completeness="%(answered)s van %(shown)s vragen beantwoord, %(unknown)s onbekend.",
        domain_scores="Scores per onderdeel",
        to_find_out="Nog uitzoeken",
        nothing_to_find_out="Alle belangrijke vragen zijn beantwoord.",
        route="Voorgestelde route",
        steps="Stappen",
        avoid="Doe dit niet",
        judgement="Jouw professionele oordeel",
        judgement_agree="Je was het eens met de uitkomst.",
        judgement_other="Je koos een andere uitkomst: %(outcome)s",
        judgement_reason="Waarom",
        judgement_none="Je hebt nog geen oordeel gegeven.",
        notes="Aantekeningen",
        answers="Alle antwoorden",
        question="Vraag",
        answer="Antwoord",
        unknown_answer="Onbekend",
        not_answered="Niet ingevuld",
        disclaimer="Let op",
        safety_labels={
            "none": "Geen signalen over veiligheid",
            "concern": "Zorg over veiligheid",
            "acute": "Acuut of structureel gevaar",
        },
        tier_labels={
            "insufficient": "Nog te weinig bekend",
            "ordinary": "Gewone scheiding",
            "watch": "Vinger aan de pols",
            "complex": "Complexe scheiding",
        },
        parenting_labels={
            "cooperative": "Coöperatief ouderschap",
            "parallel": "Parallel ouderschap",
            "conflicted": "Conflictueus ouderschap",
            "unknown": "Nog niet duidelijk",
        },
    )


def case_answers(name: str) -> dict[str, Any]:
    """Return the answers of a written case in tests/cases."""
    with (CASES / f"{name}.toml").open("rb") as handle:
        answers: dict[str, Any] = tomllib.load(handle)["answers"]
    return answers


def text_of(data: bytes) -> str:
    """Return the text of every page of a PDF, pages joined by newlines."""
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """Return text with every run of whitespace as one space, for phrase look-ups."""
    return " ".join(text.split())


@pytest.fixture(scope="session")
def instrument() -> Instrument:
    # Through the registry, as the app loads it: with the roles declared beside LOCK.
    return load_registry(REPO / "questionnaires").get("vroegsignalering-complexe-scheiding", "1.0")


MakeSummary = Callable[..., Summary]


def summary_for(
    instrument: Instrument,
    case: str = "complex",
    *,
    answers: Mapping[str, Any] | None = None,
    notes: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Summary:
    """Build the summary of a written case as the app would, with overrides."""
    given = dict(answers if answers is not None else case_answers(case))
    arguments: dict[str, Any] = {
        "instrument": instrument,
        "answers": given,
        "result": overrides.pop("result", None) or score(instrument, given),
        "language": "nl",
        "headings": dutch_headings(),
        "organisation": ORGANISATION,
        "case_reference": CASE_REFERENCE,
        "profession": "Schoolmaatschappelijk werker",
        "screened_at": SCREENED_AT,
        "draft": False,
        "judgement": "agree",
        "chosen_tier": None,
        "judgement_reason": None,
        "notes": notes if notes is not None else {"child": "Jongen slaapt slecht."},
    }
    return build_summary(**(arguments | overrides))


@pytest.fixture(scope="session")
def make_summary(instrument: Instrument) -> MakeSummary:
    """Return a function that builds a summary for a written case, with overrides."""
    return partial(summary_for, instrument)


@pytest.fixture(scope="session")
def complex_pdf(make_summary: MakeSummary) -> bytes:
    return render_summary(make_summary("complex"))


@pytest.fixture(scope="session")
def acute_pdf(make_summary: MakeSummary) -> bytes:
    return render_summary(make_summary("acuut_gevaar"))


