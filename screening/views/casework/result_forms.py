"""The result page's forms, written from what is kept per language instead of built per view.

A draft's judgement form: building it and writing its fields through WTForms and the field
macro cost a fifth of the page. Without errors, the fields look the same for every draft with
the same judgement and outcome code (each from a short fixed list) in the same language: that
markup is kept, like the list's filters (screening.widgets). The reason the professional wrote
is escaped into it on every request and never kept. A refused post is written from its form,
errors and all, by the same macro. A final screening's date form needs only a label and hint.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, get_template_attribute
from flask_babel import get_locale
from markupsafe import Markup, escape

from screening.form_base import Form
from screening.kept import keep
from screening.models import Screening
from screening.views.casework.forms import JudgementForm

# Stands in for the reason while the kept markup is written; never in a real page.
PLACEHOLDER = "judgement-reason-placeholder-7f3a"
_KEPT: dict[tuple[str, str | None, str], tuple[Markup, Markup]] = {}
KEPT_MAX = 64
_TEXTS: dict[tuple[type[Form], str, str], FieldTexts] = {}


@dataclass(frozen=True)
class JudgementFields:
    """What the result page writes inside its judgement form, besides the CSRF token."""

    lock_version: str
    fields: Markup


def _write(form: JudgementForm) -> Markup:
    macro = get_template_attribute("casework/_judgement.html", "judgement_fields")
    written: Markup = macro(form)  # the autoescaping template's output
    return written


def from_form(form: JudgementForm) -> JudgementFields:
    """Write the fields of a posted form, with its errors and what was typed."""
    return JudgementFields(str(form.lock_version.data or ""), _write(form))


def for_screening(screening: Screening) -> JudgementFields:
    """Write the fields as a draft's page shows them first: its stored judgement, no errors."""
    codes = (screening.judgement, screening.chosen_tier or "")
    key = (str(get_locale()), *codes)
    around = _KEPT.get(key)
    if around is None:
        form = JudgementForm(meta={"csrf": False}, data={
            "judgement": codes[0], "chosen_tier": codes[1], "reason": PLACEHOLDER})
        before, after = _write(form).split(PLACEHOLDER)  # Markup.split gives Markup
        around = (before, after)
        if not current_app.jinja_env.auto_reload:  # while templates are edited: always anew
            keep(_KEPT, key, around, KEPT_MAX)
    reason = escape(screening.judgement_reason or "")
    return JudgementFields(str(screening.lock_version), around[0] + reason + around[1])


@dataclass(frozen=True)
class FieldTexts:
    """A field's label and hint in one language."""

    label: str
    description: str


def field_texts(form_class: type[Form], name: str) -> FieldTexts:
    """Return a field's label and hint in the request's language, read once per language."""
    key = (form_class, name, str(get_locale()))
    found = _TEXTS.get(key)
    if found is None:
        field = form_class(meta={"csrf": False})[name]
        found = _TEXTS[key] = FieldTexts(str(field.label.text), str(field.description))
    return found
