"""Fixtures for the printed summary: the real catalogue, the real instrument and written cases."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from babel.support import Translations
from pypdf import PdfReader

from screening.instrument import Instrument, load_registry, score
from screening.pdf import render_summary
from screening.summary import Gettext, Summary, build_summary
from screening.summary.words import meldcode_steps

REPO = Path(__file__).resolve().parent.parent.parent
INSTRUMENT_PATH = REPO / "questionnaires" / "vroegsignalering-complexe-scheiding" / "1.0.toml"
CASES = REPO / "tests" / "cases"
SCREENED_AT = datetime(2024, 3, 15, 10, 30, tzinfo=UTC)
ORGANISATION = "Stichting Welzijn Hengelo-Oost"
CASE_REFERENCE = "SMW-2024-0815"

TRANSLATIONS = REPO / "screening" / "translations"


def gettext_for(language: str) -> Gettext:
    """Return the real catalogue's gettext for a language; Dutch is the source language."""
    return Translations.load(str(TRANSLATIONS), [language]).gettext


MELDCODE_STEPS = meldcode_steps(gettext_for("nl"))


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
        "gettext": gettext_for(overrides.get("language", "nl")),
        "organisation": ORGANISATION,
        "case_reference": CASE_REFERENCE,
        "filled_in_by": "Anna de Vries",
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


