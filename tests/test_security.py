"""Headers, hostile requests, an unreachable database, and no unescaped user data in templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO, dispose, make_app
from tests.flows import answer_all, case_answers, start
from tests.helpers import csrf_token, text_of


def test_security_headers_on_every_page(client, professional) -> None:
    for response in (client.get("/inloggen"), professional.get("/screenings"),
                     professional.get("/bestaat-niet")):
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "object-src 'none'" in csp
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "camera=()" in headers["Permissions-Policy"]
        assert headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" not in headers


def test_static_files_may_be_cached_but_pdfs_may_not(professional) -> None:
    with professional.get("/static/css/app.css") as response:
        assert response.headers.get("Cache-Control") != "no-store"
    screening_id = start(professional)
    response = professional.get(f"/screenings/{screening_id}/samenvatting.pdf")
    assert response.headers["Cache-Control"] == "no-store"


def test_hsts_over_https(client) -> None:
    response = client.get("/inloggen", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_production_cookies_are_secure(database_url: str, tmp_path: Path) -> None:
    app = make_app(database_url, tmp_path, PRODUCTION=True, SINGLE_PROCESS=True)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    dispose(app)


def test_database_down_gives_a_dutch_503_with_retry_after(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.sqlite3'}", tmp_path)
    response = app.test_client().get("/inloggen")
    assert response.status_code == 503
    assert "Tijdelijk niet beschikbaar" in text_of(response)
    assert response.headers["Retry-After"].isdigit()
    dispose(app)


def test_wrong_content_type_and_broken_bodies_get_4xx(client, professional) -> None:
    assert client.post("/inloggen", json={"email": "a", "password": "b"}).status_code == 400
    broken = professional.post(
        "/screenings/nieuw", data=b"--xx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb",
        content_type="multipart/form-data; boundary=xx")
    assert 400 <= broken.status_code < 500
    bad_encoding = professional.post(
        "/screenings/nieuw", data=b"case_reference=%ff%fe&csrf_token=x",
        content_type="application/x-www-form-urlencoded")
    assert 400 <= bad_encoding.status_code < 500


def test_every_text_field_has_a_length_limit(professional) -> None:
    token = csrf_token(professional, "/screenings/nieuw")
    response = professional.post("/screenings/nieuw", data={
        "csrf_token": token, "case_reference": "A" * 5000, "municipality": "Almelo",
        "instrument": "vroegsignalering-complexe-scheiding@1.0"})
    assert response.status_code == 400
    assert "Gebruik 2 tot 40 letters" in text_of(response) or "40" in text_of(response)
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("parallel"))
    page = f"/screenings/{screening_id}/stap/context"
    html = text_of(professional.get(page))
    data = dict(re.findall(r'name="(csrf_token|lock_version|hidden_items)"[^>]*value="([^"]*)"', html))
    response = professional.post(page, data={**data, "note": "x" * 2001, "action": "next"})
    assert response.status_code == 400
    assert "hoogstens 2000 tekens" in text_of(response)


TEMPLATES = REPO / "screening" / "templates"
SOURCES = REPO / "screening"


# The modules that write markup in Python (hot paths, issue 16): the question pages, the
# list's rows and the result page's lists escape every value and message themselves, as
# tests/test_page_cost.py and tests/test_result_page_cost.py check;
# the kept page chrome and kept forms (widgets) are markup the autoescaping templates
# rendered, the chrome with the escaped CSRF token put in. The templates' gettext marks the
# catalogue's own messages safe, as Jinja's does, and formats the values into them escaped.
WRITES_MARKUP = frozenset({"screening/views/casework/questions.py", "screening/chrome.py",
                           "screening/views/casework/list_rows.py", "screening/i18n.py",
                           "screening/widgets.py", "screening/views/casework/result_lists.py"})


@pytest.mark.parametrize("pattern", [r"\|\s*safe\b", r"\bMarkup\(", r"render_template_string",
                                     r"autoescape\s+false"])
def test_nothing_marks_user_data_as_safe(pattern: str) -> None:
    offenders = [str(path.relative_to(REPO))
                 for path in [*TEMPLATES.rglob("*.html"), *SOURCES.rglob("*.py")]
                 if re.search(pattern, path.read_text(encoding="utf-8"))
                 and str(path.relative_to(REPO)) not in WRITES_MARKUP]
    assert offenders == [], f"{pattern} found in {offenders}"
