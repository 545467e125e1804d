"""Hold what a screening concludes, and store it as JSON through one pydantic TypeAdapter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter

from .answers import AnswerPair
from .model import Text


@dataclass(frozen=True, slots=True)
class DomainScore:
    """Hold the score of one scored section and the highest score it can reach."""

    score: int
    max: int


@dataclass(frozen=True, slots=True)
class Completeness:
    """Count shown items (answered + unknown + unanswered = shown), hidden and essential ones."""

    shown: int
    answered: int
    unknown: int
    unanswered: int
    not_shown: int
    essential_shown: int
    essential_known: int


@dataclass(frozen=True, slots=True)
class Reason:
    """Explain one decision: the rule, flag or default behind it and the answers that drove it.

    `source` is "flag", "rule", "gate" (safety gate not known), "required" (an item needed
    for 'ordinary' is not known) or "default" (nothing else applied). `matched` names the
    flags that held, so an any-of rule shows only the alternatives that were true.
    """

    decision: str
    outcome: str
    text: Text
    source: str
    answers: tuple[AnswerPair, ...] = ()
    matched: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Result:
    """Hold everything a screening concludes; stored as `to_dict()` and rebuilt by `from_dict`.

    `could_become` is the tier when every open question took its most serious answer
    (None in results stored before it existed); `decisive` the open questions that each,
    at their most serious answer, would make the outcome more serious, biggest change first;
    `route_steps` for each route the indexes of the steps that apply (None: all of them).
    """

    safety: str
    tier: str
    parenting: str
    routes: tuple[str, ...]
    domain_scores: Mapping[str, DomainScore] = field(hash=False)
    flags: tuple[str, ...]
    reasons: tuple[Reason, ...]
    completeness: Completeness
    to_find_out: tuple[str, ...]
    could_become: str | None = None
    decisive: tuple[str, ...] = ()
    route_steps: tuple[tuple[int, ...], ...] | None = None

    @property
    def shown_reasons(self) -> tuple[Reason, ...]:
        """Return the reasons to show: safety's, then the real tier and parenting reasons.

        The fallback ("geen signalen van een moeizame scheiding") only when neither the
        tier nor the parenting pattern has a real reason: never beside another reason.
        """
        safety = tuple(reason for reason in self.reasons if reason.decision == "safety")
        others = [reason for reason in self.reasons if reason.decision != "safety"]
        real = tuple(reason for reason in others if reason.source != "default")
        return safety + (real or tuple(r for r in others if r.decision == "tier")[:1])

    @property
    def open_questions(self) -> tuple[str, ...]:
        """Return what to find out first: the decisive questions, then other open essentials."""
        rest = tuple(item_id for item_id in self.to_find_out if item_id not in self.decisive)
        return self.decisive + rest

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict (the shape stored in the database)."""
        data: dict[str, Any] = RESULT_ADAPTER.dump_python(self, mode="json")
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        """Rebuild a result from `to_dict` output; results stored before a key existed load."""
        return RESULT_ADAPTER.validate_python(data)


RESULT_ADAPTER: TypeAdapter[Result] = TypeAdapter(Result)
