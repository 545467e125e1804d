"""Render a screening summary as a printable A4 PDF with ReportLab; no Flask.

Every text reaches a Paragraph through `_para`, which escapes it: Paragraph text is
markup, and a note must never become a tag (an <img> there would fetch a URL).
The output is deterministic: the same Summary gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC
from io import BytesIO
from itertools import groupby
from typing import Any

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .pdf_text import BOLD, ITALIC, REGULAR, clean_text, registered_fonts, to_markup
from .summary import AnswerLine, ReasonLine, RouteBlock, SectionAnswers, Summary

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
BOTTOM = 20 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#b8b8b8")
SHADE = colors.HexColor("#eeeeee")
UNKNOWN_SHADE = colors.HexColor("#fff4d6")
BAR = colors.HexColor("#2f5d8a")
WATERMARK = colors.Color(0.55, 0.55, 0.55, alpha=0.22)
SAFETY_COLOURS = {  # (border, background)
    "concern": (colors.HexColor("#b35c00"), colors.HexColor("#fff4e5")),
    "acute": (colors.HexColor("#b00020"), colors.HexColor("#fdecea")),
    "unknown": (colors.HexColor("#5c4b00"), colors.HexColor("#fff8d6")),
}

def _para(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """Return a Paragraph of plain text; the only way text reaches a Paragraph here."""
    bullet_text = None if bullet is None else clean_text(bullet)
    return Paragraph(to_markup(text, style.fontName), style, bulletText=bullet_text)


def _paras(text: str, style: ParagraphStyle) -> list[Flowable]:
    """Return long free text as one Paragraph per line: splitting one huge one is quadratic."""
    flowables: list[Flowable] = []
    for blank, lines in groupby(clean_text(text).split("\n"), key=lambda line: not line.strip()):
        if blank:
            flowables.append(Spacer(1, style.leading / 2))
        else:
            flowables += [_para(line, style) for line in lines]
    return flowables


def _style(name: str, **overrides: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": REGULAR, "fontSize": 9.5, "leading": 12.5, "textColor": INK,
        "splitLongWords": 1, "bulletFontName": REGULAR, "bulletFontSize": 9.5,
    }
    return ParagraphStyle(name, **(base | overrides))


BODY = _style("body", spaceAfter=3)
SMALL = _style("small", fontSize=8, leading=10.5, textColor=MUTED)
BOLD_BODY = _style("bold", fontName=BOLD, spaceAfter=2)
TITLE = _style("title", fontName=BOLD, fontSize=16, leading=20, spaceAfter=2)
H2 = _style("h2", fontName=BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4,
           keepWithNext=1)
H3 = _style("h3", fontName=BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2,
           keepWithNext=1)
OUTCOME = _style("outcome", fontName=BOLD, fontSize=11.5, leading=15, spaceAfter=3)
ITEM = _style("item", leftIndent=14, bulletIndent=3, spaceAfter=2)
SUB_ITEM = _style("subitem", fontSize=8.5, leading=11, leftIndent=28, textColor=MUTED)
NOTE = _style("note", spaceAfter=2)
CELL = _style("cell", fontSize=8.5, leading=11)
CELL_BOLD = _style("cellbold", fontName=BOLD, fontSize=8.5, leading=11)
CELL_UNKNOWN = _style("cellunknown", fontName=ITALIC, fontSize=8.5, leading=11)


def _derive(name: str, parent: ParagraphStyle, **overrides: Any) -> ParagraphStyle:
    return ParagraphStyle(name, parent=parent, **overrides)


def _heading(text: str) -> list[Flowable]:
    """Return a section heading that does not stay behind alone at a page's foot."""
    return [CondPageBreak(30 * mm), _para(text, H2)]


def _table(rows: list[list[Any]], widths: Sequence[float], style: list[Any]) -> Table:
    # splitInRow lets even a huge cell flow over pages instead of failing the layout.
    table = Table(rows, colWidths=list(widths), splitByRow=1, splitInRow=1, hAlign="LEFT")
    # Plain-string cells would fall back to Helvetica, which is not embedded.
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *style]))
    return table


def _header(summary: Summary) -> list[Flowable]:
    h = summary.headings
    version = h.version % {"version": summary.version, "hash": summary.short_hash}
    rows = [
        (h.organisation, summary.organisation),
        (h.case_reference, summary.case_reference),
        (h.date, summary.date_text),
        (h.profession, summary.profession),
        (h.instrument, f"{summary.title}, {version}"),
    ]
    table = _table(
        [[_para(label, CELL_BOLD), _para(value, CELL)] for label, value in rows],
        [40 * mm, WIDTH - 40 * mm],
        [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
         ("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)],
    )
    return [_para(summary.document_title, TITLE), Spacer(1, 3 * mm), table]


def _answer_text(line: AnswerLine) -> str:
    return f"{line.question}: {line.answer}"


def _reason(reason: ReasonLine) -> list[Flowable]:
    flowables: list[Flowable] = [_para(reason.text, ITEM, bullet="•")]
    flowables += [_para(_answer_text(line), SUB_ITEM) for line in reason.answers]
    return flowables


def _safety(summary: Summary) -> list[Flowable]:
    """Box the safety signals with the instrument's safety route: before everything else."""
    h = summary.headings
    border, background = SAFETY_COLOURS.get(summary.safety, SAFETY_COLOURS["acute"])
    cells: list[Flowable] = [
        _para(h.safety_first, _derive("boxhead", H2, textColor=border, spaceBefore=0)),
        _para(summary.safety_label, OUTCOME),
    ]
    if summary.safety == "acute":
        cells.append(_para(h.report_now, _derive("now", OUTCOME, textColor=border)))
    for route in summary.routes:
        if route.safety:
            cells += _route(route, summary)
    if summary.safety == "acute":
        # The acute route says what to do today; the five steps still frame all of it.
        cells.append(_para(h.meldcode, BOLD_BODY))
        cells += [_para(step, ITEM, bullet=f"{n}.") for n, step in enumerate(h.meldcode_steps, 1)]
    if summary.safety_reasons:
        cells.append(_para(h.safety_signals, BOLD_BODY))
        for reason in summary.safety_reasons:
            cells += _reason(reason)
    return [
        Spacer(1, 5 * mm),
        _table(
            [[cell] for cell in cells],
            [WIDTH],
            [("BOX", (0, 0), (-1, -1), 1.5, border),
             ("BACKGROUND", (0, 0), (-1, -1), background),
             ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
             ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
             ("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, -1), (-1, -1), 6)],
        ),
    ]


def _outcome(summary: Summary) -> list[Flowable]:
    h = summary.headings
    flowables = _heading(h.outcome)
    flowables.append(_para(summary.tier_label, OUTCOME))
    order = {"tier": 0, "parenting": 1, "safety": 2}
    for reason in sorted(summary.reasons, key=lambda r: order.get(r.decision, 3)):
        if reason.decision == "parenting":
            flowables.append(_para(f"{h.parenting}: {summary.parenting_label}", OUTCOME))
        elif reason.decision == "safety":
            flowables.append(_para(f"{h.safety}: {summary.safety_label}", OUTCOME))
        flowables += _reason(reason)
    if summary.signals:
        flowables.append(_para(h.signals, H3))
        flowables += [_para(signal, ITEM, bullet="•") for signal in summary.signals]
    flowables.append(_para(summary.completeness, SMALL))
    return flowables


def _bar(score: int, maximum: int, width: float) -> Drawing:
    """Draw one horizontal bar: the score's share of the maximum."""
    drawing = Drawing(width, 10)
    drawing.initialFontName = REGULAR  # else the renderer pulls in Helvetica, not embedded
    drawing.add(Rect(0, 2, width, 7, fillColor=SHADE, strokeColor=None))
    share = min(max(score / maximum, 0.0), 1.0) if maximum > 0 else 0.0
    if share > 0:
        drawing.add(Rect(0, 2, width * share, 7, fillColor=BAR, strokeColor=None))
    return drawing


def _domains(summary: Summary) -> list[Flowable]:
    if not summary.domains:
        return []
    label_width, figure_width = 70 * mm, 22 * mm
    bar_width = WIDTH - label_width - figure_width - 12
    # One table row per domain, so a long list flows over pages instead of clipping.
    rows = [
        [_para(d.title, CELL), _bar(d.score, d.max, bar_width), _para(f"{d.score} / {d.max}", CELL)]
        for d in summary.domains
    ]
    return _heading(summary.headings.domain_scores) + [
        _table(rows, [label_width, bar_width + 12, figure_width],
               [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, -1), 0)])
    ]


def _answer_rows(lines: Iterable[AnswerLine], rows: list[list[Any]], style: list[Any]) -> None:
    """Append question-answer rows; an unknown answer is italic on a shaded cell."""
    for line in lines:
        if line.unknown:
            style.append(("BACKGROUND", (1, len(rows)), (1, len(rows)), UNKNOWN_SHADE))
        answer_style = CELL_UNKNOWN if line.unknown else CELL
        rows.append([_para(line.question, CELL), _para(line.answer, answer_style)])


_GRID = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE)]
_COLUMNS = [WIDTH * 0.66, WIDTH * 0.34]


def _child(section: SectionAnswers | None) -> list[Flowable]:
    if section is None:
        return []
    rows: list[list[Any]] = []
    style = list(_GRID)
    _answer_rows(section.lines, rows, style)
    return _heading(section.title) + [_table(rows, _COLUMNS, style)]


def _to_find_out(summary: Summary) -> list[Flowable]:
    h = summary.headings
    if not summary.to_find_out:
        return _heading(h.to_find_out) + [_para(h.nothing_to_find_out, BODY)]
    return _heading(h.to_find_out) + [
        _para(question, ITEM, bullet="•") for question in summary.to_find_out
    ]


def _route(route: RouteBlock, summary: Summary) -> list[Flowable]:
    h = summary.headings
    colour = SAFETY_COLOURS.get(summary.safety, (INK, None))[0] if route.safety else INK
    flowables: list[Flowable] = [
        _para(route.title, _derive("route", H3, textColor=colour)),
        _para(route.why, BODY),
        _para(h.steps, BOLD_BODY),
    ]
    flowables += [_para(step, ITEM, bullet=f"{n}.") for n, step in enumerate(route.steps, 1)]
    if route.avoid:
        flowables.append(_para(h.avoid, BOLD_BODY))
        flowables += [_para(text, ITEM, bullet="–") for text in route.avoid]
    return flowables


def _judgement(summary: Summary) -> list[Flowable]:
    h, judgement = summary.headings, summary.judgement
    flowables = _heading(h.judgement)
    if judgement.kind == "agree":
        flowables.append(_para(h.judgement_agree, BODY))
    elif judgement.kind == "other":
        chosen = judgement.chosen or ""
        flowables.append(_para(h.judgement_other % {"outcome": chosen}, BOLD_BODY))
        if judgement.reason:
            flowables.append(_para(h.judgement_reason, H3))
            flowables += _paras(judgement.reason, NOTE)
    else:
        flowables.append(_para(h.judgement_none, BODY))
    return flowables


def _notes(summary: Summary) -> list[Flowable]:
    if not summary.notes:
        return []
    flowables = _heading(summary.headings.notes)
    for note in summary.notes:
        # Top-level paragraphs, not table cells: a long note splits across pages.
        flowables += [_para(note.title, H3), *_paras(note.text, NOTE)]
    return flowables


def _answers(summary: Summary) -> list[Flowable]:
    h = summary.headings
    rows: list[list[Any]] = [[_para(h.question, CELL_BOLD), _para(h.answer, CELL_BOLD)]]
    style: list[Any] = _GRID + [("BACKGROUND", (0, 0), (-1, 0), SHADE)]
    for section in summary.sections:
        n = len(rows)
        rows.append([_para(section.title, CELL_BOLD), ""])
        style += [("SPAN", (0, n), (1, n)), ("TOPPADDING", (0, n), (1, n), 7)]
        _answer_rows(section.lines, rows, style)
    table = _table(rows, _COLUMNS, style)
    table.repeatRows = 1
    return _heading(h.answers) + [table]


def _disclaimer(summary: Summary) -> list[Flowable]:
    return _heading(summary.headings.disclaimer) + [_para(summary.disclaimer, SMALL)]


def story(summary: Summary) -> list[Flowable]:
    """Return the flowables of the summary, in reading order."""
    flowables = _header(summary)
    if summary.safety != "none":
        flowables += _safety(summary)
    flowables += _outcome(summary)
    flowables += _domains(summary)
    flowables += _child(summary.child)
    flowables += _to_find_out(summary)
    # Safety routes sit in the safety box above; here the route of the outcome.
    flowables += _heading(summary.headings.route)
    for route in summary.routes:
        if not route.safety:
            flowables += _route(route, summary)
    flowables += _judgement(summary)
    flowables += _notes(summary)
    flowables += _answers(summary)
    flowables += _disclaimer(summary)
    return flowables


def pdf_date(summary: Summary) -> str:
    """Return the screening moment as a PDF date, in UTC when the moment knows its zone."""
    moment = summary.screened_at
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
    return moment.strftime("D:%Y%m%d%H%M%S")


def _canvas_maker(summary: Summary) -> type[Canvas]:
    """Return a canvas class that numbers pages "X of Y" once it knows Y."""
    h = summary.headings
    confidential, page_pattern, date = clean_text(h.confidential), h.page, pdf_date(summary)

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.setDateFormatter(lambda *_: date)
            self._page_states: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            # Keep the page; its footer needs the page count, known only at the end.
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._page_states)
            for number, state in enumerate(self._page_states, 1):
                self.__dict__.update(state)
                self.setFont(REGULAR, 8)
                self.setFillColor(MUTED)
                self.drawString(MARGIN, 10 * mm, confidential)
                label = clean_text(page_pattern % {"page": number, "pages": total})
                self.drawRightString(PAGE_WIDTH - MARGIN, 10 * mm, label)
                super().showPage()
            super().save()

    return NumberedCanvas


def _watermark(word: str) -> Callable[[Canvas, Any], None]:
    """Return a page callback that stamps the draft word diagonally across the page."""

    def draw(canvas: Canvas, _doc: Any) -> None:
        # Drawn over the content, see-through, so it shows on shaded boxes too.
        canvas.saveState()
        canvas.setFillColor(WATERMARK)
        canvas.setFont(BOLD, 96)
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, -32, clean_text(word))
        canvas.restoreState()

    return draw


def _nothing(_canvas: Canvas, _doc: Any) -> None:
    """Draw nothing: the page of a final summary has no watermark."""


def render_summary(summary: Summary) -> bytes:
    """Render the summary as A4 PDF bytes; the same summary always gives the same bytes."""
    registered_fonts()
    buffer = BytesIO()
    # Metadata carries no personal data: no case reference, organisation or names.
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=BOTTOM, title=clean_text(summary.document_title), author="",
        subject="", creator="", keywords="", invariant=1, lang=summary.language[:2] or None,
        initialFontName=REGULAR, initialFontSize=9.5,
    )
    frame = Frame(MARGIN, BOTTOM, WIDTH, PAGE_HEIGHT - MARGIN - BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    on_page_end = _watermark(summary.headings.draft) if summary.draft else None
    template = PageTemplate(id="page", frames=[frame], onPageEnd=on_page_end or _nothing)
    doc.addPageTemplates([template])
    doc.build(story(summary), canvasmaker=_canvas_maker(summary))
    return buffer.getvalue()
