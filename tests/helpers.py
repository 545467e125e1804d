"""Helpers for tests that post forms with CSRF protection on, as a browser does."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, page: str) -> str:
    """GET a page and return the CSRF token of its first form."""
    response = client.get(page)
    match = TOKEN.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {page} (status {response.status_code})"
    return match.group(1)


def submit(
    client: FlaskClient, page: str, data: dict[str, Any], action: str | None = None,
    **kwargs: Any,
) -> TestResponse:
    """Post a form the way a browser does: with the token from the page it sits on."""
    token = csrf_token(client, page)
    return client.post(action or page, data={"csrf_token": token, **data}, **kwargs)


def text_of(response: TestResponse) -> str:
    return response.get_data(as_text=True)
