"""The PDF's quick paths change nothing: kept broken lines and the font's quick encoding."""

from __future__ import annotations

from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.ttfonts import TTFont

from screening.pdf import render_summary, styles
from screening.pdf.text import VERA_DIR, _Font

from .conftest import MakeSummary, flat, text_of


def test_kept_lines_print_the_same_bytes(make_summary: MakeSummary) -> None:
    styles._LINES.clear()
    cold = render_summary(make_summary("complex"))
    assert styles._LINES  # the questions, options and labels are kept now
    render_summary(make_summary("acuut_gevaar", language="en", draft=True))
    assert render_summary(make_summary("complex")) == cold


def test_a_professionals_note_is_not_kept(make_summary: MakeSummary) -> None:
    note = "Een eigen aantekening die maar in één samenvatting staat, nummer 4711."
    printed = render_summary(make_summary("complex", notes={"child": note}))
    assert note in flat(text_of(printed))  # it is printed, so it could have been kept
    assert not any(note in key[0] for key in styles._LINES)


def test_quick_encoding_gives_the_codes_reportlab_gives() -> None:
    texts = ["Veiligheid", "Gesprek met moeder", "coördinator geïnformeerd", "a\u00a0b", "",
             "Привет", "Veiligheid", "ř en ß", "Gesprek met moeder", "!@#$%^&*()" * 30]
    quick, plain = _Font("Quick", str(VERA_DIR / "Vera.ttf")), TTFont("Plain",
                                                                       str(VERA_DIR / "Vera.ttf"))
    every = "".join(chr(code) for code in sorted(plain.face.charToGlyph))  # past one subset
    texts += [every, every[::-1], "Veiligheid"]
    quick_doc, plain_doc = PDFDocument(), PDFDocument()
    for text in texts:
        assert quick.splitString(text, quick_doc) == plain.splitString(text, plain_doc), text


def test_printing_again_keeps_nothing_more(make_summary: MakeSummary) -> None:
    """Nothing kept per style or per line grows with each summary printed (the soak's memory)."""
    styles._LINES.clear()  # below its cap (_LINES_KEPT), or a leak would not show as growth
    render_summary(make_summary("acuut_gevaar", case_reference="A-1", draft=True))
    fragments, lines = styles._fragment.cache_info().currsize, len(styles._LINES)
    for number in range(2, 6):
        render_summary(make_summary("acuut_gevaar", case_reference=f"A-{number}", draft=True))
    assert styles._fragment.cache_info().currsize == fragments
    assert len(styles._LINES) == lines
