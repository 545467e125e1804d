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
