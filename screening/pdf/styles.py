"""Page geometry, colours, paragraph styles and the one way text becomes a Paragraph.

Every text reaches a Paragraph through `para`, which escapes it: Paragraph text is
markup, and a note must never become a tag (an <img> there would fetch a URL).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import groupby
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from .text import BOLD, ITALIC, REGULAR, clean_text, primary_font_draws, to_markup

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 16 * mm
TOP = 14 * mm
BOTTOM = 17 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN
FOOTER_Y = 9 * mm

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#b8b8b8")
SHADE = colors.HexColor("#eeeeee")
UNKNOWN_SHADE = colors.HexColor("#fff4d6")
BAR = colors.HexColor("#2f5d8a")
WATERMARK = colors.Color(0.55, 0.55, 0.55, alpha=0.2)
SAFETY_COLOURS = {  # (border, background)
    "none": (colors.HexColor("#2e6b3a"), colors.HexColor("#eef6ef")),
    "unknown": (colors.HexColor("#6b5a00"), colors.HexColor("#fff8dc")),
    "concern": (colors.HexColor("#b35c00"), colors.HexColor("#fff4e5")),
    "acute": (colors.HexColor("#b00020"), colors.HexColor("#fdecea")),
}


def style(name: str, **overrides: Any) -> ParagraphStyle:
    """Return a paragraph style on the embedded font, with overrides."""
    base: dict[str, Any] = {
        "fontName": REGULAR, "fontSize": 9, "leading": 11.5, "textColor": INK,
        "splitLongWords": 1, "bulletFontName": REGULAR, "bulletFontSize": 9,
        # ReportLab lets a line run 5% of its spaces past the margin unless told not to.
        "spaceShrinkage": 0,
    }
    return ParagraphStyle(name, **(base | overrides))


_DERIVED: dict[tuple[Any, ...], ParagraphStyle] = {}


def derive(name: str, parent: ParagraphStyle, **overrides: Any) -> ParagraphStyle:
    """Return a style that differs from its parent only in the overrides.

    The same call gives the same style object: a new one per print would make every cache
    keyed by style (the text fragment per style) grow with each summary printed.
    """
    key = (name, id(parent), tuple(sorted(overrides.items())))
    found = _DERIVED.get(key)
    if found is None:
        found = _DERIVED[key] = ParagraphStyle(name, parent=parent, **overrides)
    return found


BODY = style("body", spaceAfter=2)
SMALL = style("small", fontSize=7.5, leading=9.5, textColor=MUTED)
BOLD_BODY = style("bold", fontName=BOLD, spaceAfter=1)
TITLE = style("title", fontName=BOLD, fontSize=14, leading=17, spaceAfter=1)
STATUS = style("status", fontName=BOLD, fontSize=10, leading=13)
H2 = style("h2", fontName=BOLD, fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=2,
           keepWithNext=1)
# Before a long table: keepWithNext would move heading and table whole to the next page.
H2_TABLE = derive("h2table", H2, keepWithNext=0)
H3 = style("h3", fontName=BOLD, fontSize=9.5, leading=12, spaceBefore=3, spaceAfter=1,
           keepWithNext=1)
APPENDIX = style("appendix", fontName=BOLD, fontSize=14, leading=17, spaceAfter=4)
OUTCOME = style("outcome", fontName=BOLD, fontSize=11, leading=14, spaceAfter=1)
ITEM = style("item", leftIndent=12, bulletIndent=2, spaceAfter=1)
SUB_ITEM = style("subitem", fontSize=8, leading=10, leftIndent=24, textColor=MUTED)
NOTE = style("note", spaceAfter=2)
CELL = style("cell", fontSize=8.5, leading=10.5)
CELL_BOLD = style("cellbold", fontName=BOLD, fontSize=8.5, leading=10.5)
CELL_UNKNOWN = style("cellunknown", fontName=ITALIC, fontSize=8.5, leading=10.5)


# The styles above live as long as the process, so their ids name them (derived ones do not).
_LASTING = frozenset(id(value) for value in tuple(globals().values())
                     if isinstance(value, ParagraphStyle))
_LINES: dict[tuple[Any, ...], tuple[Any, float, list[float], float]] = {}
_LINES_KEPT = 2048  # broken lines of questions, options and labels: the same in every summary


class _Paragraph(Paragraph):
    """A Paragraph that breaks its lines once per width: tables and frames ask again and again.

    A one-line text in one of this module's styles (`_key`, set by `para`) keeps its broken
    lines for the process: the questions, options and labels of an instrument come back in
    every summary. The lines are the same ReportLab makes; they are only not made again.
    """

    _wrapped: tuple[float, Any, float, list[float]] | None = None
    _key: tuple[str, int, str | None] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._wrapped is not None and self._wrapped[0] == availWidth:
            _, self.blPara, self.height, self._wrapWidths = self._wrapped
            self.width = availWidth
            return availWidth, self.height
        if self._key is not None and (kept := _LINES.get((*self._key, availWidth))) is not None:
            self.blPara, self.height, widths, self._width_max = kept
            self._wrapWidths = list(widths)
            self.width = availWidth
            self._wrapped = (availWidth, self.blPara, self.height, self._wrapWidths)
            return availWidth, self.height
        width, height = super().wrap(availWidth, availHeight)
        if width == availWidth:  # a real wrap, not "does not fit in this width"
            self._wrapped = (availWidth, self.blPara, height, self._wrapWidths)
            if self._key is not None:
                if len(_LINES) >= _LINES_KEPT:
                    del _LINES[next(iter(_LINES))]  # the oldest first
                _LINES[(*self._key, availWidth)] = (self.blPara, height, list(self._wrapWidths),
                                                    self._width_max)
        return width, height


@cache
def _fragment(paragraph_style: ParagraphStyle) -> Any:
    """Return the text fragment ReportLab's parser makes for one word in a style."""
    return Paragraph("x", paragraph_style).frags[0]


def para(text: str, paragraph_style: ParagraphStyle, bullet: str | None = None,
         keep: bool = True) -> Paragraph:
    """Return a Paragraph of plain text; the only way text reaches a Paragraph here.

    One-line text the primary font can draw skips the markup parser: it becomes one text
    fragment as it is, so nothing in it is ever read as a tag (and the parser is half the
    time of a render). Other text goes through `to_markup`, which escapes it.
    `keep=False` for a professional's own words: their broken lines are not kept.
    """
    bullet_text = None if bullet is None else clean_text(bullet)
    cleaned = clean_text(text)
    if "\n" not in cleaned and primary_font_draws(cleaned):
        fragment = _fragment(paragraph_style).clone(text=cleaned)
        paragraph = _Paragraph(cleaned, paragraph_style, bulletText=bullet_text, frags=[fragment])
        if keep and id(paragraph_style) in _LASTING:
            paragraph._key = (cleaned, id(paragraph_style), bullet_text)
        return paragraph
    return _Paragraph(to_markup(cleaned, paragraph_style.fontName), paragraph_style,
                     bulletText=bullet_text)


def paras(text: str, paragraph_style: ParagraphStyle) -> list[Flowable]:
    """Return long free text as one Paragraph per line: splitting one huge one is quadratic.

    Free text is a professional's own (a note, a reason): its lines are not kept for later.
    """
    flowables: list[Flowable] = []
    for blank, lines in groupby(clean_text(text).split("\n"), key=lambda line: not line.strip()):
        if blank:
            flowables.append(Spacer(1, paragraph_style.leading / 2))
        else:
            flowables += [para(line, paragraph_style, keep=False) for line in lines]
    return flowables


def heading(text: str, paragraph_style: ParagraphStyle = H2) -> list[Flowable]:
    """Return a heading that does not stay behind alone at a page's foot."""
    return [CondPageBreak(25 * mm), para(text, paragraph_style)]


def table(rows: list[list[Any]], widths: Sequence[float], commands: list[Any]) -> Table:
    """Return a left-aligned table on the embedded font whose rows flow over pages."""
    # splitInRow lets even a huge cell flow over pages instead of failing the layout.
    result = Table(rows, colWidths=list(widths), splitByRow=1, splitInRow=1, hAlign="LEFT")
    # Plain-string cells would fall back to Helvetica, which is not embedded.
    result.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands]))
    return result
