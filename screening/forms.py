"""WTForms built from an instrument: one form per section. Shape checks only."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional

from screening.form_base import CopiedFields, Form
from screening.instrument import Item, Section
from screening.kept import keep

NOTE_MAX_LENGTH = 2000
FIELD_PREFIX = "q_"
CHOOSE_AN_ANSWER = _l("Kies een van de antwoorden.")


def field_name(item_id: str) -> str:
    """Name an item's form field; the prefix keeps item ids clear of WTForms' own names."""
    return FIELD_PREFIX + item_id


def item_field(item: Item, language: str) -> Field:
    """Build the form field that asks one item."""
    label = item.text.get(language)
    description = item.help.get(language) if item.help else ""
    if item.type in ("choice", "yesno"):
        codes = tuple(option.code for option in item.options)
        return RadioField(
            label, description=description, validate_choice=False,
            choices=[SelectChoice(o.code, o.label.get(language)) for o in item.options],
            validators=[Optional(), AnyOf(codes, message=CHOOSE_AN_ANSWER)],
        )
    if item.type == "number":
        return IntegerField(
            label, description=description,
            validators=[Optional(), NumberRange(
                min=item.min, max=item.max,
                message=_l("Vul een heel getal in van %(min)s tot en met %(max)s.",
                           min=item.min, max=item.max))],
        )
    return StringField(label, description=description, validators=[
        Optional(), Length(max=item.max_length,
                           message=_l("Gebruik hoogstens %(max)s tekens.", max=item.max_length))])


class StepBase(Form):
    class Meta(CopiedFields):
        pass

    note = TextAreaField(
        _l("Notitie bij dit onderdeel (niet verplicht)"),
        description=_l("Schrijf feiten op: wat je zag of hoorde. Geen namen."),
        validators=[Optional(), Length(max=NOTE_MAX_LENGTH, message=_l(
            "Gebruik hoogstens %(max)s tekens.", max=NOTE_MAX_LENGTH))],
    )
    lock_version = HiddenField(validators=[InputRequired()])
    # Items that were hidden on the page as it was sent; see views.casework.answering.save_step.
    hidden_items = HiddenField()


# Form classes per section and language: building one costs more than the rest of a request.
# The section itself is kept with its class, so its id() cannot be reused while cached.
_STEP_CLASSES: dict[tuple[int, str], tuple[Section, type[StepBase]]] = {}
_STEP_CLASSES_MAX = 512


def step_form_class(section: Section, language: str) -> type[StepBase]:
    """Return the form class of one section in the given language, built once."""
    key = (id(section), language)
    found = _STEP_CLASSES.get(key)
    if found is None or found[0] is not section:
        fields = {field_name(item.id): item_field(item, language) for item in section.items}
        found = keep(_STEP_CLASSES, key, (section, type(f"Step_{section.id}", (StepBase,), fields)),
                     _STEP_CLASSES_MAX)
    return found[1]


def step_form(section: Section, language: str, **kwargs: Any) -> StepBase:
    """Instantiate the form of one section in the given language."""
    return step_form_class(section, language)(**kwargs)


def submitted_answers(form: StepBase, section: Section) -> dict[str, Any]:
    """Read the section's answers from a validated form; empty fields are left out."""
    answers: dict[str, Any] = {}
    for item in section.items:
        value = form[field_name(item.id)].data
        if isinstance(value, str):
            value = value.strip()
        if value not in (None, ""):
            answers[item.id] = value
    return answers
