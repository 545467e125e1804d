"""Carry a draft's answers from one version of an instrument to a newer one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .answers import AnswerError, validate_answers
from .model import Instrument

Answer = str | int


@dataclass(frozen=True)
class Carried:
    """The answers that fit the new version, and what a professional should know changed."""

    answers: dict[str, Answer]
    dropped: tuple[str, ...]  # old items whose answer cannot be kept (gone, changed, now hidden)
    added: tuple[str, ...]  # items only the new version asks
    reworded: tuple[str, ...]  # items asked in both whose question text changed


def carry_answers(answers: Mapping[str, Answer], old: Instrument, new: Instrument) -> Carried:
    """Keep every answer that is still valid and shown in `new`; name everything that changed."""
    new_ids = {item.id for item in new.items()}
    candidates: dict[str, Answer] = {}
    for item_id, value in answers.items():
        if item_id not in new_ids:
            continue
        try:
            validate_answers(new, {item_id: value})  # checks the value even when hidden
        except AnswerError:
            continue
        candidates[item_id] = value
    kept = validate_answers(new, candidates)
    old_ids = {item.id for item in old.items()}
    return Carried(
        answers=kept,
        dropped=tuple(item.id for item in old.items() if item.id in answers and item.id not in kept),
        added=tuple(item.id for item in new.items() if item.id not in old_ids),
        reworded=tuple(item.id for item in new.items()
                       if item.id in old_ids and old.item(item.id).text != item.text),
    )
