"""Links in templates, built once: a page links the same static files and menus every time.

Flask's url_for costs some 10 us; the step page has thirteen of them. Only URLs without
values of their own (a static file's name aside) are kept, per script root, which is the
one part of the request they depend on. Anything else goes to Flask's url_for.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, has_request_context, request, url_for

_URLS: dict[tuple[str, str, str | None], str] = {}
URLS_MAX = 512


def template_url_for(endpoint: str, **values: Any) -> str:
    """Flask's url_for, remembered for URLs that only depend on the endpoint."""
    filename = values.get("filename") if endpoint == "static" else None
    if (len(values) != (filename is not None) or endpoint.startswith(".")
            or not has_request_context()):
        return url_for(endpoint, **values)
    key = (request.script_root, endpoint, filename)
    found = _URLS.get(key)
    if found is None:
        found = url_for(endpoint, **values)
        if len(_URLS) >= URLS_MAX:
            _URLS.clear()
        _URLS[key] = found
    return found


def register_urls(app: Flask) -> None:
    app.jinja_env.globals["url_for"] = template_url_for
