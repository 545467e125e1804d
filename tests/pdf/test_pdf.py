"""The printed summary: parse the PDF back and check its content, order and safety."""

from __future__ import annotations

import functools
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

from screening.instrument import load_instrument
from screening.pdf import render_summary
from screening.pdf.text import registered_fonts

from .conftest import (
    CASE_REFERENCE,
    CASES,
    MELDCODE_STEPS,
    ORGANISATION,
    REPO,
    SCREENED_AT,
    MakeSummary,
    flat,
    text_of,
)

ACUTE_LINE = "Is er nu direct gevaar? Bel 112."
DIACRITICS = ("coördinator", "geïnformeerd", "financiële", "één")
CASE_NAMES = sorted(path.stem for path in CASES.glob("*.toml"))


def assert_in_order(text: str, phrases: list[str]) -> None:
    """Assert that every phrase occurs in text, each after the one before it."""
    start = 0
    for phrase in phrases:
        assert phrase in text, f"{phrase!r} is not in the PDF"
        found = text.find(phrase, start)
        assert found >= 0, f"{phrase!r} does not come after the phrase before it"
        start = found + len(phrase)


def pages_of(data: bytes) -> list[str]:
    """Return the flattened text of each page."""
    return [flat(page.extract_text()) for page in PdfReader(BytesIO(data)).pages]


def test_page_one_in_order_then_the_appendix(make_summary: MakeSummary) -> None:
    summary = make_summary("acuut_gevaar", notes={"help": "Eerdere hulp onbekend."},
                           judgement="other", chosen_tier="complex", judgement_reason="Ken ze.")
    pages = pages_of(render_summary(summary))
    tier_route = summary.routes[-1]
    assert_in_order(pages[0], [
        "Vroegsignalering complexe scheiding — samenvatting",
        "Afgerond op 15 maart 2024 10:30", CASE_REFERENCE,
        "Veiligheid", summary.safety_label, ACUTE_LINE, summary.routes[0].title,
        summary.routes[0].steps[0], "Signalen over veiligheid", summary.safety_reasons[0].text,
        "Uitkomst", "Vinger aan de pols", f"Ouderschap: {summary.parenting_label}",
        "Wat opviel", summary.observations[0].text,
        "Oordeel van de professional", "De professional kiest Complexe scheiding, omdat:", "Ken ze.",
        f"Eerste stappen: {tier_route.title}", tier_route.steps[0][:40],
        "Contact", "Direct gevaar: alarmnummer: nog niet ingevuld door de coördinator",
        "Nog uitzoeken", "Volgende screening",
        "Ingevuld door: Anna de Vries, Schoolmaatschappelijk werker", f"Organisatie: {ORGANISATION}",
    ])
    appendix = " ".join(pages[1:])
    assert appendix.startswith("Bijlage")
    assert_in_order(appendix, [
        "Bijlage", "Alle antwoorden", "Vraag", "Antwoord", "Scores per onderdeel",
        "Een score telt", f"Voorgestelde route: {tier_route.title}", "Meer over de uitkomst",
        "De vijf stappen van de Meldcode", MELDCODE_STEPS[0], "Notities", "Eerdere hulp onbekend.",
        "Vragenlijst", f"versie 1.0, vingerafdruk {summary.short_hash}", "De vingerafdruk hoort",
        "Let op", flat(summary.disclaimer)[:60],
    ])


@pytest.mark.parametrize("case", CASE_NAMES)
def test_page_one_holds_the_summary_of_every_written_case(make_summary: MakeSummary,
                                                         case: str) -> None:
    summary = make_summary(case, draft=True, judgement="agree")
    first = pages_of(render_summary(summary))[0]
    for phrase in ["Concept, nog niet afgerond", "Veiligheid", summary.safety_label, "Uitkomst",
                   summary.tier_label, "Oordeel van de professional",
                   "De professional is het eens met de uitkomst.", "Nog uitzoeken",
                   "Volgende screening", "Ingevuld door", f"Organisatie: {ORGANISATION}"]:
        assert phrase in first, f"{phrase!r} is not on page one of {case}"
    assert "Bijlage" not in first
    if summary.first_steps:
        assert "Eerste stappen" in first and flat(summary.first_steps[0])[:40] in first
    if summary.contacts:
        assert "Contact" in first
    if summary.to_find_out:
        assert flat(summary.to_find_out[0]) in first


def test_safety_is_always_on_page_one(complex_pdf: bytes, make_summary: MakeSummary) -> None:
    first = pages_of(complex_pdf)[0]
    assert make_summary("complex").safety == "none"
    assert_in_order(first, ["Veiligheid", "Geen signalen over veiligheid in de antwoorden",
                            "Uitkomst", "Complexe scheiding", "Conflictueus ouderschap"])
    for absent in [ACUTE_LINE, "Signalen over veiligheid", "De vijf stappen van de Meldcode"]:
        assert absent not in flat(text_of(complex_pdf))


def test_concern_has_the_meldcode_route_without_acute_line(make_summary: MakeSummary) -> None:
    summary = make_summary("getuige_geweld_eenmalig")
    assert summary.safety == "concern"
    pages = pages_of(render_summary(summary))
    meldcode = summary.routes[0]
    assert meldcode.safety and len(meldcode.steps) >= 5
    assert_in_order(pages[0], ["Veiligheid", "Zorgen over veiligheid", meldcode.title,
                               *(flat(step) for step in meldcode.steps), "Uitkomst"])
    assert ACUTE_LINE not in " ".join(pages)
    assert "Veilig Thuis: nog niet ingevuld door de coördinator" in pages[0]


def test_acute_line_and_flags_before_the_outcome(acute_pdf: bytes, make_summary: MakeSummary) -> None:
    summary = make_summary("acuut_gevaar")
    pages = pages_of(acute_pdf)
    before = pages[0].index("Uitkomst")
    assert pages[0].index(ACUTE_LINE) < before
    for reason in summary.safety_reasons:
        assert pages[0].index(flat(reason.text)) < before
    appendix = " ".join(pages[1:])
    for reason in summary.safety_reasons:
        for line in reason.answers:
            assert flat(f"{line.question}: {line.answer}") in appendix


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


def test_judgement_in_the_third_person(make_summary: MakeSummary) -> None:
    agreed = flat(text_of(render_summary(make_summary(judgement="agree"))))
    assert "De professional is het eens met de uitkomst." in agreed
    none = flat(text_of(render_summary(make_summary(judgement=None))))
    assert "De professional heeft nog geen oordeel gegeven." in none
    for second_person in ["Je was", "Je koos", "Je hebt", "Jouw"]:
        assert second_person not in agreed and second_person not in none


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


def _grey_page(data: bytes, tmp_path: Path, name: str) -> bytes:
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "20", "-gray", "-f", "1", "-l", "1", str(source),
                    str(tmp_path / name)], check=True, timeout=60)
    (image,) = tmp_path.glob(f"{name}-*.pgm")
    return image.read_bytes()


def test_concept_mark_is_drawn_not_text(make_summary: MakeSummary, complex_pdf: bytes,
                                         tmp_path: Path) -> None:
    draft = render_summary(make_summary(notes=_many_notes(), draft=True))
    reader = PdfReader(BytesIO(draft))
    assert len(reader.pages) > 1
    for page in reader.pages:
        text = page.extract_text()
        assert "CONCEPT" not in text and "CONCEP" not in text.replace("\n", "")
    assert "Concept, nog niet afgerond" in reader.pages[0].extract_text()
    # The mark is there all the same: the draft's first page looks different.
    final = render_summary(make_summary(notes=_many_notes(), draft=False))
    assert _grey_page(draft, tmp_path, "draft") != _grey_page(final, tmp_path, "final")
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


def test_english_comes_from_the_catalogue(make_summary: MakeSummary) -> None:
    text = flat(text_of(render_summary(make_summary("acuut_gevaar", language="en", draft=True))))
    for dutch_word in ["Veiligheid", "Vertrouwelijk", "pagina", "Uitkomst", "Nog uitzoeken",
                       "Alle antwoorden", "Bijlage", MELDCODE_STEPS[0], "De professional"]:
        assert dutch_word not in text
    for english in ["Safety", "Confidential", "page 1 of", "Outcome", "Appendix",
                    "The professional agrees with the outcome.", "March 15, 2024"]:
        assert english in text


@pytest.mark.parametrize("draft", [False, True])
def test_pdftoppm_renders_without_errors(make_summary: MakeSummary, draft: bool,
                                         tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is not on PATH: install poppler-utils (make test does this)")
    acute_pdf = render_summary(make_summary("acuut_gevaar", draft=draft))
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
        "from tests.pdf.conftest import instrument, summary_for\n"
        "from screening.pdf import render_summary\n"
        "summary = summary_for(instrument.__wrapped__(), 'acuut_gevaar')\n"
        "print(hashlib.sha256(render_summary(summary)).hexdigest())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, check=True, timeout=60)
    assert done.stdout.strip() == hashlib.sha256(acute_pdf).hexdigest()


def text_runs(data: bytes) -> list[tuple[int, float, float, str]]:
    """Return (page, left x, right x, text) of every text run, measured with its own font."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from screening.pdf.text import BOLD, BOLD_ITALIC, ITALIC, REGULAR

    runs: list[tuple[int, float, float, str]] = []
    for number, page in enumerate(PdfReader(BytesIO(data)).pages):
        def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float,
                  number: int = number) -> None:
            if not text.strip() or font is None:
                return
            name = str(font.get("/BaseFont", ""))
            ours = (BOLD_ITALIC if "BI" in name or "BoldOblique" in name else
                    BOLD if "Bold" in name or "Bd" in name else
                    ITALIC if "Italic" in name or "It" in name or "Oblique" in name else REGULAR)
            scale = tm[0] * cm[0]
            left = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            width = stringWidth(text.rstrip("\n"), ours, size) * scale
            runs.append((number, left, left + width, text))

        page.extract_text(visitor_text=visit)
    return runs


def test_no_text_runs_past_the_right_margin(make_summary: MakeSummary) -> None:
    from screening.pdf.styles import MARGIN, PAGE_WIDTH

    long_word = "Ouderschapsplanbemiddelingsgesprekverslag" * 8
    long_line = ("Zijn er na de scheiding rechtszaken over de kinderen geweest?: Meer dan één, "
                 "of er komt steeds een nieuwe ") * 6
    summary = make_summary("acuut_gevaar", case_reference="K" * 40, organisation=long_word,
                           notes={"child": long_line, "help": long_word},
                           judgement="other", chosen_tier="complex", judgement_reason=long_line)
    runs = text_runs(render_summary(summary))
    assert len(runs) > 100
    assert any(long_word[:30] in text for _, _, _, text in runs)
    right = PAGE_WIDTH - MARGIN + 0.5
    over = [(page, round(end), text[:60]) for page, _, end, text in runs if end > right]
    assert over == []
    assert min(start for _, start, _, _ in runs) >= MARGIN - 0.5


def test_safety_box_never_splits() -> None:
    from reportlab.platypus import Spacer

    from screening.pdf.page import render
    from screening.pdf.story import safety_box
    from screening.summary import Summary

    from .conftest import INSTRUMENT_PATH, summary_for

    summary: Summary = summary_for(load_instrument(INSTRUMENT_PATH), "acuut_gevaar")
    # Push the box to the foot of page one: it moves whole to page two rather than split.
    data = render([Spacer(1, 640), *safety_box(summary)], title="t", language="nl",
                  moment=SCREENED_AT, footer="", page_pattern="%(page)s/%(pages)s",
                  draft_word=None)
    pages = pages_of(data)
    assert len(pages) == 2
    assert summary.safety_label not in pages[0]
    assert summary.safety_label in pages[1] and flat(summary.safety_reasons[-1].text) in pages[1]


V1_1 = REPO / "questionnaires" / "vroegsignalering-complexe-scheiding" / "1.1.toml"
V1_1_CASES = sorted((CASES / "v1_1").glob("*.toml"))


@pytest.mark.parametrize("case", V1_1_CASES, ids=lambda path: path.stem)
def test_page_one_holds_the_summary_with_1_1(case: Path) -> None:
    """1.1's longer safety routes cost page one detail, never a part of it."""
    import tomllib

    from .conftest import summary_for

    answers = tomllib.loads(case.read_text(encoding="utf-8"))["answers"]
    summary = summary_for(instrument_1_1(), answers=answers, draft=True)
    first = pages_of(render_summary(summary))[0]
    for phrase in ["Concept, nog niet afgerond", "Veiligheid", summary.safety_label, "Uitkomst",
                   "Oordeel van de professional", "Eerste stappen", "Contact", "Nog uitzoeken",
                   "Volgende screening", "Ingevuld door", f"Organisatie: {ORGANISATION}"]:
        assert phrase in first, f"{phrase!r} is not on page one of {case.stem}"
    assert "Bijlage" not in first


@functools.cache
def instrument_1_1() -> Any:
    return load_instrument(V1_1)
