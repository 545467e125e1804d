"""The parent letter on one A4 page: Dutch on the left, English beside it."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from ..summary.letter import Letter, LetterText
from .parts import contact
from .styles import BODY, H3, ITEM, SMALL, TITLE, WIDTH, derive, para

GUTTER = 8 * mm
COLUMN = (WIDTH - GUTTER) / 2
LETTER_TITLE = derive("lettertitle", TITLE, fontSize=12, leading=15)


def _column(text: LetterText) -> list[Flowable]:
    flowables: list[Flowable] = [
        para(text.title, LETTER_TITLE), para(text.date, SMALL), Spacer(1, 3 * mm),
        para(text.greeting, BODY),
        para(text.noticed_heading, H3), para(text.noticed, BODY),
        para(text.helps_heading, H3),
        *(para(line, ITEM, bullet="•") for line in text.helps),
        para(text.next_heading, H3), para(text.next_step, BODY),
        para(text.contacts_heading, H3),
    ]
    for entry in text.contacts:
        flowables += contact(entry, text.missing)
    flowables += [Spacer(1, 3 * mm), para(text.closing, BODY), para(text.sender, BODY)]
    return flowables


def letter_story(letter: Letter) -> list[Flowable]:
    """Return the letter as one two-column table: each language reads top to bottom."""
    columns = Table([[_column(letter.dutch), _column(letter.english)]],
                    colWidths=[COLUMN + GUTTER / 2, COLUMN + GUTTER / 2], hAlign="LEFT")
    columns.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                      ("LEFTPADDING", (0, 0), (0, 0), 0), ("RIGHTPADDING", (0, 0), (0, 0), GUTTER / 2),
                      ("LEFTPADDING", (1, 0), (1, 0), GUTTER / 2), ("RIGHTPADDING", (1, 0), (1, 0), 0)])
    return [columns]
