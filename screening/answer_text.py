"""An answer as a person reads it: the option's label, the number or the text.

Pure: the review page, the printed summary and the access export all call `answer_text`,
and pass in the words for "not answered" and "unknown" in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from screening.instrument import UNKNOWN, Item


@dataclass(frozen=True, slots=True)
class AnswerWords:
    """The words for an open answer, in the reader's language."""

    not_answered: str
    unknown: str  # for numbers and texts answered as unknown; options carry their own label


class AnswerText(NamedTuple):
    text: str
    open: bool  # unknown or not answered: something still to find out


def answer_text(item: Item, answer: object, language: str, words: AnswerWords) -> AnswerText:
    """Return an answer as printed: option label, number or text, and whether it is open."""
    if answer is None:
        return AnswerText(words.not_answered, True)
    if isinstance(answer, str) and item.type in ("choice", "yesno"):
        option = item.option(answer)
        return AnswerText(option.label.get(language) if option is not None else answer,
                          answer == UNKNOWN)
    if answer == UNKNOWN:
        return AnswerText(words.unknown, True)
    return AnswerText(str(answer), False)
