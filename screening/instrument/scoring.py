"""Turn answers into a result: shown items, domain scores, flags, decisions and reasons."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .advice import route_ids
from .conditions import UNKNOWN, Condition, Facts, FlagLeaf, ItemLeaf, holds, witnesses
from .model import Decision, Instrument, Item, Text

Answer = str | int
AnswerPair = tuple[str, Answer]

DEFAULT_SAFETY_REASON = Text(
    nl="Geen signaal over veiligheid in de gegeven antwoorden.",
    en="No safety signal in the answers given.",
)
DEFAULT_RULE_REASON = Text(
    nl="Geen enkele regel van de vragenlijst past bij deze antwoorden. Daarom geldt de uitkomst "
       "die de vragenlijst dan geeft.",
    en="No rule of the questionnaire fits these answers, so the outcome it gives then applies.",
)


class AnswerError(ValueError):
    """Reject an answer: unknown item, invalid option, bad number or too long a text."""

    def __init__(self, item_id: str, message: str) -> None:
        self.item_id = item_id
        super().__init__(f"item '{item_id}': {message}")


@dataclass(frozen=True, slots=True)
class DomainScore:
    """Hold the score of one scored section and the highest score it can reach."""

    score: int
    max: int


@dataclass(frozen=True, slots=True)
class Completeness:
    """Count shown, answered, unknown, unanswered and hidden items, and essential ones."""

    shown: int
    answered: int
    unknown: int
    unanswered: int
    not_shown: int
    essential_shown: int
    essential_known: int


@dataclass(frozen=True, slots=True)
class Reason:
    """Explain one decision: the rule, flag or default behind it and the answers that drove it."""

    decision: str
    outcome: str
    text: Text
    source: str
    answers: tuple[AnswerPair, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict."""
        return {
            "decision": self.decision,
            "outcome": self.outcome,
            "text": {"nl": self.text.nl, "en": self.text.en},
            "source": self.source,
            "answers": [[item_id, answer] for item_id, answer in self.answers],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reason:
        """Rebuild a reason from `to_dict` output."""
        return cls(
            decision=str(data["decision"]),
            outcome=str(data["outcome"]),
            text=Text(nl=data["text"]["nl"], en=data["text"]["en"]),
            source=str(data["source"]),
            answers=tuple((str(pair[0]), pair[1]) for pair in data["answers"]),
        )


@dataclass(frozen=True, slots=True)
class Result:
    """Hold everything a screening concludes; stored as `to_dict()` and rebuilt by `from_dict`."""

    safety: str
    tier: str
    parenting: str
    routes: tuple[str, ...]
    domain_scores: Mapping[str, DomainScore] = field(hash=False)
    flags: tuple[str, ...]
    reasons: tuple[Reason, ...]
    completeness: Completeness
    to_find_out: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict with exactly the documented keys."""
        c = self.completeness
        return {
            "safety": self.safety,
            "tier": self.tier,
            "parenting": self.parenting,
            "routes": list(self.routes),
            "domain_scores": {
                key: {"score": value.score, "max": value.max}
                for key, value in self.domain_scores.items()
            },
            "flags": list(self.flags),
            "reasons": [reason.to_dict() for reason in self.reasons],
            "completeness": {
                "shown": c.shown, "answered": c.answered, "unknown": c.unknown,
                "unanswered": c.unanswered, "not_shown": c.not_shown,
                "essential_shown": c.essential_shown, "essential_known": c.essential_known,
            },
            "to_find_out": list(self.to_find_out),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        """Rebuild a result from `to_dict` output (as stored in the database)."""
        return cls(
            safety=str(data["safety"]),
            tier=str(data["tier"]),
            parenting=str(data["parenting"]),
            routes=tuple(str(route) for route in data["routes"]),
            domain_scores=MappingProxyType({
                str(key): DomainScore(score=int(value["score"]), max=int(value["max"]))
                for key, value in data["domain_scores"].items()
            }),
            flags=tuple(str(flag) for flag in data["flags"]),
            reasons=tuple(Reason.from_dict(reason) for reason in data["reasons"]),
            completeness=Completeness(**{k: int(v) for k, v in data["completeness"].items()}),
            to_find_out=tuple(str(item_id) for item_id in data["to_find_out"]),
        )


def _clean(item: Item, value: object) -> Answer | None:
    """Return the cleaned answer to one item, None for an empty one, or raise AnswerError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if item.type in ("choice", "yesno"):
        if not isinstance(value, str) or item.option(value.strip()) is None:
            codes = ", ".join(option.code for option in item.options)
            raise AnswerError(item.id, f"{value!r} is not an option; use one of {codes}")
        return value.strip()
    if item.type == "number":
        if isinstance(value, str) and value.strip() == UNKNOWN:
            return UNKNOWN
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str):
            try:
                number = int(value.strip())
            except ValueError:
                number = None
        if number is None:
            raise AnswerError(item.id, f"{value!r} is not a whole number")
        low, high = item.min, item.max
        if (low is not None and number < low) or (high is not None and number > high):
            raise AnswerError(item.id, f"{number} is not between {low} and {high}")
        return number
    if not isinstance(value, str):
        raise AnswerError(item.id, f"{value!r} is not text")
    text = value.strip()
    if len(text) > item.text_limit:
        raise AnswerError(item.id, f"the text is longer than {item.text_limit} characters")
    return text


def _clean_all(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, Answer]:
    strays = sorted(str(key) for key in answers if not _has_item(instrument, key))
    if strays:
        raise AnswerError(strays[0], "there is no such item in this instrument")
    cleaned: dict[str, Answer] = {}
    for item in instrument.items():
        if item.id in answers:
            value = _clean(item, answers[item.id])
            if value is not None:
                cleaned[item.id] = value
    return cleaned


def _has_item(instrument: Instrument, item_id: object) -> bool:
    if not isinstance(item_id, str):
        return False
    try:
        instrument.item(item_id)
    except KeyError:
        return False
    return True


def _visibility(
    instrument: Instrument, cleaned: Mapping[str, Answer]
) -> tuple[list[Item], dict[str, Answer]]:
    """Walk the items in order, keeping those whose condition holds on earlier shown answers."""
    shown: list[Item] = []
    shown_ids: set[str] = set()
    given: dict[str, Answer] = {}
    facts = Facts(answers=given, shown=shown_ids)
    for item in instrument.items():
        if item.condition is None or holds(item.condition, facts):
            shown.append(item)
            shown_ids.add(item.id)
            if item.id in cleaned:
                given[item.id] = cleaned[item.id]
    return shown, given


def visible_items(instrument: Instrument, answers: Mapping[str, Answer]) -> list[Item]:
    """Return the items shown for these answers, in order; raise AnswerError on a bad answer."""
    return _visibility(instrument, _clean_all(instrument, answers))[0]


def validate_answers(instrument: Instrument, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """Return the cleaned answers of shown items (numbers as int, empty ones dropped)."""
    return _visibility(instrument, _clean_all(instrument, answers))[1]


def _driving_answers(
    condition: Condition,
    facts: Facts,
    flag_answers: Mapping[str, tuple[AnswerPair, ...]],
) -> tuple[AnswerPair, ...]:
    """Return the answers of item leaves that made the condition hold, through flags too."""
    found: dict[str, Answer] = {}
    for leaf in witnesses(condition, facts):
        if isinstance(leaf, ItemLeaf):
            found.setdefault(leaf.item, facts.answers.get(leaf.item, UNKNOWN))
        elif isinstance(leaf, FlagLeaf):
            for item_id, answer in flag_answers.get(leaf.flag, ()):
                found.setdefault(item_id, answer)
    return tuple(found.items())


def _decide(
    decision: str,
    rules_owner: Decision,
    facts: Facts,
    flag_answers: Mapping[str, tuple[AnswerPair, ...]],
) -> tuple[str, Reason]:
    for rule in rules_owner.rules:
        if holds(rule.when, facts):
            answers = _driving_answers(rule.when, facts, flag_answers)
            return rule.outcome, Reason(decision, rule.outcome, rule.reason, "rule", answers)
    default = rules_owner.default
    return default, Reason(decision, default, DEFAULT_RULE_REASON, "default")


def score(instrument: Instrument, answers: Mapping[str, Answer]) -> Result:
    """Score answers against an instrument; pure and deterministic; raise AnswerError."""
    shown, given = _visibility(instrument, _clean_all(instrument, answers))

    totals: dict[str, list[int]] = {
        section.id: [] for section in instrument.sections if section.score != "none"
    }
    answered = unknown = essential_shown = essential_known = 0
    to_find_out: list[str] = []
    for item in shown:
        answer = given.get(item.id)
        known = answer is not None and answer != UNKNOWN
        if known:
            answered += 1
            option = item.option(answer) if isinstance(answer, str) else None
            scores = totals.get(instrument.section_of(item.id).id)
            if option is not None and scores is not None:
                scores.append(option.score)
        elif answer is not None:
            unknown += 1
        if item.essential:
            essential_shown += 1
            if known:
                essential_known += 1
            else:
                to_find_out.append(item.id)
    domains: dict[str, int] = {}
    domain_scores: dict[str, DomainScore] = {}
    for section in instrument.sections:
        if section.id in totals:
            values = totals[section.id]
            total = sum(values) if section.score == "sum" else max(values, default=0)
            domains[section.id] = total
            domain_scores[section.id] = DomainScore(total, section.max_score)

    raised: list[str] = []
    raised_set: set[str] = set()
    facts = Facts(
        answers=given,
        shown={item.id for item in shown},
        flags=raised_set,
        domains=domains,
        unknown_essential=essential_shown - essential_known,
    )
    flag_answers: dict[str, tuple[AnswerPair, ...]] = {}
    for flag in instrument.flags:
        if holds(flag.when, facts):
            flag_answers[flag.id] = _driving_answers(flag.when, facts, flag_answers)
            raised.append(flag.id)
            raised_set.add(flag.id)

    reasons: list[Reason] = []
    for level in ("acute", "concern"):
        for flag in instrument.flags:
            if flag.safety == level and flag.id in flag_answers:
                reasons.append(Reason("safety", level, flag.label, "flag", flag_answers[flag.id]))
    safety = reasons[0].outcome if reasons else "none"
    if not reasons:
        reasons.append(Reason("safety", "none", DEFAULT_SAFETY_REASON, "default"))
    tier, tier_reason = _decide("tier", instrument.scoring.tier, facts, flag_answers)
    parenting, parenting_reason = _decide(
        "parenting", instrument.scoring.parenting, facts, flag_answers
    )
    reasons += [tier_reason, parenting_reason]

    return Result(
        safety=safety,
        tier=tier,
        parenting=parenting,
        routes=route_ids(instrument, safety, tier),
        domain_scores=MappingProxyType(domain_scores),
        flags=tuple(raised),
        reasons=tuple(reasons),
        completeness=Completeness(
            shown=len(shown),
            answered=answered,
            unknown=unknown,
            unanswered=len(shown) - answered - unknown,
            not_shown=len(instrument.items()) - len(shown),
            essential_shown=essential_shown,
            essential_known=essential_known,
        ),
        to_find_out=tuple(to_find_out),
    )
