"""Values people type reach the pages escaped exactly once, also where Python writes the markup.

The list's rows, the step page's questions, the result page's judgement fields and the page
chrome are written by functions and partly kept as markup (see SECURITY.md). A value with
every character HTML cares about must come out as text: never as markup, never escaped twice.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from screening.db import db
from screening.models import Screening, Share
from tests.factories import create_user, log_in, user_id
from tests.flows import start

HOSTILE = "<script>x</script>&\"'"
ESCAPED = "&lt;script&gt;x&lt;/script&gt;&amp;&#34;&#39;"


def assert_escaped_once(html: str, times: int = 1) -> None:
    assert "<script>x" not in html
    assert "&amp;lt;" not in html and "&amp;#" not in html, "escaped twice"
    assert html.count(ESCAPED) >= times, html


def hostile_screening(app: Flask, screening_id: int, *, owner: int | None = None,
                      shared_with: int | None = None) -> None:
    """Give a screening a hostile case reference, note, reason and (optionally) owner."""
    with app.app_context():
        screening = db.session.get(Screening, screening_id)
        screening.case_reference = HOSTILE
        screening.notes = {"context": HOSTILE}
        screening.judgement, screening.judgement_reason = "other", HOSTILE
        screening.chosen_tier = "complex"
        if owner is not None:
            screening.owner_id = owner
            db.session.add(Share(screening_id=screening_id, user_id=shared_with, shared_by_id=owner))
        db.session.commit()


def test_list_rows_escape_reference_and_owner_name(app: Flask, organisation_id: int,
                                                   professional: FlaskClient) -> None:
    mine = start(professional, "ALM-1")
    theirs = start(professional, "ALM-2")
    other = create_user(app, organisation_id, "kim@example.nl", name=HOSTILE)
    sam = user_id(app, "sam@example.nl")
    hostile_screening(app, mine)
    hostile_screening(app, theirs, owner=other, shared_with=sam)
    html = professional.get("/screenings").get_data(as_text=True)
    # Both references, the hidden one of the case link, and the other owner's name.
    assert_escaped_once(html, times=4)
    # The case link quotes the reference in the URL, escaped for the attribute.
    assert 'href="/casussen/%3Cscript%3Ex%3C/script%3E&amp;%22&#39;"' in html


def test_step_page_escapes_reference_and_note(app: Flask,
                                                           professional: FlaskClient) -> None:
    screening_id = start(professional, "ALM-1")
    hostile_screening(app, screening_id)
    html = professional.get(f"/screenings/{screening_id}/stap/context").get_data(as_text=True)
    assert_escaped_once(html, times=2)


def test_result_page_escapes_reference_and_reason(app: Flask, professional: FlaskClient) -> None:
    screening_id = start(professional, "ALM-1")
    hostile_screening(app, screening_id)
    for _ in range(2):  # written, then from what was kept
        response = professional.get(f"/screenings/{screening_id}/uitkomst")
        assert response.status_code == 200
        assert_escaped_once(response.get_data(as_text=True), times=2)


def test_search_term_is_escaped_in_the_filter_form(professional: FlaskClient) -> None:
    html = professional.get("/screenings", query_string={"q": HOSTILE[:30]}).get_data(as_text=True)
    assert_escaped_once(html)


def test_kept_markup_never_carries_one_users_values_to_another(app: Flask, organisation_id: int,
                                                               professional: FlaskClient) -> None:
    screening_id = start(professional, "ALM-1")
    hostile_screening(app, screening_id)
    professional.get(f"/screenings/{screening_id}/uitkomst")
    professional.get("/screenings", query_string={"q": "ALM"})
    create_user(app, organisation_id, "kim@example.nl", name="Kim")
    kim = app.test_client()
    assert log_in(kim, "kim@example.nl").status_code == 302
    for page in ("/screenings", "/screenings/nieuw", "/screenings?q="):
        html = kim.get(page).get_data(as_text=True)
        assert ESCAPED not in html and "Sam de Vries" not in html
