"""Turn answers into a result: shown items, domain scores, flags, decisions and reasons.

`evaluate` works out the outcome alone (fast: it is run again for each open question by
`outlook`); `score` adds the reasons, completeness, routes and what the outcome could become.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .advice import applicable_steps, route_ids
from .answers import Answer, AnswerPair, clean_all, is_known, visibility
from .compiled import Witness
from .conditions import UNKNOWN, Facts, FlagLeaf, ItemLeaf, UnknownEssentialLeaf
from .model import Decision, Flag, Instrument, Item, Rule, Text
from .results import Completeness, DomainScore, Reason, Result

__all__ = ["Evaluation", "evaluate", "evaluate_visible", "outcomes", "score"]

DEFAULT_SAFETY_REASON = Text(
    nl="Geen signaal over veiligheid in de gegeven antwoorden.",
    en="No safety signal in the answers given.",
)
GATE_UNKNOWN_REASON = Text(
    nl="Veiligheid is nog niet uitgezocht: de vraag over veiligheid is nog niet beantwoord of "
       "staat op 'onbekend'. Vraag ernaar, of overleg met de aandachtsfunctionaris.",
    en="Safety has not been looked into yet: the safety question is unanswered or 'unknown'. "
       "Ask about it, or consult your organisation's Meldcode officer.",
)
REQUIRED_REASON = Text(
    nl="Er is nog te weinig bekend om te zeggen dat dit een gewone scheiding is: de vragen "
       "hieronder moet je daarvoor weten.",
    en="Too little is known yet to say this is an ordinary divorce: you need to know the "
       "questions below for that.",
)
NO_SIGNALS_REASON = Text(
    nl="Er zijn geen signalen van een moeizame scheiding in de antwoorden.",
    en="There are no signs of a difficult divorce in the answers.",
)
NO_PATTERN_REASON = Text(
    nl="De antwoorden laten (nog) geen duidelijk patroon van ouderschap zien.",
    en="The answers do not show a clear parenting pattern (yet).",
)
DEFAULT_RULE_REASON = Text(
    nl="Geen regel van de vragenlijst past bij deze antwoorden; dan geldt deze uitkomst.",
    en="No rule of the questionnaire fits these answers; then this outcome applies.",
)


@dataclass(slots=True)
class Evaluation:
    """The outcome of answers before it is explained: what is shown, raised and decided."""

    shown: list[Item]
    given: dict[str, Answer]
    facts: Facts
    raised: list[Flag]
    safety: str
    tier: str
    tier_rule: Rule | None
    missing_required: tuple[str, ...]
    open_essential: tuple[str, ...]
    cleaned: Mapping[str, Answer]
    """Every cleaned answer, also those of hidden items (a follow-up may appear later)."""


def _domain_totals(instrument: Instrument, shown: list[Item],
                   given: Mapping[str, Answer]) -> dict[str, int]:
    """Add up (or take the highest of) the option scores of known answers per scored section."""
    values: dict[str, list[int]] = {section_id: [] for section_id, _ in instrument.scored_sections}
    scored = instrument.scored_options
    for item in shown:
        entry = scored.get(item.id)
        if entry is not None:
            answer = given.get(item.id)
            if answer is not None and answer != UNKNOWN:  # numbers find no option score
                option_score = entry[1].get(answer)  # type: ignore[arg-type]
                if option_score is not None:
                    values[entry[0]].append(option_score)
    return {section_id: sum(values[section_id]) if adds_up else max(values[section_id], default=0)
            for section_id, adds_up in instrument.scored_sections}


def _safety_level(instrument: Instrument, raised: list[Flag],
                  given: Mapping[str, Answer]) -> str:
    """Acute before concern; else 'unknown' when the declared safety gate is not known."""
    levels = {flag.safety for flag in raised}
    if "acute" in levels:
        return "acute"
    if "concern" in levels:
        return "concern"
    gate = instrument.roles.safety_gate
    if gate is not None and not is_known(given.get(gate)):
        return "unknown"
    return "none"


def _first_rule(decision: Decision, facts: Facts) -> Rule | None:
    for rule in decision.rules:
        if rule.test(facts):
            return rule
    return None


def evaluate_visible(instrument: Instrument, shown: list[Item], given: dict[str, Answer],
                     cleaned: Mapping[str, Answer] | None = None) -> Evaluation:
    """Decide safety and tier for answers whose shown items are already worked out."""
    shown_ids = {item.id for item in shown}
    essential = instrument.essential_ids
    open_essential = tuple(item.id for item in shown
                           if item.id in essential and not is_known(given.get(item.id)))
    raised_ids: set[str] = set()
    facts = Facts(answers=given, shown=shown_ids, flags=raised_ids,
                  domains=_domain_totals(instrument, shown, given),
                  unknown_essential=len(open_essential))
    raised: list[Flag] = []
    for flag in instrument.flags:
        if flag.test(facts):
            raised.append(flag)
            raised_ids.add(flag.id)
    rule = _first_rule(instrument.scoring.tier, facts)
    tier = rule.outcome if rule is not None else instrument.scoring.tier.default
    missing: tuple[str, ...] = ()
    if tier == "ordinary":
        missing = tuple(item_id for item_id in instrument.roles.required_for_ordinary
                        if item_id in shown_ids and not is_known(given.get(item_id)))
        if missing:
            tier = "insufficient"
    return Evaluation(shown, given, facts, raised, _safety_level(instrument, raised, given),
                      tier, rule, missing, open_essential,
                      given if cleaned is None else cleaned)


def evaluate(instrument: Instrument, answers: Mapping[str, object]) -> Evaluation:
    """Clean the answers and decide safety and tier; raise AnswerError on a bad answer."""
    cleaned = clean_all(instrument, answers)
    shown, given = visibility(instrument, cleaned)
    return evaluate_visible(instrument, shown, given, cleaned)


class _Explainer:
    """Find the answers behind a condition, following flags to the answers that raised them."""

    def __init__(self, instrument: Instrument, evaluation: Evaluation) -> None:
        self.instrument = instrument
        self.evaluation = evaluation
        self._flags: dict[str, tuple[AnswerPair, ...]] = {}

    def flag_answers(self, flag: Flag) -> tuple[AnswerPair, ...]:
        if flag.id not in self._flags:
            self._flags[flag.id] = self.answers(flag.explain)[0]
        return self._flags[flag.id]

    def answers(self, witness: Witness) -> tuple[tuple[AnswerPair, ...], tuple[str, ...]]:
        """Return the driving answers of a compiled condition and the ids of the flags that held."""
        facts = self.evaluation.facts
        found: dict[str, Answer] = {}
        matched: list[str] = []
        # type() rather than isinstance(): pydantic's isinstance check is slow in a hot loop.
        for leaf in witness(facts, True):
            kind = type(leaf)
            if kind is ItemLeaf:
                item = leaf.item  # type: ignore[union-attr]
                if item not in found:
                    found[item] = facts.answers.get(item, UNKNOWN)
            elif kind is FlagLeaf:
                flag = leaf.flag  # type: ignore[union-attr]
                if flag in facts.flags and flag not in matched:
                    matched.append(flag)
                    for item_id, answer in self.flag_answers(self.instrument.flag(flag)):
                        found.setdefault(item_id, answer)
            elif kind is UnknownEssentialLeaf:
                for item_id in self.evaluation.open_essential:
                    found.setdefault(item_id, facts.answers.get(item_id, UNKNOWN))
        return tuple(found.items()), tuple(matched)


def _safety_reasons(instrument: Instrument, evaluation: Evaluation,
                    explain: _Explainer) -> list[Reason]:
    reasons = [Reason("safety", level, flag.label, "flag", explain.flag_answers(flag))
               for level in ("acute", "concern")
               for flag in evaluation.raised if flag.safety == level]
    gate = instrument.roles.safety_gate
    if reasons:
        return reasons
    if evaluation.safety == "unknown" and gate is not None:
        answer = evaluation.given.get(gate, UNKNOWN)
        return [Reason("safety", "unknown", GATE_UNKNOWN_REASON, "gate", ((gate, answer),))]
    return [Reason("safety", "none", DEFAULT_SAFETY_REASON, "default")]


def _default_reason(decision: str, outcome: str) -> Text:
    if decision == "tier" and outcome == "ordinary":
        return NO_SIGNALS_REASON
    if decision == "parenting" and outcome == "unknown":
        return NO_PATTERN_REASON
    return DEFAULT_RULE_REASON


def _rule_reason(decision: str, rule: Rule | None, default: str,
                 explain: _Explainer) -> Reason:
    if rule is None:
        return Reason(decision, default, _default_reason(decision, default), "default")
    answers, matched = explain.answers(rule.explain)
    return Reason(decision, rule.outcome, rule.reason, "rule", answers, matched)


def _tier_reason(instrument: Instrument, evaluation: Evaluation,
                 explain: _Explainer) -> Reason:
    if evaluation.missing_required:
        given = evaluation.given
        answers = tuple((item_id, given.get(item_id, UNKNOWN))
                        for item_id in evaluation.missing_required)
        return Reason("tier", "insufficient", REQUIRED_REASON, "required", answers)
    return _rule_reason("tier", evaluation.tier_rule, instrument.scoring.tier.default, explain)


def _completeness(instrument: Instrument, evaluation: Evaluation) -> Completeness:
    shown, given = evaluation.shown, evaluation.given
    answered = unknown = essential_shown = 0
    for item in shown:  # one pass: every score counts these
        answer = given.get(item.id)
        if answer == UNKNOWN:
            unknown += 1
        elif answer is not None:
            answered += 1
        essential_shown += item.essential
    return Completeness(
        shown=len(shown), answered=answered, unknown=unknown,
        unanswered=len(shown) - answered - unknown,
        not_shown=len(instrument.all_items) - len(shown),
        essential_shown=essential_shown,
        essential_known=essential_shown - len(evaluation.open_essential),
    )


def _domain_scores(instrument: Instrument, evaluation: Evaluation) -> dict[str, DomainScore]:
    return {section.id: DomainScore(evaluation.facts.domains[section.id], section.max_score)
            for section in instrument.sections if section.id in evaluation.facts.domains}


def _parenting(instrument: Instrument, facts: Facts) -> tuple[Rule | None, str]:
    rule = _first_rule(instrument.scoring.parenting, facts)
    return rule, rule.outcome if rule is not None else instrument.scoring.parenting.default


def outcomes(instrument: Instrument, evaluation: Evaluation) -> tuple[str, str, str]:
    """Return safety, tier and parenting of evaluated answers as score() decides them.

    Without the reasons, routes and counts: for a save, which stores only these three.
    """
    return evaluation.safety, evaluation.tier, _parenting(instrument, evaluation.facts)[1]


def score(instrument: Instrument, answers: Mapping[str, object], *,
          outlook: bool = True) -> Result:
    """Score answers against an instrument; pure and deterministic; raise AnswerError.

    With `outlook=False` the result leaves out `could_become` and `decisive` (None and ()),
    which cost one more evaluation per open question: for a page that only saves answers.
    """
    from .outlook import could_become_and_decisive  # imported here to avoid a cycle

    evaluation = evaluate(instrument, answers)
    explain = _Explainer(instrument, evaluation)
    parenting_rule, parenting = _parenting(instrument, evaluation.facts)
    reasons = [
        *_safety_reasons(instrument, evaluation, explain),
        _tier_reason(instrument, evaluation, explain),
        _rule_reason("parenting", parenting_rule, instrument.scoring.parenting.default, explain),
    ]
    routes = route_ids(instrument, evaluation.safety, evaluation.tier, evaluation.facts)
    could_become, decisive = (could_become_and_decisive(instrument, evaluation) if outlook
                              else (None, ()))
    return Result(
        safety=evaluation.safety,
        tier=evaluation.tier,
        parenting=parenting,
        routes=routes,
        domain_scores=_domain_scores(instrument, evaluation),
        flags=tuple(flag.id for flag in evaluation.raised),
        reasons=tuple(reasons),
        completeness=_completeness(instrument, evaluation),
        to_find_out=evaluation.open_essential,
        could_become=could_become,
        decisive=decisive,
        route_steps=tuple(applicable_steps(instrument.route(route_id), evaluation.facts)
                          for route_id in routes),
    )
