"""Links in templates, built once: a page links the same static files and menus every time.

Flask's url_for costs some 10 us; a page has ten to fifty of them. URLs without values of
their own (a static file's name aside) are kept per script root, the one part of the
request they depend on. A URL with one whole-number value (a screening's page) is kept as
the text around that number. Anything else goes to Flask's url_for.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, has_request_context, request, url_for

from screening.kept import keep

_URLS: dict[tuple[str, str, str | None], str] = {}
_AROUND: dict[tuple[str, str, str], tuple[str, str]] = {}
URLS_MAX = 512
# A number no real id reaches, standing in for the id while the URL's shape is built.
PLACEHOLDER = str(2**31 - 1)


def template_url_for(endpoint: str, **values: Any) -> str:
    """Flask's url_for, remembered for URLs that only depend on the endpoint (and one id)."""
    if endpoint.startswith(".") or not has_request_context():
        return url_for(endpoint, **values)
    if not values or (endpoint == "static" and len(values) == 1 and "filename" in values):
        key = (request.script_root, endpoint, values.get("filename"))
        found = _URLS.get(key)
        if found is None:
            found = keep(_URLS, key, url_for(endpoint, **values), URLS_MAX)
        return found
    if len(values) == 1:
        ((name, value),) = values.items()
        if type(value) is int and not name.startswith("_"):
            return _with_number(endpoint, name, value)
    return url_for(endpoint, **values)


def _with_number(endpoint: str, name: str, value: int) -> str:
    values: dict[str, Any] = {name: int(PLACEHOLDER)}
    key = (request.script_root, endpoint, name)
    around = _AROUND.get(key)
    if around is None:
        shape = url_for(endpoint, **values)
        if shape.count(PLACEHOLDER) != 1:
            return url_for(endpoint, **{**values, name: value})
        before, after = shape.split(PLACEHOLDER)
        around = keep(_AROUND, key, (before, after), URLS_MAX)
    return f"{around[0]}{value}{around[1]}"


def register_urls(app: Flask) -> None:
    from screening.widgets import fixed_form, fixed_label, fixed_widget

    app.jinja_env.globals["url_for"] = template_url_for
    app.jinja_env.globals["fixed_widget"] = fixed_widget
    app.jinja_env.globals["fixed_label"] = fixed_label
    app.jinja_env.globals["fixed_form"] = fixed_form
