"""The appendix of the summary: every answer, the scores, the routes in full, each once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ..summary import AnswerLine, RouteBlock, Summary
from .parts import reason
from .styles import (
    APPENDIX,
    BAR,
    BODY,
    BOLD_BODY,
    CELL,
    CELL_BOLD,
    CELL_UNKNOWN,
    H2_TABLE,
    H3,
    ITEM,
    NOTE,
    RULE,
    SHADE,
    SMALL,
    UNKNOWN_SHADE,
    WIDTH,
    heading,
    para,
    paras,
    table,
)
from .text import REGULAR

_GRID = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE)]
_COLUMNS = [WIDTH * 0.64, WIDTH * 0.36]


def _answer_rows(lines: Iterable[AnswerLine], rows: list[list[Any]], commands: list[Any]) -> None:
    """Append question-answer rows; an unknown answer is italic on a shaded cell."""
    for line in lines:
        if line.unknown:
            commands.append(("BACKGROUND", (1, len(rows)), (1, len(rows)), UNKNOWN_SHADE))
        rows.append([para(line.question, CELL),
                     para(line.answer, CELL_UNKNOWN if line.unknown else CELL)])


def _answers(summary: Summary) -> list[Flowable]:
    w = summary.words
    rows: list[list[Any]] = [[para(w.question, CELL_BOLD), para(w.answer, CELL_BOLD)]]
    commands: list[Any] = _GRID + [("BACKGROUND", (0, 0), (-1, 0), SHADE)]
    for section in summary.sections:
        n = len(rows)
        rows.append([para(section.title, CELL_BOLD), ""])
        commands += [("SPAN", (0, n), (1, n)), ("TOPPADDING", (0, n), (1, n), 6)]
        _answer_rows(section.lines, rows, commands)
    answers = table(rows, _COLUMNS, commands)
    answers.repeatRows = 1
    return heading(w.answers, H2_TABLE) + [answers]


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
    rows = [[para(d.title, CELL), _bar(d.score, d.max, bar_width), para(f"{d.score} / {d.max}", CELL)]
            for d in summary.domains]
    return heading(summary.words.domain_scores) + [
        para(summary.words.domain_meaning, SMALL),
        table(rows, [label_width, bar_width + 12, figure_width],
              [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, -1), 0)]),
    ]


def _route(route: RouteBlock, summary: Summary) -> list[Flowable]:
    w = summary.words
    flowables = heading(f"{w.route}: {route.title}")
    flowables += [para(route.why, BODY), para(w.steps, BOLD_BODY)]
    flowables += [para(step, ITEM, bullet=f"{n}.") for n, step in enumerate(route.steps, 1)]
    if route.avoid:
        flowables.append(para(w.avoid, BOLD_BODY))
        flowables += [para(text, ITEM, bullet="–") for text in route.avoid]
    return flowables


def _more(summary: Summary) -> list[Flowable]:
    """Return what page one had no room for: every reason, the signals, the completeness."""
    w = summary.words
    flowables = heading(w.more_observations)
    if summary.safety in ("concern", "acute"):
        flowables.append(para(w.meldcode, H3))
        flowables += [para(step, ITEM, bullet=f"{n}.") for n, step in enumerate(w.meldcode_steps, 1)]
    for line in (*summary.safety_reasons, *summary.reasons):
        flowables += reason(line)
    if summary.signals:
        flowables.append(para(w.signals, H3))
        flowables += [para(signal, ITEM, bullet="•") for signal in summary.signals]
    if len(summary.to_find_out) > 0:
        flowables.append(para(w.to_find_out, H3))
        flowables += [para(q, ITEM, bullet="•") for q in summary.to_find_out]
    flowables.append(para(summary.completeness, SMALL))
    return flowables


def _notes(summary: Summary) -> list[Flowable]:
    if not summary.notes:
        return []
    flowables = heading(summary.words.notes)
    for note in summary.notes:
        # Top-level paragraphs, not table cells: a long note splits across pages.
        flowables += [para(note.title, H3), *paras(note.text, NOTE)]
    return flowables


def _instrument(summary: Summary) -> list[Flowable]:
    w = summary.words
    version = w.version % {"version": summary.version, "hash": summary.short_hash}
    return heading(w.instrument) + [
        para(f"{summary.title}, {version}", BODY),
        para(w.hash_meaning, SMALL),
        para(w.disclaimer, H3),
        para(summary.disclaimer, SMALL),
    ]


def appendix(summary: Summary) -> list[Flowable]:
    """Return the appendix: answers, scores, routes, reasons, notes and the instrument."""
    flowables: list[Flowable] = [para(summary.words.appendix, APPENDIX)]
    flowables += _answers(summary)
    flowables += _domains(summary)
    for route in summary.routes:
        flowables += _route(route, summary)
    flowables += _more(summary)
    flowables += _notes(summary)
    flowables += _instrument(summary)
    return flowables
