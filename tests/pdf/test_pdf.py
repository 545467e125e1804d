"""The printed summary: parse the PDF back and check its content, order and safety."""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import sys
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from screening.pdf import render_summary
from screening.pdf_text import registered_fonts

from .conftest import (
    CASE_REFERENCE,
    MELDCODE_STEPS,
    ORGANISATION,
    REPO,
    SCREENED_AT,
    MakeSummary,
    flat,
    text_of,
)

ACUTE_LINE = "Acuut gevaar: meld nu bij Veilig Thuis"
DIACRITICS = ("coördinator", "geïnformeerd", "financiële", "één")


def assert_in_order(text: str, phrases: list[str]) -> None:
    """Assert that every phrase occurs in text, each after the one before it."""
    start = 0
    for phrase in phrases:
        assert phrase in text, f"{phrase!r} is not in the PDF"
        found = text.find(phrase, start)
        assert found >= 0, f"{phrase!r} does not come after the phrase before it"
        start = found + len(phrase)


def test_sections_in_order(make_summary: MakeSummary) -> None:
    summary = make_summary("acuut_gevaar", notes={"help": "Eerdere hulp onbekend."},
                           judgement="other", chosen_tier="complex", judgement_reason="Ken ze.")
    text = flat(text_of(render_summary(summary)))
    order = [
        "Vroegsignalering complexe scheiding — samenvatting", ORGANISATION, CASE_REFERENCE,
        "15-03-2024 10:30", "Schoolmaatschappelijk werker", f"versie 1.0 ({summary.short_hash})",
        "Veiligheid eerst", ACUTE_LINE, summary.routes[0].title, summary.routes[0].steps[0],
        MELDCODE_STEPS[0], MELDCODE_STEPS[4],
        "Signalen over veiligheid", summary.safety_reasons[0].text,
        "Uitkomst", "Vinger aan de pols", "Ouderschap: Nog niet duidelijk", "vragen beantwoord",
        "Scores per onderdeel", "Hoe gaat het met het kind?", "Heeft iemand met het kind zelf",
        "Nog uitzoeken", "Voorgestelde route", summary.routes[1].title,
        "Jouw professionele oordeel", "Je koos een andere uitkomst: Complexe scheiding",
        "Ken ze.", "Aantekeningen", "Eerdere hulp onbekend.", "Alle antwoorden", "Vraag",
        "Antwoord", "Let op", summary.disclaimer[:60],
    ]
    assert_in_order(text, order)


def test_no_safety_part_when_none(complex_pdf: bytes, make_summary: MakeSummary) -> None:
    text = flat(text_of(complex_pdf))
    assert make_summary("complex").safety == "none"
    for absent in ["Veiligheid eerst", ACUTE_LINE, *MELDCODE_STEPS, "Signalen over veiligheid"]:
        assert absent not in text
    assert "Veiligheid: Geen signalen over veiligheid" in text
    assert "Complexe scheiding" in text and "Conflictueus ouderschap" in text


def test_concern_has_meldcode_without_acute_line(make_summary: MakeSummary) -> None:
    summary = make_summary("getuige_geweld_eenmalig")
    assert summary.safety == "concern"
    text = flat(text_of(render_summary(summary)))
    # The instrument's own Meldcode route, in the safety box, once; not the generic copy.
    meldcode = summary.routes[0]
    assert meldcode.safety and len(meldcode.steps) >= 5
    assert_in_order(text, ["Veiligheid eerst", "Zorg over veiligheid", meldcode.title,
                           *meldcode.steps, "Uitkomst"])
    assert text.count(meldcode.steps[0][:40]) == 1
    assert MELDCODE_STEPS[0] not in text
    assert ACUTE_LINE not in text
    assert text.index("Veiligheid eerst") < text.index("Uitkomst")
    assert text.index(summary.routes[0].title) < text.index(summary.routes[1].title)


def test_acute_line_and_flags(acute_pdf: bytes, make_summary: MakeSummary) -> None:
    summary = make_summary("acuut_gevaar")
    text = flat(text_of(acute_pdf))
    before = text.index("Uitkomst")
    assert text.index(ACUTE_LINE) < before
    for reason in summary.safety_reasons:
        assert text.index(reason.text) < before
        for line in reason.answers:
            assert f"{line.question}: {line.answer}" in text


def test_reasons_domains_and_routes_printed(complex_pdf: bytes, make_summary: MakeSummary) -> None:
    summary = make_summary("complex")
    text = flat(text_of(complex_pdf))
    for reason in summary.reasons:
        assert reason.text in text
        for line in reason.answers:
            assert f"{line.question}: {line.answer}" in text
    for domain in summary.domains:
        assert domain.title in text and f"{domain.score} / {domain.max}" in text
    route = summary.routes[0]
    for phrase in [route.title, route.why, *route.steps, *route.avoid, "Stappen", "Doe dit niet"]:
        assert flat(phrase) in text


def test_all_shown_answers_and_unknown_marked(make_summary: MakeSummary) -> None:
    summary = make_summary("bijna_niets_bekend")
    text = flat(text_of(render_summary(summary)))
    lines = [line for section in summary.sections for line in section.lines]
    assert any(line.unknown for line in lines)
    for line in lines:
        assert flat(line.question) in text and line.answer in text
    for question in summary.to_find_out:
        assert flat(question) in text


def test_judgement_variants(make_summary: MakeSummary) -> None:
    agreed = flat(text_of(render_summary(make_summary(judgement="agree"))))
    assert "Je was het eens met de uitkomst." in agreed
    none = flat(text_of(render_summary(make_summary(judgement=None))))
    assert "Je hebt nog geen oordeel gegeven." in none


def test_long_screening_flows_over_pages(make_summary: MakeSummary) -> None:
    words = " ".join(f"zin{n} over het gezin en de school." for n in range(900))
    notes = {"context": words, "child": "kort\n" * 200 + "EINDE-VAN-HET-KIND", "help": words,
             "network": "x" * 6000 + " SLOTWOORD"}
    data = render_summary(make_summary("complex", notes=notes))
    reader = PdfReader(BytesIO(data))
    assert len(reader.pages) > 3
    text = flat(text_of(data))
    for last in ["zin899 over het gezin en de school.", "EINDE-VAN-HET-KIND", "SLOTWOORD"]:
        assert last in text
    assert text.count("zin450 over") == 2


def _images(data: bytes) -> list[Any]:
    found = []
    for page in PdfReader(BytesIO(data)).pages:
        xobjects = page["/Resources"].get("/XObject")
        if xobjects is not None:
            found += [x for x in xobjects.get_object().values()
                      if x.get_object().get("/Subtype") == "/Image"]
    return found


def test_markup_prints_literally_and_fetches_nothing(make_summary: MakeSummary) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.setblocking(False)
        url = f"http://127.0.0.1:{server.getsockname()[1]}/x.png"
        hostile = [f'<img src="{url}"/>', '<img src="http://127.0.0.1:9/x.png">', "<para>",
                   "</b>", "a < b & c > d", "&amp;", "&#60;", '<font size="80">groot</font>']
        note = " ".join(hostile)
        summary = make_summary(notes={"child": note}, case_reference="<b>C&1</b>",
                               organisation="<para>Org & co</para>",
                               judgement="other", chosen_tier="watch", judgement_reason=note)
        data = render_summary(summary)
        with pytest.raises(BlockingIOError):
            server.accept()  # nobody connected: ReportLab fetched no image
    text = flat(text_of(data))
    for piece in hostile + ["<b>C&1</b>", "<para>Org & co</para>"]:
        assert piece in text
    assert _images(data) == []


def test_dutch_diacritics_survive(make_summary: MakeSummary) -> None:
    reason = "De coördinator is geïnformeerd over één financiële zorg."
    data = render_summary(make_summary(judgement="other", chosen_tier="watch",
                                       judgement_reason=reason, notes={"help": "Ж ř ğ ş"}))
    text = flat(text_of(data))
    for word in DIACRITICS:
        assert word in text
    assert "ğ ş" in text  # Vera has these; the rest needs the system's DejaVu
    if registered_fonts().fallback:
        assert "Ж ř ğ ş" in text


def testregistered_fonts_are_embedded(complex_pdf: bytes) -> None:
    fonts = {}
    for page in PdfReader(BytesIO(complex_pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts and all("Vera" in name or "DejaVu" in name for name in fonts)
    for font in fonts.values():
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()


def test_same_summary_same_bytes(make_summary: MakeSummary) -> None:
    first = render_summary(make_summary("acuut_gevaar", draft=True))
    second = render_summary(make_summary("acuut_gevaar", draft=True))
    assert first == second
    assert render_summary(make_summary("acuut_gevaar", draft=False)) != first


def test_concept_only_for_drafts(make_summary: MakeSummary, complex_pdf: bytes) -> None:
    draft = PdfReader(BytesIO(render_summary(make_summary(notes=_many_notes(), draft=True))))
    assert len(draft.pages) > 1
    assert all("CONCEPT" in page.extract_text() for page in draft.pages)
    assert "CONCEPT" not in text_of(complex_pdf)


def _many_notes() -> dict[str, str]:
    return {section: "Een lange aantekening. " * 150 for section in ("context", "help")}


def test_every_page_numbered(make_summary: MakeSummary) -> None:
    reader = PdfReader(BytesIO(render_summary(make_summary(notes=_many_notes()))))
    total = len(reader.pages)
    assert total > 1
    for number, page in enumerate(reader.pages, 1):
        text = flat(page.extract_text())
        assert f"pagina {number} van {total}" in text
        assert "Vertrouwelijk" in text


def test_metadata_holds_no_personal_data(complex_pdf: bytes) -> None:
    metadata = PdfReader(BytesIO(complex_pdf)).metadata
    assert metadata is not None
    assert metadata.title == "Vroegsignalering complexe scheiding — samenvatting"
    values = " ".join(str(value) for value in metadata.values())
    for personal in [CASE_REFERENCE, ORGANISATION, "Hengelo", "Schoolmaatschappelijk"]:
        assert personal not in values
    assert not metadata.author and not metadata.subject
    assert metadata.creation_date == SCREENED_AT
    assert CASE_REFERENCE.encode() not in complex_pdf and ORGANISATION.encode() not in complex_pdf


def test_english_uses_given_headings_only(make_summary: MakeSummary) -> None:
    from dataclasses import fields, replace

    from .conftest import dutch_headings

    dutch = dutch_headings()
    changes = {f.name: f"EN-{f.name}" for f in fields(dutch)
               if isinstance(getattr(dutch, f.name), str) and "%" not in getattr(dutch, f.name)}
    headings = replace(dutch, **changes, page="page %(page)s of %(pages)s",
                       meldcode_steps=("EN-step",), safety_labels={}, tier_labels={},
                       parenting_labels={})
    data = render_summary(make_summary("acuut_gevaar", language="en", headings=headings,
                                       draft=True))
    text = flat(text_of(data))
    for dutch_word in ["Veiligheid eerst", "Vertrouwelijk", "pagina", "CONCEPT", "Uitkomst",
                       "Nog uitzoeken", "Alle antwoorden", MELDCODE_STEPS[0]]:
        assert dutch_word not in text
    for english in ["EN-safety_first", "EN-report_now", "EN-step", "EN-confidential",
                    "EN-draft", "page 1 of", "Acute or structural danger"]:
        assert english in text


def test_pdftoppm_renders_without_errors(acute_pdf: bytes, tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is not on PATH: install poppler-utils (make test does this)")
    source = tmp_path / "samenvatting.pdf"
    source.write_bytes(acute_pdf)
    done = subprocess.run([pdftoppm, "-r", "40", "-png", str(source), str(tmp_path / "page")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    pages = len(PdfReader(BytesIO(acute_pdf)).pages)
    assert len(list(tmp_path.glob("page-*.png"))) == pages


def test_same_bytes_in_a_fresh_process(acute_pdf: bytes) -> None:
    code = (
        "import hashlib, sys\n"
        "sys.path.insert(0, '.')\n"
        "from tests.pdf.conftest import INSTRUMENT_PATH, summary_for\n"
        "from screening.instrument import load_instrument\n"
        "from screening.pdf import render_summary\n"
        "summary = summary_for(load_instrument(INSTRUMENT_PATH), 'acuut_gevaar')\n"
        "print(hashlib.sha256(render_summary(summary)).hexdigest())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, check=True, timeout=60)
    assert done.stdout.strip() == hashlib.sha256(acute_pdf).hexdigest()
