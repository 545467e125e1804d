"""Any text a person can type into a note, case reference or organisation renders."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.pdf import render_letter, render_summary
from screening.pdf.text import clean_text, to_markup
from screening.summary import Contact
from screening.summary.letter import build_letter

from .conftest import SCREENED_AT, MakeSummary, gettext_for, text_of

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


CONTACT_TEXT = st.one_of(ANY_TEXT, MARKUPISH)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=CONTACT_TEXT, phone=CONTACT_TEXT, website=CONTACT_TEXT, note=CONTACT_TEXT,
       tier=st.sampled_from(["ordinary", "watch", "complex", "insufficient"]))
def test_contacts_never_break_summary_or_letter(make_summary: MakeSummary, name: str, phone: str,
                                                website: str, note: str, tier: str) -> None:
    contact = Contact("wijkteam", "", name=name, phone=phone, website=website, note=note)
    known = {"wijkteam": contact, "veilig_thuis": contact}
    summary = make_summary("getuige_geweld_eenmalig", contacts=known)
    assert render_summary(summary).startswith(b"%PDF-")
    letter = build_letter(tier=tier, route_kinds=("wijkteam",), contacts=known,
                          dutch=gettext_for("nl"), english=gettext_for("en"),
                          moment=SCREENED_AT, sender=name)
    assert render_letter(letter).startswith(b"%PDF-")


def test_contact_markup_prints_literally(make_summary: MakeSummary) -> None:
    hostile = '<img src="http://127.0.0.1:9/x.png"/> <b>vet</b> & co'
    contact = Contact("wijkteam", "", name=hostile, phone="<i>1</i>", note="</para>")
    summary = make_summary("complex", contacts={"wijkteam": contact})
    text = " ".join(text_of(render_summary(summary)).split())
    assert f"Wijkteam of CJG: {hostile} · <i>1</i>" in text and "</para>" in text
    letter = build_letter(tier="complex", route_kinds=(), contacts={"wijkteam": contact},
                          dutch=gettext_for("nl"), english=gettext_for("en"),
                          moment=SCREENED_AT, sender="<b>Anna</b>")
    letter_text = " ".join(text_of(render_letter(letter)).split())
    assert hostile in letter_text and "<b>Anna</b>" in letter_text
