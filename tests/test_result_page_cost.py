"""The result page's kept markup is what its form and templates write, and keeps no one's words."""

from __future__ import annotations

from flask import Flask

from screening.models import Screening
from screening.views.casework import judgement
from screening.views.casework.forms import JudgementForm

HOSTILE = '"><script>alert(1)</script> & 100%'


def test_kept_judgement_fields_are_what_the_form_writes_and_hold_no_reason(app: Flask) -> None:
    with app.test_request_context():
        for code, tier in ((None, None), ("agree", None), ("other", "complex"), ("other", None)):
            screening = Screening(judgement=code, chosen_tier=tier, judgement_reason=HOSTILE,
                                  lock_version=3)
            kept = judgement.for_screening(screening)
            form = JudgementForm(data={"judgement": code, "chosen_tier": tier or "",
                                       "reason": HOSTILE, "lock_version": "3"})
            assert kept == judgement.from_form(form)
            assert "<script>" not in kept.fields and "&lt;script&gt;" in kept.fields
            assert (' checked id="judgement-1"' in kept.fields) == (code == "other")
    kept_parts = [part for parts in judgement._KEPT.values() for part in parts]
    assert kept_parts and not any("alert" in part for part in kept_parts)


def test_template_gettext_marks_messages_safe_and_escapes_values_as_jinja_does(app: Flask) -> None:
    template = app.jinja_env.from_string(
        '{{ _("Casus") }}|{{ _("100%%") }}|{{ _("Casus %(ref)s", ref=ref) }}|{{ gettext("Casus") }}')
    with app.test_request_context():
        assert template.render(ref="<b>") == "Casus|100%|Casus &lt;b&gt;|Casus"
