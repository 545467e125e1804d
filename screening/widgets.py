"""Form widgets whose markup depends only on their form, field, language and chosen value.

WTForms writes a select list option by option through its widget machinery on every page;
the list page's filters cost more that way than its twenty rows. A select field whose
choices are fixed in its form class (never changed per request) and whose value is one of
those choices looks the same every time: its markup (WTForms' own) is kept per form class,
field, language and value. So is any other field while it is empty (nothing typed, no
value). A value that is not a choice (the query string can say anything), a typed value,
or an error goes to WTForms as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import get_locale
from markupsafe import Markup
from wtforms import Form, SelectChoice, SelectField

_WIDGETS: dict[tuple[Any, ...], Markup] = {}
WIDGETS_MAX = 1024


def fixed_widget(form: Form, name: str, **attributes: Any) -> Markup:
    """Write `form[name]` as WTForms would, from the cache when it can only look one way."""
    field = form[name]
    if field.errors:
        return field(**attributes)  # type: ignore[no-any-return]
    if not isinstance(field, SelectField):
        # Nothing typed and no value (an empty search or day field) looks the same every time.
        if any(field.raw_data or ()) or field.data not in (None, ""):
            return field(**attributes)  # type: ignore[no-any-return]
        return _kept((type(form), name, "empty", tuple(sorted(attributes.items()))),
                     lambda: field(**attributes))
    codes = [choice.value if isinstance(choice, SelectChoice) else choice[0]
             for choice in field.choices or ()]
    if field.data is not None and field.data not in codes:
        return field(**attributes)  # type: ignore[no-any-return]
    return _kept((type(form), name, str(get_locale()), field.data,
                  tuple(sorted(attributes.items()))), lambda: field(**attributes))


def fixed_label(form: Form, name: str) -> Markup:
    """A field's label as WTForms writes it, kept per form class, field and language."""
    return _kept((type(form), name, str(get_locale()), "label"), lambda: form[name].label())


def _kept(key: tuple[Any, ...], write: Callable[[], Markup]) -> Markup:
    """The markup kept under `key`, written (and kept, up to WIDGETS_MAX) when missing."""
    found = _WIDGETS.get(key)
    if found is None:
        if len(_WIDGETS) >= WIDGETS_MAX:
            _WIDGETS.clear()
        found = _WIDGETS[key] = write()
    return found
