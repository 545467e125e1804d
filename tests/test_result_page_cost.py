"""The result page's kept markup is what its form and templates write, and keeps no one's words."""

from __future__ import annotations

from flask import Flask

from screening.db import db
from screening.models import Screening
from screening.summary.data import DomainLine
from screening.views.casework import result_forms
from screening.views.casework.forms import JudgementForm, RescreenForm
from screening.views.casework.result_lists import domain_bars, questions_to_find_out
from tests.flows import answer_all, case_answers, judge_and_finalise, start

HOSTILE = '"><script>alert(1)</script> & 100%'


def test_kept_judgement_fields_are_what_the_form_writes_and_hold_no_reason(app: Flask) -> None:
    with app.test_request_context():
        for code, tier in ((None, None), ("agree", None), ("other", "complex"), ("other", None)):
            screening = Screening(judgement=code, chosen_tier=tier, judgement_reason=HOSTILE,
                                  lock_version=3)
            kept = result_forms.for_screening(screening)
            form = JudgementForm(data={"judgement": code, "chosen_tier": tier or "",
                                       "reason": HOSTILE, "lock_version": "3"})
            assert kept == result_forms.from_form(form)
            assert "<script>" not in kept.fields and "&lt;script&gt;" in kept.fields
            assert (' checked id="judgement-1"' in kept.fields) == (code == "other")
    kept_parts = [part for parts in result_forms._KEPT.values() for part in parts]
    assert kept_parts and not any("alert" in part for part in kept_parts)


def test_template_gettext_marks_messages_safe_and_escapes_values_as_jinja_does(app: Flask) -> None:
    template = app.jinja_env.from_string(
        '{{ _("Casus") }}|{{ _("100%%") }}|{{ _("Casus %(ref)s", ref=ref) }}|{{ gettext("Casus") }}')
    with app.test_request_context():
        assert template.render(ref="<b>") == "Casus|100%|Casus &lt;b&gt;|Casus"


def test_the_date_field_of_a_final_screening_is_what_wtforms_writes(app: Flask, professional) -> None:
    screening_id = start(professional)
    answer_all(professional, screening_id, case_answers("complex"))
    judge_and_finalise(professional, screening_id)
    page = professional.get(f"/screenings/{screening_id}/uitkomst").get_data(as_text=True)
    with app.app_context():
        day = db.session.get(Screening, screening_id).rescreen_on
    assert day is not None
    with app.test_request_context():
        form = RescreenForm(meta={"csrf": False}, data={"rescreen_on": day})
        written = form.rescreen_on(type="date", **{"aria-describedby": "rescreen_on-hint"})
        assert result_forms.field_texts(RescreenForm, "rescreen_on") == result_forms.FieldTexts(
            str(form.rescreen_on.label.text), str(form.rescreen_on.description))
    assert str(written) in page and day.isoformat() in str(written)


def test_the_result_lists_escape_every_value() -> None:
    bars = domain_bars([DomainLine("x", HOSTILE, 2, 6), DomainLine("y", "Kind", 0, 0)])
    assert "<script>" not in bars and "&lt;script&gt;" in bars
    assert 'max="6" low="2.0" high="4.0"' in bars and 'value="2">2 / 6</meter>' in bars
    assert 'max="1" low="0.3333333333333333"' in bars and "<span>0 / 0</span>" in bars
    questions = questions_to_find_out([HOSTILE, "Vraag"], [HOSTILE], "<kan>")
    assert questions == ("<li>&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; 100%"
                         " <strong>&lt;kan&gt;</strong></li><li>Vraag</li>")
