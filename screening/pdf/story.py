"""Page one of the summary, in the order a reader needs it; the appendix follows it."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from ..summary import Summary
from .appendix import appendix
from .parts import contact, reason, steps
from .styles import (
    BODY,
    BOLD_BODY,
    H2,
    H3,
    ITEM,
    NOTE,
    OUTCOME,
    SAFETY_COLOURS,
    SMALL,
    STATUS,
    TITLE,
    WIDTH,
    derive,
    heading,
    para,
    paras,
    table,
)

PAGE_ONE_FIND_OUT = 6
PAGE_ONE_ANSWERS = 2  # answers behind an observation on page one; all are in the appendix


def _top(summary: Summary) -> list[Flowable]:
    w = summary.words
    return [
        para(summary.document_title, TITLE),
        para(f"{summary.status_text} · {w.case_reference} {summary.case_reference}", STATUS),
        Spacer(1, 2 * mm),
    ]


def safety_box(summary: Summary) -> list[Flowable]:
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
            cells += [para(route.title, derive("route", H3, textColor=border)), *steps(route)]
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


def _outcome(summary: Summary) -> list[Flowable]:
    w = summary.words
    flowables = heading(w.outcome)
    flowables.append(para(summary.tier_label, OUTCOME))
    if summary.could_become:
        flowables.append(para(f"{w.could_become}: {summary.could_become}", BODY))
    flowables.append(para(f"{w.parenting}: {summary.parenting_label}", BOLD_BODY))
    if summary.observations:
        flowables.append(para(w.observations, H3))
        for line in summary.observations:
            flowables += reason(line, answers=PAGE_ONE_ANSWERS)
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


def _to_find_out(summary: Summary) -> list[Flowable]:
    w = summary.words
    flowables = heading(w.to_find_out)
    if not summary.to_find_out:
        return flowables + [para(w.nothing_to_find_out, BODY)]
    flowables += [para(q, ITEM, bullet="•") for q in summary.to_find_out[:PAGE_ONE_FIND_OUT]]
    if len(summary.to_find_out) > PAGE_ONE_FIND_OUT:
        flowables.append(para(w.more_to_find_out, SMALL))
    return flowables


def _closing(summary: Summary) -> list[Flowable]:
    w = summary.words
    when = summary.next_screening or w.no_next_screening
    return [
        Spacer(1, 2 * mm),
        para(f"{w.next_screening}: {when}", BOLD_BODY),
        para(f"{w.filled_in_by}: {summary.filled_in_by} · {w.organisation}: "
             f"{summary.organisation}", BODY),
    ]


def page_one(summary: Summary) -> list[Flowable]:
    """Return the flowables of page one, in the order of the issue that asked for it."""
    return [
        *_top(summary), *safety_box(summary), *_outcome(summary), *_judgement(summary),
        *_first_steps(summary), *_to_find_out(summary), *_closing(summary),
    ]


def story(summary: Summary) -> list[Flowable]:
    """Return every flowable of the summary: page one, then the appendix on its own pages."""
    return [*page_one(summary), PageBreak(), *appendix(summary)]
