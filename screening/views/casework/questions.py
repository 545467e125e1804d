"""What a question page shows of each item, worked out once per instrument, section and language.

WTForms keeps checking what comes back (screening.forms); the page itself is written from these
plain records by the `question` macro, which is many times cheaper than WTForms' widgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from screening.forms import field_name
from screening.instrument import Instrument, Item, Section


@dataclass(frozen=True)
class Choice:
    input_id: str
    code: str
    label: str


@dataclass(frozen=True)
class Question:
    """One item as the page shows it: names, texts, choices, and its condition for the browser."""

    item_id: str
    name: str
    kind: str  # "radio", "number" or "text"
    label: str
    description: str
    essential: bool
    choices: tuple[Choice, ...] = ()
    condition: Markup | str = ""  # JSON, as the tojson filter writes it, for conditions.js
    min: int | None = None
    max: int | None = None
    max_length: int | None = None


def question_of(item: Item, language: str, name: str | None = None) -> Question:
    """Describe one item in one language; `name` is its form field's name (default q_<id>)."""
    name = name or field_name(item.id)
    kind = "radio" if item.type in ("choice", "yesno") else "number" if item.type == "number" else "text"
    condition = (htmlsafe_json_dumps(item.condition.model_dump(mode="json", by_alias=True,
                                                                exclude_none=True))
                 if item.condition else "")
    return Question(
        item_id=item.id, name=name, kind=kind, label=item.text.get(language),
        description=item.help.get(language) if item.help else "", essential=item.essential,
        choices=tuple(Choice(f"{name}-{index}", option.code, option.label.get(language))
                      for index, option in enumerate(item.options)),
        condition=condition, min=item.min, max=item.max, max_length=item.max_length,
    )


def section_questions(instrument: Instrument, section: Section, language: str) -> tuple[Question, ...]:
    """The questions of a section, kept for the app's lifetime (instruments never change in it)."""
    cache: dict[tuple[str, str, str, str], tuple[Question, ...]] = (
        current_app.extensions.setdefault("section_questions", {}))
    key = (instrument.id, instrument.version, section.id, language)
    found = cache.get(key)
    if found is None:
        found = cache[key] = tuple(question_of(item, language) for item in section.items)
    return found


def stored_values(section: Section, answers: Mapping[str, Any]) -> dict[str, str]:
    """What each field shows for stored answers, by field name."""
    return {field_name(item.id): str(answers[item.id]) for item in section.items
            if answers.get(item.id) is not None}


def submitted_values(form: Any, names: list[str]) -> dict[str, str]:
    """What each field shows again after a refused post: what was typed, as WTForms keeps it."""
    values = {}
    for name in names:
        field = form[name]
        value = field.data if field.type == "RadioField" else field._value()
        if value not in (None, ""):
            values[name] = str(value)
    return values
