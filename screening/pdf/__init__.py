"""Turn a summary (plain data) into PDF bytes with ReportLab; knows nothing about Flask.

`styles` holds geometry, colours and the escaping `para`; `story` lays out page one and
`appendix` the pages after it; `page` puts them on A4 with footer, draft mark and metadata.
"""

from __future__ import annotations

from ..summary import Summary
from ..summary.letter import Letter
from .letter import letter_story
from .page import render
from .story import story


def render_summary(summary: Summary) -> bytes:
    """Render the summary as A4 PDF bytes; the same summary always gives the same bytes."""
    w = summary.words
    return render(
        story(summary), title=summary.document_title, language=summary.language,
        moment=summary.screened_at, footer=w.confidential, page_pattern=w.page,
        draft_word=w.draft if summary.draft else None,
    )


def render_letter(letter: Letter) -> bytes:
    """Render the parent letter as one A4 page; the same letter always gives the same bytes."""
    return render(
        letter_story(letter), title=letter.document_title, language="nl", moment=letter.moment,
        footer="", page_pattern="", draft_word=None,
    )


__all__ = ["render_letter", "render_summary"]
