"""Carrying a draft's answers to a newer version keeps what fits and names what changed."""

from __future__ import annotations

from screening.instrument import carry_answers, load_instrument, score
from tests.instrument.conftest import DATA, TINY

TINY_NEXT = load_instrument(DATA / "tiny" / "1.1.toml")


def test_valid_answers_are_kept_and_changes_named() -> None:
    answers = {"children_count": 2, "notes": "tekst", "contact_frequency": "weekly",
               "help_repeated": "often"}
    carried = carry_answers(answers, TINY, TINY_NEXT)
    assert carried.answers == {"children_count": 2, "contact_frequency": "weekly",
                               "help_repeated": "often"}
    assert carried.dropped == ("notes",)  # the item is gone in 1.1
    assert carried.added == ("help_failed",)
    assert carried.reworded == ("contact_frequency",)
    score(TINY_NEXT, carried.answers)  # the carried answers score on the new version


def test_same_version_carries_everything() -> None:
    answers = {"children_count": 2, "contact_frequency": "none"}
    carried = carry_answers(answers, TINY, TINY)
    assert carried.answers == answers
    assert carried.dropped == carried.added == carried.reworded == ()
