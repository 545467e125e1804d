"""Pieces page one and the appendix print the same way: a reason, a contact, route steps."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..summary import Contact, ReasonLine, RouteBlock
from .styles import ITEM, SUB_ITEM, para


def reason(line: ReasonLine, answers: int | None = None) -> list[Flowable]:
    """Return one observation with the answers behind it, the first `answers` when given."""
    flowables: list[Flowable] = [para(line.text, ITEM, bullet="•")]
    shown = line.answers if answers is None else line.answers[:answers]
    flowables += [para(f"{answer.question}: {answer.answer}", SUB_ITEM) for answer in shown]
    return flowables


def contact(entry: Contact, missing: str) -> list[Flowable]:
    """Return one local contact; an empty one says who still has to fill it in."""
    if entry.missing:
        return [para(f"{entry.label}: {missing}", ITEM, bullet="•")]
    flowables: list[Flowable] = [para(f"{entry.label}: {entry.line}", ITEM, bullet="•")]
    if entry.note:
        flowables.append(para(entry.note, SUB_ITEM))
    return flowables


def steps(route: RouteBlock, count: int | None = None) -> list[Flowable]:
    """Return the numbered steps of a route, the first `count` of them when given."""
    shown = route.steps if count is None else route.steps[:count]
    return [para(step, ITEM, bullet=f"{n}.") for n, step in enumerate(shown, 1)]
