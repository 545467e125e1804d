"""The plain, frozen data of a printed summary, resolved to one language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .words import Words


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

    decision: str  # "safety", "tier", "parenting" or "signal"
    outcome: str
    text: str
    answers: tuple[AnswerLine, ...] = ()
    matched: tuple[str, ...] = ()  # labels of the flags that held (an any-of names only those)


@dataclass(frozen=True, slots=True)
class DomainLine:
    """Give the score of one scored section against its maximum."""

    id: str
    title: str
    score: int
    max: int


@dataclass(frozen=True, slots=True)
class Contact:
    """Name one local contact a route refers to; `missing` when the coordinator left it empty."""

    kind: str
    label: str  # the kind in words: "Wijkteam of CJG"
    name: str = ""
    phone: str = ""
    website: str = ""
    note: str = ""
    missing: bool = False

    @property
    def line(self) -> str:
        """Return the contact as one printable line: name, phone and website."""
        return " · ".join(part for part in (self.name, self.phone, self.website) if part)


@dataclass(frozen=True, slots=True)
class RouteBlock:
    """Describe one suggested route; `safety` is true for a Meldcode route."""

    id: str
    title: str
    why: str
    steps: tuple[str, ...]
    avoid: tuple[str, ...]
    safety: bool = False
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True, slots=True)
class Judgement:
    """Hold the professional's judgement, written in the third person for the file."""

    kind: str | None  # "agree", "other" or None (not given yet)
    text: str  # "De professional is het eens met de uitkomst."
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
    """Hold everything the printed summary shows, resolved to one language.

    Page one shows, in order: status, safety, outcome and what it could become, parenting,
    observations, judgement, first steps with contacts, what to find out, the next screening
    and who filled it in. The appendix shows everything else once.
    """

    words: Words
    language: str
    title: str
    document_title: str  # the PDF metadata title: instrument title and "samenvatting"
    version: str
    short_hash: str
    organisation: str
    case_reference: str
    filled_in_by: str  # "Name, profession"
    screened_at: datetime
    date_text: str  # formatted by Babel, like the pages
    draft: bool
    status_text: str  # "Concept, 15 maart 2024 10:30" / "Afgerond op 15 maart 2024 10:30"
    safety: str
    safety_label: str
    safety_reasons: tuple[ReasonLine, ...]
    tier: str
    tier_label: str
    could_become: str | None  # "Complexe scheiding, als ..." or None when nothing can change it
    parenting: str
    parenting_label: str
    reasons: tuple[ReasonLine, ...]
    observations: tuple[ReasonLine, ...]  # at most five, for page one
    signals: tuple[str, ...]
    completeness: str
    domains: tuple[DomainLine, ...]
    to_find_out: tuple[str, ...]
    routes: tuple[RouteBlock, ...]
    first_steps: tuple[str, ...]
    contacts: tuple[Contact, ...]
    next_screening: str | None
    judgement: Judgement
    notes: tuple[Note, ...]
    sections: tuple[SectionAnswers, ...]
    disclaimer: str
    outlook_tier: str | None = None  # the tier the open questions could give, when they matter
    outlook_label: str = ""
    decisive: tuple[str, ...] = ()  # the questions that decide it, biggest change first
    provisional: bool = False  # a draft whose last page was not reached: no verdict yet
