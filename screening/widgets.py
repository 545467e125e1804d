"""Form widgets whose markup depends only on their form, field, language and chosen value.

WTForms writes a select list option by option through its widget machinery on every page;
the list page's filters cost more that way than its twenty rows. A select field whose
choices are fixed in its form class (never changed per request) and whose value is one of
those choices looks the same every time: its markup (WTForms' own) is kept per form class,
field, language and value. So is any other field while it is empty (nothing typed, no
value). A value that is not a choice (the query string can say anything), a typed value,
or an error goes to WTForms as before. A whole form whose fields all look one way is kept
the same way (`fixed_form`): the list's filters are some twenty template calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup
from wtforms import Field, Form, SelectChoice, SelectField

from screening.kept import keep

_WIDGETS: dict[tuple[Any, ...], Markup] = {}
WIDGETS_MAX = 1024


def fixed_widget(form: Form, name: str, **attributes: Any) -> Markup:
    """Write `form[name]` as WTForms would, from the cache when it can only look one way."""
    field = form[name]
    if not _fixed(field):
        return field(**attributes)  # type: ignore[no-any-return]
    value = field.data if isinstance(field, SelectField) else "empty"
    return _kept((type(form), name, str(get_locale()), value,
                  tuple(sorted(attributes.items()))), lambda: field(**attributes))


def fixed_form(form: Form, template: str) -> Markup:
    """Write a whole form with `template` (given `form`), kept per form class, language,
    script root and values while each of its fields can only look one way; else anew."""
    if not all(_fixed(field) for field in form):
        return Markup(render_template(template, form=form))
    key = (type(form), template, str(get_locale()), request.script_root,
           tuple(field.data for field in form))
    return _kept(key, lambda: Markup(render_template(template, form=form)))


def _fixed(field: Field) -> bool:
    """Whether a field can only look one way: no errors, and a value that is one of its
    fixed choices or (any other field) nothing typed and no value."""
    if field.errors:
        return False
    if isinstance(field, SelectField):
        codes = [choice.value if isinstance(choice, SelectChoice) else choice[0]
                 for choice in field.choices or ()]
        return field.data is None or field.data in codes
    return not any(field.raw_data or ()) and field.data in (None, "")


def fixed_label(form: Form, name: str) -> Markup:
    """A field's label as WTForms writes it, kept per form class, field and language."""
    return _kept((type(form), name, str(get_locale()), "label"), lambda: form[name].label())


def _kept(key: tuple[Any, ...], write: Callable[[], Markup]) -> Markup:
    """The markup kept under `key`, written (and kept, up to WIDGETS_MAX) when missing."""
    found = _WIDGETS.get(key)
    if found is None:
        found = write()
        if not current_app.jinja_env.auto_reload:  # while templates are edited: always anew
            keep(_WIDGETS, key, found, WIDGETS_MAX)
    return found
