"""The base of every form: text only, no control characters, and a refused form answers 400.

- A field sent as a file (multipart) or as a non-text JSON value is refused with the
  form's own message instead of reaching a validator that expects text (a 500 before).
- Control characters (NUL, escape, C1 codes) and bidirectional overrides are refused in
  every text field: they hide or reorder what a colleague or a coordinator reads.
- A POST whose form was refused answers 400 with the page and its messages, not 200.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, Response, abort, g, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Field
from wtforms.validators import ValidationError

# C0 controls but tab, newline and carriage return; DEL; C1 controls; bidirectional
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NOT_TEXT = _l("Dit veld kan alleen gewone tekst bevatten.")
CONTROL = _l("Dit veld bevat onzichtbare stuurtekens. Typ de tekst opnieuw, zonder ze.")


def refuse_control_characters(_form: Any, field: Field) -> None:
    values = field.data if isinstance(field.data, list) else [field.data]
    if any(isinstance(v, str) and CONTROL_CHARACTERS.search(v) for v in values):
        raise ValidationError(str(CONTROL))


class Form(FlaskForm):
    """A FlaskForm that accepts text only and refuses control characters."""

    class Meta:
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            """Replace every value that is not text by an empty one, noting its field."""
            data = super().wrap_formdata(form, formdata)  # type: ignore[misc]
            form._not_text = set()
            if data is None or all(isinstance(v, str) for _k, v in data.items(multi=True)):
                return data
            plain: MultiDict[str, str] = MultiDict()
            for key, value in data.items(multi=True):
                if isinstance(value, str):
                    plain.add(key, value)
                else:
                    form._not_text.add(key)
                    plain.add(key, "")
            return plain

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        g.setdefault("forms", []).append(self)

    def validate(self, extra_validators: Any = None) -> bool:
        extra = {name: list(validators) for name, validators in (extra_validators or {}).items()}
        for name in self._fields:
            extra.setdefault(name, []).append(refuse_control_characters)
        valid = bool(super().validate(extra))
        # After the validators: one of them ("fill this in") would clear the message.
        for name in getattr(self, "_not_text", ()):
            if name in self._fields:
                self._fields[name].errors = [str(NOT_TEXT)]
                valid = False
        return valid

    @property
    def refused(self) -> bool:
        return any(field.errors for field in self)


class CopiedFields:
    """A form Meta that copies each field from one built before, instead of building it again.

    For a form built on every request with many fields (a step of the screening): WTForms
    builds each field from scratch (label, flags, validators checked), which cost more than
    validating them. The copy is made before the field sees any data, and the kept original
    holds no form, so nothing a user typed outlives the request. The CSRF field belongs to
    its form and is always built.
    """

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
        if "csrf_impl" in unbound_field.kwargs:
            return super().bind_field(form, unbound_field, options)  # type: ignore[misc]
        key = (options["name"], options.get("prefix", ""), id(options.get("translations")))
        kept = unbound_field.__dict__.setdefault("_kept_fields", {})
        original = kept.get(key)
        if original is None:
            field = super().bind_field(form, unbound_field, options)  # type: ignore[misc]
            kept[key] = _copy(field, form=None, meta=None)
            return field
        return _copy(original, form=form, meta=form.meta)


def _copy(field: Field, form: Any, meta: Any) -> Field:
    """A new field with the same settings, bound to `form` (None: to no form)."""
    copied: Field = object.__new__(type(field))
    copied.__dict__.update(field.__dict__)
    copied._form, copied.meta = form, meta
    return copied


def refused_forms_answer_400(response: Response) -> Response:
    """A POST answered with its page and a refused form is a 400, not a 200."""
    if request.method == "POST" and response.status_code == 200 and any(
            form.refused for form in g.get("forms", ())):
        response.status_code = 400
    return response


def refuse_unnamed_parts() -> None:
    """A form part whose name the parser could not read (a line break in it) is a 400.

    Werkzeug keeps such a part under the name None; Flask-WTF's CSRF check would fail
    on it with a 500.
    """
    if request.method == "POST" and (None in request.form or None in request.files):
        abort(400)


def register_forms(app: Flask) -> None:
    """Before the CSRF check: refuse unreadable parts. After the view: 400 for refused forms."""
    app.before_request(refuse_unnamed_parts)
    app.after_request(refused_forms_answer_400)
