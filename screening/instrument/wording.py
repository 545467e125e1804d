"""Show the words that changed between two versions, old and new, for a domain expert to read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Instrument, Text


def _texts(instrument: Instrument, language: str) -> Iterator[tuple[str, str]]:
    """Yield (where, text) for every text a person reads, in file order."""
    def get(text: Text | None) -> str | None:
        return None if text is None else text.get(language)

    for name in ("title", "changelog", "intended_users", "purpose", "disclaimer"):
        yield f"instrument {name}", get(getattr(instrument, name)) or ""
    for section in instrument.sections:
        yield f"section {section.id} title", section.title.get(language)
        if section.intro is not None:
            yield f"section {section.id} intro", section.intro.get(language)
        for item in section.items:
            yield f"item {item.id} question", item.text.get(language)
            if item.help is not None:
                yield f"item {item.id} help", item.help.get(language)
            if item.type == "yesno":
                continue  # the standard Ja / Nee / Onbekend never change
            for option in item.options:
                yield f"item {item.id} option {option.code}", option.label.get(language)
    for flag in instrument.flags:
        yield f"flag {flag.id}", flag.label.get(language)
    for name in ("tier", "parenting"):
        for rule in getattr(instrument.scoring, name).rules:
            # Rules have no ids; the reason text itself identifies a rule for a reader.
            yield f"{name} rule ({rule.outcome})", rule.reason.get(language)
    for route in instrument.routes:
        yield f"route {route.id} title", route.title.get(language)
        yield f"route {route.id} why", route.why.get(language)
        for step in route.steps:
            yield f"route {route.id} step", step.get(language)
        for avoid in route.avoid:
            yield f"route {route.id} avoid", avoid.get(language)


def wording_lines(old: Instrument, new: Instrument, language: str = "nl") -> list[str]:
    """List every text that was removed or added between two versions, grouped by place.

    A text that changed shows as its old words ('-') followed by its new words ('+').
    Texts that stayed the same are left out.
    """
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    order: list[str] = []
    # The new version's order first, so an added question sits where it is asked.
    for where, text in _texts(new, language):
        after.setdefault(where, []).append(text)
        if where not in order:
            order.append(where)
    for where, text in _texts(old, language):
        before.setdefault(where, []).append(text)
        if where not in order:
            order.append(where)
    lines: list[str] = []
    for where in order:
        gone = [text for text in before.get(where, []) if text not in after.get(where, [])]
        came = [text for text in after.get(where, []) if text not in before.get(where, [])]
        if not gone and not came:
            continue
        lines.append(f"{where}:")
        lines += [f"  - {text}" for text in gone]
        lines += [f"  + {text}" for text in came]
    return lines
