"""Any text a person can type into a note, case reference or organisation renders."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.pdf import render_summary
from screening.pdf.text import clean_text, to_markup

from .conftest import MakeSummary

# Everything Python strings can hold, lone surrogates included: the renderer cleans them.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)
MARKUPISH = st.text(st.sampled_from(list("<>&;#/\"'=abpimg x\n\t\r\x00\x0c")), max_size=80)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=st.one_of(ANY_TEXT, MARKUPISH), reference=ANY_TEXT, organisation=ANY_TEXT,
       reason=st.one_of(st.none(), ANY_TEXT), draft=st.booleans())
def test_render_never_raises(make_summary: MakeSummary, note: str, reference: str,
                             organisation: str, reason: str | None, draft: bool) -> None:
    summary = make_summary(notes={"child": note, "": note}, case_reference=reference,
                           organisation=organisation, draft=draft, judgement="other",
                           chosen_tier="watch", judgement_reason=reason)
    assert render_summary(summary).startswith(b"%PDF-")


@given(st.one_of(ANY_TEXT, MARKUPISH))
def test_markup_has_no_tags_but_breaks(text: str) -> None:
    markup = to_markup(text).replace("<br/>", "")
    markup = markup.replace('<font face="Summary-Fallback">', "").replace("</font>", "")
    assert "<" not in markup and ">" not in markup


@given(ANY_TEXT)
def test_clean_text_keeps_printable_text(text: str) -> None:
    cleaned = clean_text(text)
    cleaned.encode("utf-8")  # no lone surrogates left
    assert all(ch == "\n" or ord(ch) >= 0x20 for ch in cleaned)
