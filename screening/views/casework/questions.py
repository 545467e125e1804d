"""What a question page shows of each item, worked out once per instrument, section and language.

WTForms keeps checking what comes back (screening.forms); the page itself is written from these
plain records by `question_html`: its fixed parts are escaped once, when the record is made, so
a page only joins strings (a Jinja macro per question cost more than the rest of the request).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flask import current_app, get_template_attribute
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

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

    @cached_property
    def fixed(self) -> _Fixed:
        """The parts of the markup that never change, escaped once."""
        name = str(escape(self.name))
        condition = f" data-condition='{self.condition}'" if self.condition else ""
        hint = (f'<p class="hint" id="{name}-hint">{escape(self.description)}</p>'
                if self.description else "")
        if self.kind == "radio":
            choices = tuple(
                (f' id="{escape(c.input_id)}" name="{name}" type="radio" value="{escape(c.code)}"> '
                 f'<label for="{escape(c.input_id)}">{escape(c.label)}</label></li>', c.code)
                for c in self.choices)
            return _Fixed(name, f'" id="{name}"\n  data-item="{escape(self.item_id)}"', condition,
                          f"<legend>{escape(self.label)}", hint, choices, "")
        if self.kind == "number":
            limits = (' inputmode="numeric"' + (f' max="{self.max}"' if self.max is not None else "")
                      + (f' min="{self.min}"' if self.min is not None else ""))
        else:
            limits = f' maxlength="{self.max_length}"' if self.max_length else ""
        kind = "number" if self.kind == "number" else "text"
        return _Fixed(name, f'" data-item="{escape(self.item_id)}"', condition,
                      f'<label for="{name}">{escape(self.label)}</label>', hint, (),
                      f' id="{name}"{limits} name="{name}" type="{kind}" value="')

    @cached_property
    def ready(self) -> tuple[dict[str, Markup], dict[str, Markup]]:
        """A choice question without errors, written once for no answer and for each option.

        Shown, then hidden. Every option is written at once: nothing here says what anyone chose.
        """
        values = ("", *(choice.code for choice in self.choices))
        return ({value: _write(self, value, (), False) for value in values},
                {value: _write(self, value, (), True) for value in values})


@dataclass(frozen=True)
class _Fixed:
    name: str
    opening: str
    condition: str
    label: str
    hint: str
    choices: tuple[tuple[str, str], ...]  # (markup after "<input" and its "checked", code)
    input: str


def question_html(q: Question, value: str = "", errors: Sequence[str] = (),
                  hidden: bool = False) -> Markup:
    """Write one question as a fieldset (choices) or a labelled input, with its value and errors.

    `value` is the field's value as text; `errors` the messages to show with it. A choice
    question without errors is written once per option (Question.ready); a value that is no
    option checks none, as when it is written.
    """
    if q.kind == "radio" and not errors:
        ready = q.ready[hidden]
        return ready.get(value) or ready[""]
    return _write(q, value, errors, hidden)


def _write(q: Question, value: str, errors: Sequence[str], hidden: bool) -> Markup:
    fixed = q.fixed
    name = fixed.name
    invalid = " has-error" if errors else ""
    described = " ".join(([f"{name}-hint"] if q.description else [])
                         + ([f"{name}-error"] if errors else []))
    described = f' aria-describedby="{described}"' if described else ""
    error_lines = "".join(f'<p class="field-error" id="{name}-error">{escape(e)}</p>'
                          for e in errors)
    shown = " hidden" if hidden else ""
    if q.kind == "radio":
        important = (f' <span class="visually-hidden">({escape(_("belangrijk"))})</span>'
                     if q.essential else "")
        choices = "".join(f"<li><input{' checked' if code == value else ''}{rest}"
                          for rest, code in fixed.choices)
        return Markup(
            f'<fieldset class="question{invalid}{fixed.opening}{shown}{fixed.condition}{described}>\n'
            f"  {fixed.label}{important}</legend>\n  {fixed.hint}\n  {error_lines}\n"
            f'  <ul class="choices">\n    {choices}\n  </ul>\n</fieldset>')
    aria_invalid = ' aria-invalid="true"' if errors else ""
    return Markup(
        f'<div class="field question{invalid}{fixed.opening}{shown}{fixed.condition}>\n'
        f"  {fixed.label}\n  {fixed.hint}\n  {error_lines}\n"
        f'  <input{described}{aria_invalid}{fixed.input}{escape(value)}">\n</div>')


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


def questions_html(questions: Sequence[Question], values: Mapping[str, str],
                   errors: Mapping[str, Sequence[str]], hidden: Sequence[str] = ()) -> Markup:
    """Write a page's questions; `values` and `errors` by field name, `hidden` by item id."""
    hidden_ids = set(hidden)
    return Markup("\n".join(
        question_html(q, values.get(q.name, ""), errors.get(q.name, ()), q.item_id in hidden_ids)
        for q in questions))


# The fixed words of a step page: looked up once per language (a template's _() costs some
# 3 us a call). Like the template's own translations they are trusted markup.
STEP_WORDS = {
    "case": _l("Casus"),
    "follow_ups": _l("Er zijn vervolgvragen bijgekomen. Vul ze in als je het antwoord weet."),
    "unknown_hint": _l("Kies 'Onbekend' als je iets niet weet. Dat is ook informatie. "
                       "Belangrijke vragen met 'Onbekend' komen op de lijst 'Nog uitzoeken'."),
    "note": _l("Notitie bij dit onderdeel (niet verplicht)"),
    "note_hint": _l("Schrijf feiten op: wat je zag of hoorde. Geen namen."),
    "next": _l("Volgende"),
    "back": _l("Vorige"),
    "later": _l("Opslaan en later verder"),
}


def step_words(language: str) -> dict[str, Markup]:
    """The fixed words of a step page in the current language (`language`), kept per language."""
    cache: dict[str, dict[str, Markup]] = current_app.extensions.setdefault("step_words", {})
    found = cache.get(language)
    if found is None:
        found = cache[language] = {key: Markup(str(text)) for key, text in STEP_WORDS.items()}
    return found


def progress_html(steps: Sequence[str], instrument: Instrument, current: str,
                  language: str) -> Markup:
    """The progress list of a step, written once per instrument version, step and language."""
    cache: dict[tuple[str, str, str, str, tuple[str, ...]], Markup] = (
        current_app.extensions.setdefault("progress_html", {}))
    key = (instrument.id, instrument.version, current, language, tuple(steps))
    found = cache.get(key)
    if found is None:
        macro = get_template_attribute("_questions.html", "progress")
        found = cache[key] = macro(list(steps), instrument, current, language)
    return found
