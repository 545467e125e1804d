"""Plain text into ReportLab: embedded fonts with Dutch diacritics, and escaped markup.

Paragraph text is markup; `to_markup` is the one way plain text becomes markup here,
so a note can never become a tag (an <img> would make ReportLab fetch a URL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR, BOLD, ITALIC, BOLD_ITALIC = "Summary", "Summary-Bold", "Summary-Italic", "Summary-BI"
# ReportLab ships Vera (Dutch diacritics included), so the PDF never depends on the host;
# DejaVu, when the system has it, only fills in glyphs Vera lacks (Cyrillic, ř, ...).
VERA_DIR = Path(reportlab.__file__).parent / "fonts"
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
_PRIMARY = {REGULAR: "Vera.ttf", BOLD: "VeraBd.ttf", ITALIC: "VeraIt.ttf", BOLD_ITALIC: "VeraBI.ttf"}
_FALLBACK = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf",
             ITALIC: "DejaVuSans-Oblique.ttf", BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf"}

# XML 1.0 forbids these, and a PDF string cannot carry lone surrogates.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")


class _Font(TTFont):
    """ReportLab's TrueType font, with a quick way to encode text it has seen before.

    Drawing a line asks the font to turn its text into subset codes, one character at a
    time in Python. Once every character of a line has its code in this document (after the
    first lines, nearly always), the codes come from one `str.translate` instead. The bytes
    are the same: a character keeps the code it was given first.
    """

    def splitString(self, text: str, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:  # noqa: N802
        state = self.state.get(doc)
        if (state is not None and text and isinstance(text, str) and state.nextCode < 256
                and state.assignments.keys() >= set(map(ord, text))):
            # Every code is below 256, so all of them are in subset 0.
            return [(0, text.translate(state.assignments).encode("latin-1"))]
        result: list[tuple[int, bytes]] = super().splitString(text, doc, encoding)
        return result


@dataclass(frozen=True)
class Fonts:
    """Name which characters the primary font draws, and the fallback fonts by style."""

    covered: frozenset[int]
    fallback: dict[str, str]
    fallback_covered: frozenset[int]


@cache
def registered_fonts() -> Fonts:
    """Register the fonts once; return which characters each can draw."""
    covered: frozenset[int] = frozenset()
    for name, file in _PRIMARY.items():
        font = _Font(name, str(VERA_DIR / file))
        pdfmetrics.registerFont(font)
        covered = covered or frozenset(font.face.charToGlyph)
    pdfmetrics.registerFontFamily(REGULAR, REGULAR, BOLD, ITALIC, BOLD_ITALIC)
    fallback: dict[str, str] = {}
    fallback_covered: frozenset[int] = frozenset()
    if all((DEJAVU_DIR / file).is_file() for file in _FALLBACK.values()):
        for name, file in _FALLBACK.items():
            font = _Font(f"{name}-Fallback", str(DEJAVU_DIR / file))
            pdfmetrics.registerFont(font)
            fallback[name] = font.fontName
            fallback_covered = fallback_covered or frozenset(font.face.charToGlyph)
    return Fonts(covered, fallback, fallback_covered)


def clean_text(text: str) -> str:
    """Return text without characters a PDF cannot hold; line breaks become newlines."""
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    return _UNPRINTABLE.sub("", text)


def to_markup(text: str, font: str = REGULAR) -> str:
    """Return plain text as safe Paragraph markup: escaped, line breaks kept."""
    fonts = registered_fonts()
    fallback = fonts.fallback.get(font)

    def borrowed(char: str) -> bool:
        code = ord(char)
        return code not in fonts.covered and code in fonts.fallback_covered

    pieces = []
    for use_fallback, run in groupby(clean_text(text), key=borrowed):
        piece = escape("".join(run)).replace("\n", "<br/>")
        if use_fallback and fallback:
            piece = f'<font face="{fallback}">{piece}</font>'
        pieces.append(piece)
    return "".join(pieces)


def primary_font_draws(text: str) -> bool:
    """Return whether the primary font has a glyph for every character of text."""
    return registered_fonts().covered.issuperset(map(ord, text))
