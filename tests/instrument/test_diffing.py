"""`questionnaire diff` aligns the tier and parenting rules, so a domain expert reads what changed.

Before, rules were compared by position: one rule added at the top printed every rule below it
as changed ("tier rule 1: outcome complex -> watch", ...), which is how 1.0 -> 1.1 read.
"""

from __future__ import annotations

from screening.instrument import Instrument
from screening.instrument.diffing import diff_lines
from screening.instrument.model import Rule

from .conftest import TINY


def with_tier_rules(*rules: Rule) -> Instrument:
    tier = TINY.scoring.tier.model_copy(update={"rules": tuple(rules)})
    return TINY.model_copy(update={"scoring": TINY.scoring.model_copy(update={"tier": tier})})


def rule_lines(old: Instrument, new: Instrument) -> list[str]:
    return [line for line in diff_lines(old, new) if " rule " in line]


def test_a_rule_added_at_the_top_is_one_added_rule() -> None:
    unknown, complex_, watch = TINY.scoring.tier.rules
    new_first = watch.model_copy(update={"outcome": "complex"})
    lines = rule_lines(TINY, with_tier_rules(new_first, unknown, complex_, watch))
    assert len(lines) == 1 and lines[0].startswith("+ tier rule 1: complex when any(")


def test_removed_changed_and_moved_rules_name_their_old_number() -> None:
    unknown, complex_, watch = TINY.scoring.tier.rules
    reworded = complex_.model_copy(update={"reason": complex_.reason.model_copy(
        update={"nl": "De strijd komt terug."})})
    assert rule_lines(TINY, with_tier_rules(reworded, watch)) == [
        "- tier rule (was 1): insufficient when unknown essential items >= 3",
        "~ tier rule 1 (was 2): reason (nl)",
    ]
    milder = watch.model_copy(update={"outcome": "ordinary"})
    assert rule_lines(TINY, with_tier_rules(unknown, complex_, milder)) == [
        "~ tier rule 3: outcome watch -> ordinary"]
    assert rule_lines(TINY, TINY) == []
