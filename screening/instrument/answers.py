"""Clean answers and work out which items are shown; the first step of every score."""

from __future__ import annotations

from collections.abc import Mapping

from .conditions import UNKNOWN, Facts
from .model import Instrument, Item

Answer = str | int
AnswerPair = tuple[str, Answer]


class AnswerError(ValueError):
    """Reject an answer: unknown item, invalid option, bad number or too long a text."""

    def __init__(self, item_id: str, message: str) -> None:
        self.item_id = item_id
        super().__init__(f"item '{item_id}': {message}")


def _clean_number(item: Item, value: object) -> Answer:
    if isinstance(value, str) and value.strip() == UNKNOWN:
        return UNKNOWN
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            number = None
    if number is None:
        raise AnswerError(item.id, f"{value!r} is not a whole number")
    low, high = item.min, item.max
    if (low is not None and number < low) or (high is not None and number > high):
        raise AnswerError(item.id, f"{number} is not between {low} and {high}")
    return number


def clean(item: Item, value: object) -> Answer | None:
    """Return the cleaned answer to one item, None for an empty one, or raise AnswerError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if item.type in ("choice", "yesno"):
        if not isinstance(value, str) or item.option(value.strip()) is None:
            codes = ", ".join(option.code for option in item.options)
            raise AnswerError(item.id, f"{value!r} is not an option; use one of {codes}")
        return value.strip()
    if item.type == "number":
        return _clean_number(item, value)
    if not isinstance(value, str):
        raise AnswerError(item.id, f"{value!r} is not text")
    text = value.strip()
    if len(text) > item.text_limit:
        raise AnswerError(item.id, f"the text is longer than {item.text_limit} characters")
    return text


def clean_all(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, Answer]:
    """Return every non-empty answer cleaned; raise AnswerError on the first bad one."""
    items = instrument.items_by_id
    strays = sorted(str(key) for key in answers if not (isinstance(key, str) and key in items))
    if strays:
        raise AnswerError(strays[0], "there is no such item in this instrument")
    cleaned: dict[str, Answer] = {}
    for item in instrument.all_items:
        if item.id in answers:
            given = answers[item.id]
            if type(given) is str and given in item.options_by_code:
                cleaned[item.id] = given  # an option's code exactly: nothing to clean
                continue
            value = clean(item, given)
            if value is not None:
                cleaned[item.id] = value
    return cleaned


def visibility(
    instrument: Instrument, cleaned: Mapping[str, Answer]
) -> tuple[list[Item], dict[str, Answer]]:
    """Walk the items in order, keeping those whose condition holds on earlier shown answers."""
    shown: list[Item] = []
    shown_ids: set[str] = set()
    given: dict[str, Answer] = {}
    facts = Facts(answers=given, shown=shown_ids)
    for item, item_id, test in instrument.visibility_plan:
        if test is None or test(facts):
            shown.append(item)
            shown_ids.add(item_id)
            if item_id in cleaned:
                given[item_id] = cleaned[item_id]
    return shown, given


def is_known(answer: Answer | None) -> bool:
    """Tell whether an answer is a known one (given, and not 'unknown')."""
    return answer is not None and answer != UNKNOWN


def visible_items(instrument: Instrument, answers: Mapping[str, Answer]) -> list[Item]:
    """Return the items shown for these answers, in order; raise AnswerError on a bad answer."""
    return visibility(instrument, clean_all(instrument, answers))[0]


def validate_answers(instrument: Instrument, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """Return the cleaned answers of shown items (numbers as int, empty ones dropped)."""
    return visibility(instrument, clean_all(instrument, answers))[1]
