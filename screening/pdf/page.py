"""The page: A4 frame, footer with "page X of Y", the draft mark, metadata without personal data.

The draft mark is drawn as the outlines of its letters, not as text: copying text out of a
draft must not pick up stray letters of "CONCEPT".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from io import BytesIO
from typing import Any

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from .styles import BOTTOM, FOOTER_Y, MARGIN, MUTED, PAGE_HEIGHT, PAGE_WIDTH, TOP, WATERMARK, WIDTH
from .text import REGULAR, VERA_DIR, clean_text, registered_fonts

MARK_FONT = VERA_DIR / "VeraBd.ttf"
MARK_SIZE = 96
MARK_FORM = "draftmark"


def pdf_date(moment: datetime) -> str:
    """Return a moment as a PDF date, in UTC when the moment knows its zone."""
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")
    return moment.strftime("D:%Y%m%d%H%M%S")


class _OutlinePen(BasePen):
    """Collect a glyph's contours as (operator, points) in font units, shifted by x."""

    def __init__(self, glyph_set: Any, shift: float, out: list[tuple[str, tuple[float, ...]]]) -> None:
        super().__init__(glyph_set)
        self.shift, self.out = shift, out

    def _moveTo(self, pt: tuple[float, float]) -> None:  # noqa: N802 - fontTools' names
        self.out.append(("m", (pt[0] + self.shift, pt[1])))

    def _lineTo(self, pt: tuple[float, float]) -> None:  # noqa: N802
        self.out.append(("l", (pt[0] + self.shift, pt[1])))

    def _curveToOne(self, p1: Any, p2: Any, p3: Any) -> None:  # noqa: N802
        s = self.shift
        self.out.append(("c", (p1[0] + s, p1[1], p2[0] + s, p2[1], p3[0] + s, p3[1])))

    def _closePath(self) -> None:  # noqa: N802
        self.out.append(("z", ()))


@cache
def word_outline(word: str) -> tuple[float, float, tuple[tuple[str, tuple[float, ...]], ...]]:
    """Return units per em, a word's width and outline in font units; unknown letters skip."""
    out: list[tuple[str, tuple[float, ...]]] = []
    x = 0.0
    with TTFont(BytesIO(MARK_FONT.read_bytes())) as font:
        glyph_set, cmap, advances = font.getGlyphSet(), font.getBestCmap(), font["hmtx"].metrics
        for char in word:
            name = cmap.get(ord(char))
            if name is None:
                continue
            glyph_set[name].draw(_OutlinePen(glyph_set, x, out))
            x += advances[name][0]
        units = float(font["head"].unitsPerEm)
    return units, x, tuple(out)


@cache
def mark_path(word: str, size: float) -> tuple[tuple[str, tuple[float, ...]], ...]:
    """Return a word's outline scaled to size and centred on the origin."""
    units, width, outline = word_outline(word)
    scale = size / units
    return tuple(
        (operator, tuple((p[i] - width / 2) * scale if i % 2 == 0 else p[i] * scale - size * 0.35
                         for i in range(len(p))))
        for operator, p in outline
    )


def draw_outlined(canvas: Canvas, word: str, size: float) -> None:
    """Fill a word's outlines centred on the origin: a picture of the word, not text."""
    path: PDFPathObject = canvas.beginPath()
    for operator, points in mark_path(word, size):
        if operator == "m":
            path.moveTo(*points)
        elif operator == "l":
            path.lineTo(*points)
        elif operator == "c":
            path.curveTo(*points)
        else:
            path.close()
    canvas.drawPath(path, stroke=0, fill=1, fillMode=0)  # non-zero winding, as TrueType


def _draft_mark(word: str) -> Callable[[Canvas, Any], None]:
    """Return a page callback that draws the draft word diagonally across the page.

    The outline is drawn once into a form that every page reuses.
    """

    def draw(canvas: Canvas, _doc: Any) -> None:
        if not canvas.hasForm(MARK_FORM):
            # No colour inside the form: its see-through fill belongs to the page's resources.
            canvas.beginForm(MARK_FORM)
            canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            canvas.rotate(45)
            draw_outlined(canvas, word, MARK_SIZE)
            canvas.endForm()
        # Drawn over the content, see-through, so it shows on shaded boxes too.
        canvas.saveState()
        canvas.setFillColor(WATERMARK)
        canvas.doForm(MARK_FORM)
        canvas.restoreState()

    return draw


def _nothing(_canvas: Canvas, _doc: Any) -> None:
    """Draw nothing: the page of a final summary has no draft mark."""


def _canvas_maker(footer: str, page_pattern: str, date: str) -> type[Canvas]:
    """Return a canvas class that numbers pages "X of Y" once it knows Y."""
    footer = clean_text(footer)

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
                self.setFont(REGULAR, 7.5)
                self.setFillColor(MUTED)
                self.drawString(MARGIN, FOOTER_Y, footer)
                if page_pattern:
                    label = clean_text(page_pattern % {"page": number, "pages": total})
                    self.drawRightString(PAGE_WIDTH - MARGIN, FOOTER_Y, label)
                super().showPage()
            super().save()

    return NumberedCanvas


def render(
    flowables: list[Flowable], *, title: str, language: str, moment: datetime,
    footer: str, page_pattern: str, draft_word: str | None,
) -> bytes:
    """Lay flowables out on A4 pages and return the PDF; the same input gives the same bytes.

    The metadata holds only the document's title and language: no case reference,
    organisation or names.
    """
    registered_fonts()
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP,
        bottomMargin=BOTTOM, title=clean_text(title), author="", subject="", creator="",
        producer="", keywords="", invariant=1, lang=language[:2] or None,
        initialFontName=REGULAR, initialFontSize=9,
    )
    frame = Frame(MARGIN, BOTTOM, WIDTH, PAGE_HEIGHT - TOP - BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    mark = _draft_mark(draft_word) if draft_word else _nothing
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=mark)])
    doc.build(flowables, canvasmaker=_canvas_maker(footer, page_pattern, pdf_date(moment)))
    return buffer.getvalue()
