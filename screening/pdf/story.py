"""Page one of the summary, in the order a reader needs it; the appendix follows it."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from ..summary import Summary
from .appendix import appendix
from .parts import contact, reason, steps
from .styles import (
    BODY,
    BOLD_BODY,
    BOTTOM,
    H2,
    H3,
    ITEM,
    NOTE,
    OUTCOME,
    PAGE_HEIGHT,
    SAFETY_COLOURS,
    SMALL,
    STATUS,
    TITLE,
    TOP,
    WIDTH,
    derive,
    heading,
    para,
    paras,
    table,
)


@dataclass(frozen=True, slots=True)
class Detail:
    """How much page one shows; everything it leaves out is in the appendix."""

    answers: int = 2  # answers behind each observation
    observations: int = 5
    safety_steps: int | None = None  # steps of the safety route; None: all
    find_out: int = 6


# From most to least detail: page one takes the first that fits on one page.
DETAILS = (
    Detail(),
    Detail(answers=1),
    Detail(answers=0),
    Detail(answers=0, observations=4, find_out=4, safety_steps=5),
    Detail(answers=0, observations=3, find_out=3, safety_steps=4),
    Detail(answers=0, observations=3, find_out=3, safety_steps=3),
)
FRAME_HEIGHT = PAGE_HEIGHT - TOP - BOTTOM
SLACK = 6  # points: the frame also loses a little to spacing the sum does not see


def _top(summary: Summary) -> list[Flowable]:
    w = summary.words
    return [
        para(summary.document_title, TITLE),
        # A line of this case alone (its reference): not kept for other summaries.
        para(f"{summary.status_text} · {w.case_reference} {summary.case_reference}", STATUS,
             keep=False),
        Spacer(1, 2 * mm),
    ]


def safety_box(summary: Summary, detail: Detail = DETAILS[0]) -> list[Flowable]:
    """Box the safety part; it is never split across pages."""
    w = summary.words
    border, background = SAFETY_COLOURS.get(summary.safety, SAFETY_COLOURS["unknown"])
    cells: list[Flowable] = [
        para(w.safety, derive("boxhead", H2, textColor=border, spaceBefore=0)),
        para(summary.safety_label, OUTCOME),
    ]
    if summary.safety == "acute":
        cells.append(para(w.report_now, derive("now", BOLD_BODY, textColor=border)))
    for route in summary.routes:
        if route.safety:
            if route.title != summary.safety_label:  # else the box says it twice in a row
                cells.append(para(route.title, derive("route", H3, textColor=border)))
            cells += steps(route, detail.safety_steps)
            if detail.safety_steps is not None and len(route.steps) > detail.safety_steps:
                cells.append(para(w.more_steps, SMALL))
    if summary.safety_reasons:
        if summary.safety in ("concern", "acute"):
            cells.append(para(w.safety_signals, BOLD_BODY))
        # The answers behind each signal are in the appendix: the box stays on page one.
        for line in summary.safety_reasons:
            cells += reason(line, answers=0 if summary.safety in ("concern", "acute") else None)
    box = table(
        [[cell] for cell in cells], [WIDTH],
        [("BOX", (0, 0), (-1, -1), 1.2, border), ("BACKGROUND", (0, 0), (-1, -1), background),
         ("LEFTPADDING", (0, 0), (-1, -1), 7), ("RIGHTPADDING", (0, 0), (-1, -1), 7),
         ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
         ("TOPPADDING", (0, 0), (-1, 0), 4), ("BOTTOMPADDING", (0, -1), (-1, -1), 4)],
    )
    return [KeepTogether([box])]


def _outcome(summary: Summary, detail: Detail) -> list[Flowable]:
    w = summary.words
    flowables = heading(w.outcome)
    flowables.append(para(summary.tier_label, OUTCOME))
    if summary.could_become:
        flowables.append(para(f"{w.could_become}: {summary.could_become}", BODY))
    flowables.append(para(f"{w.parenting}: {summary.parenting_label}", BOLD_BODY))
    if summary.observations:
        flowables.append(para(w.observations, H3))
        for line in summary.observations[:detail.observations]:
            flowables += reason(line, answers=detail.answers)
    return flowables


def _judgement(summary: Summary) -> list[Flowable]:
    judgement = summary.judgement
    flowables = heading(summary.words.judgement)
    flowables.append(para(judgement.text, BODY))
    if judgement.reason:
        flowables += paras(judgement.reason, NOTE)
    return flowables


def _first_steps(summary: Summary) -> list[Flowable]:
    w = summary.words
    route = next((r for r in summary.routes if not r.safety), None)
    flowables: list[Flowable] = []
    if route is not None:
        flowables += heading(f"{w.first_steps}: {route.title}")
        flowables += steps(route, len(summary.first_steps))
        if len(route.steps) > len(summary.first_steps) or route.avoid:
            flowables.append(para(w.more_steps, SMALL))
    if summary.contacts:
        flowables.append(para(w.contacts, H3))
        for entry in summary.contacts:
            flowables += contact(entry, w.contact_missing)
    return flowables


def _to_find_out(summary: Summary, detail: Detail) -> list[Flowable]:
    w = summary.words
    flowables = heading(w.to_find_out)
    if not summary.to_find_out:
        return flowables + [para(w.nothing_to_find_out, BODY)]
    flowables += [para(q, ITEM, bullet="•") for q in summary.to_find_out[:detail.find_out]]
    if len(summary.to_find_out) > detail.find_out:
        flowables.append(para(w.more_to_find_out, SMALL))
    return flowables


def _closing(summary: Summary) -> list[Flowable]:
    w = summary.words
    when = summary.next_screening or w.no_next_screening
    return [
        Spacer(1, 2 * mm),
        para(f"{w.next_screening}: {when}", BOLD_BODY, keep=False),
        para(f"{w.filled_in_by}: {summary.filled_in_by} · {w.organisation}: "
             f"{summary.organisation}", BODY, keep=False),
    ]


def height(flowables: list[Flowable]) -> float:
    """Return about how high flowables stand in the frame, spacing included."""
    total = 0.0
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):  # it needs a canvas to wrap; its parts do not
            total += height(list(flowable._content))
            continue
        _, tall = flowable.wrap(WIDTH, FRAME_HEIGHT)
        total += tall + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def page_one(summary: Summary) -> list[Flowable]:
    """Return page one in the order of the issue that asked for it, as detailed as fits.

    Long safety routes or many observations cost detail (answers first, then steps and
    list items), never a part: the parts always stay on page one where they can.
    """
    top, judgement = _top(summary), _judgement(summary)
    first_steps, closing = _first_steps(summary), _closing(summary)
    room = FRAME_HEIGHT - SLACK - sum(height(part) for part in (top, judgement, first_steps, closing))

    def parts(index: int) -> tuple[tuple[list[Flowable], ...], bool]:
        detail = DETAILS[index]
        built = (safety_box(summary, detail), _outcome(summary, detail),
                 _to_find_out(summary, detail))
        return built, sum(height(part) for part in built) <= room

    # Less detail is never taller: find the most detailed level that fits by halving.
    best, fits = parts(len(DETAILS) - 1)
    low, high = 0, len(DETAILS) - 1
    while fits and low < high:
        middle = (low + high) // 2
        candidate, middle_fits = parts(middle)
        if middle_fits:
            best, high = candidate, middle
        else:
            low = middle + 1
    safety, outcome, find_out = best
    return [*top, *safety, *outcome, *judgement, *first_steps, *find_out, *closing]


def story(summary: Summary) -> list[Flowable]:
    """Return every flowable of the summary: page one, then the appendix on its own pages."""
    return [*page_one(summary), PageBreak(), *appendix(summary)]
