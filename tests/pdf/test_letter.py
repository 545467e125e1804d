"""The parent letter: one page, plain words, never an outcome, score, signal or question."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from screening.instrument import Instrument
from screening.labels import PARENTING_TEXTS, SAFETY_TEXTS, TIER_TEXTS
from screening.pdf import render_letter
from screening.summary.contacts import with_defaults
from screening.summary.letter import build_letter, letter_kinds

from .conftest import SCREENED_AT, flat, gettext_for, text_of

SAFETY_WORDS = ("Veilig Thuis", "Meldcode", "geweld", "violence", "veilig", "safe", "112",
                "mishandeling", "abuse", "bedreig", "threat", "kenmerk")
TIERS = ("ordinary", "watch", "complex", "insufficient")


def letter_pdf(tier: str, kinds: tuple[str, ...] = ("wijkteam", "veilig_thuis")) -> bytes:
    letter = build_letter(tier=tier, route_kinds=kinds, contacts=with_defaults({}),
                          dutch=gettext_for("nl"), english=gettext_for("en"),
                          moment=SCREENED_AT, sender="Anna de Vries, Team Almelo")
    return render_letter(letter)


def forbidden(instrument: Instrument) -> list[str]:
    """Return every outcome word, label and question text, in Dutch and English."""
    words: list[str] = []
    for language in ("nl", "en"):
        _ = gettext_for(language)
        for texts in (TIER_TEXTS, SAFETY_TEXTS, PARENTING_TEXTS):
            words += [_(text) for text in texts.values()]
        words += [item.text.get(language) for item in instrument.items()]
        words += [flag.label.get(language) for flag in instrument.flags]
        words += [route.title.get(language) for route in instrument.routes]
    return words


@pytest.mark.parametrize("tier", TIERS)
def test_letter_says_nothing_of_the_screening(instrument: Instrument, tier: str) -> None:
    data = letter_pdf(tier)
    assert len(PdfReader(BytesIO(data)).pages) == 1
    text = flat(text_of(data))
    for word in forbidden(instrument):
        assert flat(word) not in text, word
    for word in SAFETY_WORDS:
        assert word.lower() not in text.lower(), word
    assert not re.search(r"\d+\s*/\s*\d+", text), "a score"
    assert "Beste ouder," in text and "Dear parent," in text
    assert "Wijkteam of CJG: nog niet ingevuld door de coördinator" in text
    assert "0800-0432" in text  # the Kindertelefoon, for the children


def test_complex_letter_speaks_of_two_plans(instrument: Instrument) -> None:
    text = flat(text_of(letter_pdf("complex")))
    assert "twee plannen voor twee gezinnen" in text and "two plans for two families" in text
    assert "twee plannen" not in flat(text_of(letter_pdf("ordinary")))


def test_letter_names_only_contacts_for_parents() -> None:
    assert letter_kinds(("veilig_thuis", "emergency", "family_guardian")) == (
        "wijkteam", "kindertelefoon")
    assert letter_kinds(("jgz", "veilig_thuis", "kindertelefoon")) == ("jgz", "kindertelefoon")


def test_same_letter_same_bytes() -> None:
    assert letter_pdf("watch") == letter_pdf("watch")
