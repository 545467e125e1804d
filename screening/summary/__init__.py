"""Build the plain data a printed screening summary shows; no Flask, no SQLAlchemy, no PDF.

The PDF module only lays out what is here. Every text is resolved to one language: the
instrument's own words by language, every other word through the gettext the caller injects.
The data classes live in `data`, the fixed words in `words`; this package re-exports what
pages, PDF and tests use.
"""

from __future__ import annotations

from .building import answer_line, build_summary
from .data import AnswerLine, Contact, ReasonLine, RouteBlock, Summary
from .words import Gettext, summary_words

__all__ = [
    "AnswerLine",
    "Contact",
    "Gettext",
    "ReasonLine",
    "RouteBlock",
    "Summary",
    "answer_line",
    "build_summary",
    "summary_words",
]
