"""Every old path answers 308 with its new, Dutch path, for every method it knew."""

from __future__ import annotations

import re

import pytest
from flask import Flask, url_for

from screening.views.old_paths import OLD_RULES

SAMPLES = {"token": "abc-123", "screening_id": "7", "case_reference": "ALM-2026-001", "user_id": "3"}


def filled(rule: str) -> tuple[str, dict[str, str]]:
    """The rule with sample values in its variables, and those values by name."""
    names = re.findall(r"<(?:\w+:)?(\w+)>", rule)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLES[m.group(1)], rule)
    return path, {name: SAMPLES[name] for name in names}


@pytest.mark.parametrize(("rule", "methods", "endpoint"), OLD_RULES, ids=[r[0] for r in OLD_RULES])
def test_old_path_moves_permanently(app: Flask, rule: str, methods: tuple[str, ...],
                                    endpoint: str) -> None:
    path, values = filled(rule)
    with app.test_request_context():
        new = url_for(endpoint, **{k: int(v) if v.isdigit() else v for k, v in values.items()})
    assert new != path, "an old path must differ from its new one"
    client = app.test_client()
    for method in methods:
        response = client.open(path, method=method)
        assert response.status_code == 308, (method, path)
        assert response.headers["Location"] == new
    # The query string travels along (filters, pages).
    if "GET" in methods:
        assert client.get(path + "?pagina=2").headers["Location"] == new + "?pagina=2"


def test_every_page_path_is_dutch(app: Flask) -> None:
    """No English path segment is left, except the product's word 'screenings' and healthz."""
    english = {"new", "cases", "export", "summary.pdf", "accounts", "login", "logout", "setup",
               "reset", "audit", "export.csv", "active"}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("old_paths.") or rule.endpoint == "static":
            continue
        segments = set(re.sub(r"<[^>]+>", "", rule.rule).strip("/").split("/"))
        assert not segments & english, rule.rule
