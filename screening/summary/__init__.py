"""Build the plain data a printed screening summary shows; no Flask, no SQLAlchemy, no PDF.

The PDF module only lays out what is here. Every text is resolved to one language: the
instrument's own words by language, every other word through the gettext the caller injects.
"""

from __future__ import annotations

from .building import answer_line, build_summary
from .data import (
    AnswerLine,
    Contact,
    DomainLine,
    Judgement,
    Note,
    ReasonLine,
    RouteBlock,
    SectionAnswers,
    Summary,
)
from .words import Gettext, Words, summary_words

__all__ = [
    "AnswerLine",
    "Contact",
    "DomainLine",
    "Gettext",
    "Judgement",
    "Note",
    "ReasonLine",
    "RouteBlock",
    "SectionAnswers",
    "Summary",
    "Words",
    "answer_line",
    "build_summary",
    "summary_words",
]
