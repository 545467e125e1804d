"""Build the plain data a printed screening summary shows; no Flask, no SQLAlchemy, no PDF.

The PDF module only lays out what is here. Every text is already resolved to one
language, so the layout never needs the instrument, and every word that is not in the
instrument (headings, labels, the Meldcode steps) comes in through `Headings`, which the
caller builds with gettext.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from .answer_text import AnswerWords, answer_text
from .instrument import (
    UNKNOWN,
    Instrument,
    Item,
    Reason,
    Result,
    routes_for,
    validate_answers,
    visible_items,
)

CHILD_SECTION = "child"
HASH_LENGTH = 12
JUDGEMENTS = ("agree", "other")


@dataclass(frozen=True, slots=True)
class Headings:
    """Hold every printed word that does not come from the instrument, in one language."""

    summary: str  # added to the instrument title: "... — samenvatting"
    confidential: str  # footer: "Vertrouwelijk"
    draft: str  # watermark: "CONCEPT"
    page: str  # "pagina %(page)s van %(pages)s"
    organisation: str
    case_reference: str
    date: str
    profession: str
    instrument: str
    version: str  # "versie %(version)s (%(hash)s)"
    date_format: str  # strftime pattern with numbers only, e.g. "%d-%m-%Y %H:%M"
    safety_first: str  # "Veiligheid eerst"
    meldcode: str  # introduces the steps: "Volg de stappen van de Meldcode"
    meldcode_steps: tuple[str, ...]
    report_now: str  # only for acute danger
    safety_signals: str
    outcome: str  # "Uitkomst"
    safety: str
    parenting: str
    signals: str
    completeness: str  # "%(answered)s van %(shown)s vragen beantwoord, %(unknown)s onbekend"
    domain_scores: str
    to_find_out: str  # "Nog uitzoeken"
    nothing_to_find_out: str
    route: str  # "Voorgestelde route"
    steps: str
    avoid: str
    judgement: str
    judgement_agree: str
    judgement_other: str  # "Je koos een andere uitkomst: %(outcome)s"
    judgement_reason: str
    judgement_none: str
    notes: str
    answers: str
    question: str
    answer: str
    unknown_answer: str  # "Onbekend", for numbers answered as unknown
    not_answered: str
    disclaimer: str
    safety_labels: Mapping[str, str] = field(hash=False)
    tier_labels: Mapping[str, str] = field(hash=False)
    parenting_labels: Mapping[str, str] = field(hash=False)


@dataclass(frozen=True, slots=True)
class AnswerLine:
    """Pair a question with its printed answer; `unknown` marks "unknown" or no answer."""

    question: str
    answer: str
    unknown: bool = False


@dataclass(frozen=True, slots=True)
class SectionAnswers:
    """List the shown questions of one section with their answers."""

    id: str
    title: str
    lines: tuple[AnswerLine, ...]


@dataclass(frozen=True, slots=True)
class ReasonLine:
    """Explain one decision in words, with the answers that drove it."""

    decision: str  # "safety", "tier" or "parenting"
    outcome: str
    text: str
    answers: tuple[AnswerLine, ...] = ()


@dataclass(frozen=True, slots=True)
class DomainLine:
    """Give the score of one scored section against its maximum."""

    id: str
    title: str
    score: int
    max: int


@dataclass(frozen=True, slots=True)
class RouteBlock:
    """Describe one suggested route; `safety` is true for a Meldcode route."""

    id: str
    title: str
    why: str
    steps: tuple[str, ...]
    avoid: tuple[str, ...]
    safety: bool = False


@dataclass(frozen=True, slots=True)
class Judgement:
    """Hold the professional's judgement: agreed, or another outcome with a reason."""

    kind: str | None  # "agree", "other" or None (not given yet)
    chosen: str | None = None  # the label of the chosen outcome
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """Hold the professional's note on one section."""

    section_id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Summary:
    """Hold everything the printed summary shows, resolved to one language."""

    headings: Headings
    language: str
    title: str
    document_title: str  # the PDF metadata title: instrument title and "samenvatting"
    version: str
    short_hash: str
    organisation: str
    case_reference: str
    profession: str
    screened_at: datetime
    draft: bool
    safety: str
    safety_label: str
    safety_reasons: tuple[ReasonLine, ...]
    tier: str
    tier_label: str
    parenting: str
    parenting_label: str
    reasons: tuple[ReasonLine, ...]
    signals: tuple[str, ...]
    completeness: str
    domains: tuple[DomainLine, ...]
    child: SectionAnswers | None
    to_find_out: tuple[str, ...]
    routes: tuple[RouteBlock, ...]
    judgement: Judgement
    notes: tuple[Note, ...]
    sections: tuple[SectionAnswers, ...]
    disclaimer: str

    @property
    def date_text(self) -> str:
        """Return the screening moment in the headings' date format."""
        return self.screened_at.strftime(self.headings.date_format)


def answer_line(
    item: Item, answer: str | int | None, language: str, headings: Headings
) -> AnswerLine:
    """Return a question with its answer as printed: option label, number or text."""
    words = AnswerWords(not_answered=headings.not_answered, unknown=headings.unknown_answer)
    text = answer_text(item, answer, language, words)
    return AnswerLine(item.text.get(language), text.text, unknown=text.open)


def _reason_line(
    reason: Reason, instrument: Instrument, language: str, headings: Headings
) -> ReasonLine:
    lines = []
    for item_id, answer in reason.answers:
        try:
            item = instrument.item(item_id)
        except KeyError:  # a stored result from a changed draft instrument
            lines.append(AnswerLine(item_id, str(answer), unknown=answer == UNKNOWN))
            continue
        lines.append(answer_line(item, answer, language, headings))
    return ReasonLine(reason.decision, reason.outcome, reason.text.get(language), tuple(lines))


def _question(instrument: Instrument, item_id: str, language: str) -> str:
    try:
        return instrument.item(item_id).text.get(language)
    except KeyError:  # a stored result from a changed draft instrument
        return item_id


def _label(labels: Mapping[str, str], code: str) -> str:
    return labels.get(code, code)


def _judgement(
    judgement: str | None,
    chosen_tier: str | None,
    reason: str | None,
    labels: Mapping[str, str],
) -> Judgement:
    if judgement not in JUDGEMENTS:
        return Judgement(None)
    if judgement == "agree":
        return Judgement("agree")
    chosen = _label(labels, chosen_tier) if chosen_tier else None
    return Judgement("other", chosen, reason or None)


def _notes(
    notes: Mapping[str, str], instrument: Instrument, language: str, headings: Headings
) -> tuple[Note, ...]:
    """Return non-empty notes in section order, then notes on other keys by key."""
    ordered = []
    for section in instrument.sections:
        text = notes.get(section.id, "")
        if text.strip():
            ordered.append(Note(section.id, section.title.get(language), text))
    known = {section.id for section in instrument.sections}
    for key in sorted(set(notes) - known):
        if notes[key].strip():
            ordered.append(Note(key, key or headings.notes, notes[key]))
    return tuple(ordered)


def build_summary(
    *,
    instrument: Instrument,
    answers: Mapping[str, str | int],
    result: Result,
    language: str,
    headings: Headings,
    organisation: str,
    case_reference: str,
    profession: str,
    screened_at: datetime,
    draft: bool,
    judgement: str | None,
    chosen_tier: str | None,
    judgement_reason: str | None,
    notes: Mapping[str, str],
    child_section: str = CHILD_SECTION,
) -> Summary:
    """Resolve a scored screening into the plain data of its printed summary.

    Raise AnswerError when an answer does not fit the instrument.
    """
    tier_labels = headings.tier_labels
    given = validate_answers(instrument, answers)
    shown = visible_items(instrument, answers)
    shown_ids = {item.id for item in shown}

    sections: list[SectionAnswers] = []
    for section in instrument.sections:
        lines = tuple(
            answer_line(item, given.get(item.id), language, headings)
            for item in section.items
            if item.id in shown_ids
        )
        if lines:
            sections.append(SectionAnswers(section.id, section.title.get(language), lines))
    child = next((s for s in sections if s.id == child_section), None)

    reasons = [_reason_line(r, instrument, language, headings) for r in result.reasons]
    raised = set(result.flags)
    signals = tuple(
        flag.label.get(language)
        for flag in instrument.flags
        if flag.id in raised and flag.safety is None
    )
    domains = tuple(
        DomainLine(section.id, section.title.get(language), value.score, value.max)
        for section in instrument.sections
        if (value := result.domain_scores.get(section.id)) is not None
    )
    safety_route = instrument.route_map.for_safety(result.safety)
    routes = tuple(
        RouteBlock(
            id=route.id,
            title=route.title.get(language),
            why=route.why.get(language),
            steps=tuple(step.get(language) for step in route.steps),
            avoid=tuple(text.get(language) for text in route.avoid),
            safety=route.id == safety_route,
        )
        for route in routes_for(instrument, result.safety, result.tier)
    )
    c = result.completeness
    title = instrument.title.get(language)
    return Summary(
        headings=headings,
        language=language,
        title=title,
        document_title=f"{title} — {headings.summary}",
        version=instrument.version,
        short_hash=instrument.hash[:HASH_LENGTH],
        organisation=organisation,
        case_reference=case_reference,
        profession=profession,
        screened_at=screened_at,
        draft=draft,
        safety=result.safety,
        safety_label=_label(headings.safety_labels, result.safety),
        # When safety is raised, the safety box explains it; otherwise the outcome does.
        safety_reasons=tuple(
            r for r in reasons if r.decision == "safety" and result.safety != "none"
        ),
        tier=result.tier,
        tier_label=_label(tier_labels, result.tier),
        parenting=result.parenting,
        parenting_label=_label(headings.parenting_labels, result.parenting),
        reasons=tuple(
            r for r in reasons if r.decision != "safety" or result.safety == "none"
        ),
        signals=signals,
        completeness=headings.completeness
        % {"answered": c.answered, "shown": c.shown, "unknown": c.unknown},
        domains=domains,
        child=child,
        to_find_out=tuple(_question(instrument, i, language) for i in result.to_find_out),
        routes=routes,
        judgement=_judgement(judgement, chosen_tier, judgement_reason, tier_labels),
        notes=_notes(notes, instrument, language, headings),
        sections=tuple(sections),
        disclaimer=instrument.disclaimer.get(language),
    )
