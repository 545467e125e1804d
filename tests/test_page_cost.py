"""The hot pages stay cheap: bounded counting, a fixed number of queries, precomputed questions."""

from __future__ import annotations

import re

import pytest
from flask import Flask, url_for
from sqlalchemy import event, insert, select, update

from screening import screenings
from screening.db import db
from screening.forms import step_form
from screening.models import Screening, Share, User
from screening.urls import template_url_for
from screening.views.casework import listing
from screening.views.casework.questions import Choice, Question, _write, question_html
from tests.factories import create_user, user_id
from tests.flows import case_answers, post_step, start


def start_many(app: Flask, count: int) -> None:
    """Start screenings through the service, faster than through the pages."""
    with app.app_context():
        user = db.session.query(User).filter_by(email="sam@example.nl").one()
        instrument = app.extensions["instruments"].published()[-1]
        for number in range(count):
            screenings.start(db.session, user, instrument, case_reference=f"ALM-{number}",
                             municipality="Almelo", start_answers={})
        db.session.commit()


def test_the_list_counts_no_further_than_its_limit(app: Flask, professional,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    start_many(app, 5)
    monkeypatch.setattr(listing, "COUNT_LIMIT", 3)
    page = professional.get("/screenings").get_data(as_text=True)
    assert "Meer dan 3 screenings gevonden." in page
    monkeypatch.setattr(listing, "COUNT_LIMIT", 5)
    assert "5 screenings gevonden" in professional.get("/screenings").get_data(as_text=True)


def test_the_list_runs_the_same_few_queries_however_many_rows(app: Flask, professional) -> None:
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        if statement.split(None, 1)[0] in ("SELECT", "INSERT", "UPDATE", "DELETE"):
            statements.append(statement)  # not the test harness's savepoints

    event.listen(engine, "before_cursor_execute", seen)
    try:
        counts = []
        for more in (1, 24):
            start_many(app, more)
            statements.clear()
            assert professional.get("/screenings").status_code == 200
            counts.append(len(statements))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    # 6, plus the audit chain's two: its lock and the read of the last row (audit_chain.seal),
    # plus one: how many cases are due for a new screening this week.
    assert counts[0] == counts[1] <= 9, statements


def test_the_list_builds_its_statements_once_per_shape(app: Flask, professional) -> None:
    from screening import visibility

    start_many(app, 3)
    queries = ["", "?q=ALM&status=draft", "?sort=gestart&outcome=complex", "?status=unfinished"]

    def built() -> tuple[int, int]:
        return (visibility._rows_statement.cache_info().misses,
                visibility._count_statement.cache_info().misses)

    for query in queries:  # each shape built once
        assert professional.get("/screenings" + query).status_code == 200
    before = built()
    for query in queries * 2:
        assert professional.get("/screenings" + query).status_code == 200
    assert built() == before


def test_a_step_page_shows_stored_answers_and_typed_ones_after_a_refusal(professional) -> None:
    screening_id = start(professional)
    answers = case_answers("parallel")
    assert post_step(professional, screening_id, "context", answers).status_code == 302
    page = professional.get(f"/screenings/{screening_id}/stap/context").get_data(as_text=True)
    for item_id, value in answers.items():
        if f'name="q_{item_id}" type="radio"' in page:
            assert re.search(rf'<input checked id="q_{item_id}-\d+" name="q_{item_id}" type="radio" '
                             rf'value="{re.escape(str(value))}">', page), item_id
        elif f'name="q_{item_id}" type="number"' in page:
            assert re.search(rf'name="q_{item_id}" type="number" value="{value}"', page), item_id
    refused = post_step(professional, screening_id, "context", {**answers, "children_count": "twee"})
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert 'aria-invalid="true" id="q_children_count"' in html
    assert 'value="twee"' in html


def test_the_kept_words_of_a_step_page_follow_the_language(professional) -> None:
    screening_id = start(professional)
    page = f"/screenings/{screening_id}/stap/patterns"
    dutch = professional.get(page).get_data(as_text=True)
    assert ">Volgende</button>" in dutch and ">Opslaan en later verder</button>" in dutch
    assert "Kies 'Onbekend' als je iets niet weet." in dutch  # as the template wrote it
    professional.get(f"{page}?lang=en")
    english = professional.get(page).get_data(as_text=True)
    assert ">Next</button>" in english and "Volgende" not in english
    professional.get(f"{page}?lang=nl")
    assert ">Vorige</button>" in professional.get(page).get_data(as_text=True)


def test_question_markup_escapes_every_text_it_writes(app: Flask) -> None:
    hostile = '"><script>alert(1)</script>'
    text = Question(item_id="x", name="q_x", kind="text", label=hostile, description=hostile,
                    essential=False, max_length=10)
    radio = Question(item_id="y", name="q_y", kind="radio", label=hostile, description="",
                     essential=True, choices=(Choice("q_y-0", "a", hostile), Choice("q_y-1", "b", "B")))
    with app.test_request_context():
        pages = [str(question_html(text, hostile, [hostile])),
                 str(question_html(radio, "b", [hostile], hidden=True))]
    for html in pages:
        assert "<script>" not in html and '"><' not in html
        assert "&lt;script&gt;" in html
    assert 'aria-invalid="true" id="q_x" maxlength="10" name="q_x" type="text"' in pages[0]
    assert '<input checked id="q_y-1" name="q_y" type="radio" value="b">' in pages[1]
    assert '<input id="q_y-0" name="q_y" type="radio" value="a">' in pages[1]
    assert 'data-item="y" hidden aria-describedby="q_y-error"' in pages[1]


def test_choice_questions_written_once_per_option_are_written_as_with_errors_aside(
        app: Flask) -> None:
    radio = Question(item_id="y", name="q_y", kind="radio", label="Vraag <y>", description="Uitleg",
                     essential=True, choices=(Choice("q_y-0", "a", "A"), Choice("q_y-1", "b", "B")))
    with app.test_request_context():
        for hidden in (False, True):
            for value in ("", "a", "b"):
                assert question_html(radio, value, hidden=hidden) == _write(radio, value, (), hidden)
            # A value that is no option (a refused post) checks none, as when it is written.
            assert question_html(radio, "zz", hidden=hidden) == _write(radio, "zz", (), hidden)
            assert " checked" not in question_html(radio, "zz", hidden=hidden)


def test_step_forms_copy_their_fields_and_share_no_data(app: Flask,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    section = app.extensions["instruments"].published()[-1].sections[0]
    item = next(i for i in section.items if i.type in ("choice", "yesno"))
    name, code = f"q_{item.id}", item.options[0].code
    with app.test_request_context("/", method="POST", data={name: code, "lock_version": "3"}):
        first = step_form(section, "nl")
        assert first.validate() and first[name].data == code
    with app.test_request_context("/", method="POST", data={name: "bestaat-niet", "lock_version": ""}):
        second = step_form(section, "nl")
        assert not second.validate()
        assert second[name].errors and second.lock_version.errors
        assert second[name] is not first[name] and second[name]._form is second
        assert second[name].errors is not first[name].errors
    assert first[name].data == code and not first[name].errors and not first.lock_version.errors
    originals = [original for _name, unbound in type(first)._unbound_fields
                 for original in unbound.__dict__.get("_kept_fields", {}).values()]
    assert originals
    for original in originals:  # what is kept holds no form and nothing that was sent
        assert original._form is None and "data" not in original.__dict__


def test_remembered_links_are_the_links_flask_builds(app: Flask) -> None:
    calls = [("static", {"filename": "css/app.css"}), ("casework.index", {}),
             ("casework.show", {"screening_id": 7}), ("casework.result", {"screening_id": 12345}),
             ("casework.case", {"case_reference": "ALM 1/2"}),
             ("casework.index", {"pagina": 2, "q": "a&b"})]
    for script_root in ("", "/app"):
        with app.test_request_context("/", environ_base={"SCRIPT_NAME": script_root}):
            for _ in range(2):  # built, then remembered
                for endpoint, values in calls:
                    assert template_url_for(endpoint, **values) == url_for(endpoint, **values)


def test_the_list_rows_link_as_flask_does(app: Flask) -> None:
    from screening.views.casework.list_rows import Writer

    references = ["ALM-1", "ALM 1/2", "a&b?c=d#e", "<b>'\"%20", "REFERENCE", "ü/ß", ".."]
    for script_root in ("", "/app"):
        with app.test_request_context("/", environ_base={"SCRIPT_NAME": script_root}):
            writer = Writer.for_request(1, "nl")
            for reference in references:
                assert writer.case_url(reference) == url_for("casework.case",
                                                              case_reference=reference)
            show = writer.words.show
            assert f"{show[0]}42{show[1]}" == url_for("casework.show", screening_id=42)


def test_the_list_rows_escape_every_value_they_write(app: Flask, organisation_id: int,
                                                    professional) -> None:
    hostile = '<script>x</script>"\'&'
    colleague = create_user(app, organisation_id, "kim@example.nl", name=hostile)
    start_many(app, 2)
    with app.app_context():
        own, theirs = db.session.scalars(select(Screening.id).order_by(Screening.id)).all()
        db.session.execute(update(Screening).where(Screening.id == own).values(
            case_reference=hostile))
        db.session.execute(update(Screening).where(Screening.id == theirs).values(
            owner_id=colleague, case_reference=hostile + "2"))
        db.session.execute(insert(Share).values(screening_id=theirs, user_id=user_id(
            app, "sam@example.nl"), shared_by_id=colleague))
        db.session.commit()
    page = professional.get("/screenings").get_data(as_text=True)
    assert "<script>" not in page and '"\'&' not in page
    escaped = "&lt;script&gt;x&lt;/script&gt;&#34;&#39;&amp;"
    assert page.count(escaped) == 4  # own: link and hidden text; shared: link and owner
    assert 'href="/casussen/%3Cscript%3Ex%3C/script%3E%22\'&amp;">casus' in page.replace(
        "&#39;", "'")


def test_the_list_filters_show_what_was_chosen_and_what_was_typed(app: Flask, professional) -> None:
    page = professional.get("/screenings?safety=concern&status=%3Cx%3E").get_data(as_text=True)
    assert '<option selected value="concern">' in page
    assert "<x>" not in page  # a value that is no choice goes through WTForms, escaped
    assert '<option selected value="concern">' not in professional.get("/screenings").get_data(
        as_text=True)
    # An empty search or day field is written once; a typed one each time, and never kept.
    for _ in range(2):
        empty = professional.get("/screenings?q=&date_from=").get_data(as_text=True)
        assert 'name="q" type="search" value=""' in empty
        assert 'id="date_from" name="date_from" type="date" value=""' in empty
        typed = professional.get("/screenings?q=ab%22c&date_from=2026-01-02").get_data(as_text=True)
        assert 'name="q" type="search" value="ab&#34;c"' in typed
        assert 'name="date_from" type="date" value="2026-01-02"' in typed
