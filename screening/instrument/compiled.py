"""Compile conditions into closures once, and the parts of an instrument that hold them.

Scoring evaluates every condition many times (once more for each open question when it
works out what a result could become); `holds` and `witnesses` in `conditions` say the
same thing by walking the tree, and the tests hold the two to one meaning.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from .conditions import UNKNOWN, AllOf, AnyOf, Condition, DomainLeaf, Facts, FlagLeaf, ItemLeaf, Leaf, Not

Test = Callable[[Facts], bool]


def _compile_item(leaf: ItemLeaf) -> Test:
    item, op = leaf.item, leaf.op
    if op in ("in", "not_in"):
        codes = frozenset(leaf.values or ())
        if op == "in":
            return lambda facts: facts.answers.get(item) in codes
        # An answer "unknown" is still an answer; list it in values to exclude it.
        return lambda facts: (answer := facts.answers.get(item)) is not None \
            and answer not in codes
    if op == "answered":
        return lambda facts: (answer := facts.answers.get(item)) is not None \
            and answer != UNKNOWN
    if op == "unknown":
        return lambda facts: item in facts.shown \
            and facts.answers.get(item, UNKNOWN) == UNKNOWN
    value = leaf.value if leaf.value is not None else 0
    if op == "gte":
        return lambda facts: isinstance(answer := facts.answers.get(item), int) \
            and answer >= value
    return lambda facts: isinstance(answer := facts.answers.get(item), int) and answer <= value


def _compile_group(parts: tuple[Test, ...], every: bool) -> Test:
    """Return `all` (every) or `any` of the parts; short groups without a generator."""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        first, second = parts
        if every:
            return lambda facts: first(facts) and second(facts)
        return lambda facts: first(facts) or second(facts)
    if len(parts) == 3:
        first, second, third = parts
        if every:
            return lambda facts: first(facts) and second(facts) and third(facts)
        return lambda facts: first(facts) or second(facts) or third(facts)
    if every:
        return lambda facts: all(part(facts) for part in parts)
    return lambda facts: any(part(facts) for part in parts)


def compile_condition(condition: Condition) -> Test:
    """Return a function that tells whether the condition holds; same meaning as `holds`.

    Scoring evaluates every condition many times (once more for each open question when it
    works out what a result could become), so conditions are turned into closures once.
    """
    if isinstance(condition, (AllOf, AnyOf)):
        return _compile_group(tuple(compile_condition(part) for part in condition.conditions),
                              every=isinstance(condition, AllOf))
    if isinstance(condition, Not):
        inner = compile_condition(condition.condition)
        return lambda facts: not inner(facts)
    if isinstance(condition, ItemLeaf):
        return _compile_item(condition)
    if isinstance(condition, FlagLeaf):
        flag = condition.flag
        return lambda facts: flag in facts.flags
    if isinstance(condition, DomainLeaf):
        domain, op, value = condition.domain, condition.op, condition.value
        if op == "gte":
            return lambda facts: facts.domains.get(domain, 0) >= value
        return lambda facts: facts.domains.get(domain, 0) <= value
    leaf = condition
    if leaf.op == "gte":
        return lambda facts: facts.unknown_essential >= leaf.value
    return lambda facts: facts.unknown_essential <= leaf.value


Witness = Callable[[Facts, bool], list[Leaf]]


def compile_witnesses(condition: Condition) -> Witness:
    """Return a function that does what `witnesses` does, with the conditions compiled once.

    Every score explains its raised flags and deciding rules this way, so the tree is walked
    at load and not for each answer set.
    """
    if isinstance(condition, (AllOf, AnyOf)):
        parts = tuple((compile_condition(part), compile_witnesses(part))
                      for part in condition.conditions)

        def combined(facts: Facts, want: bool) -> list[Leaf]:
            found: list[Leaf] = []
            for test, witness in parts:
                if test(facts) == want:
                    found += witness(facts, want)
            return found

        return combined
    if isinstance(condition, Not):
        inner = compile_witnesses(condition.condition)
        return lambda facts, want: inner(facts, not want)
    test = compile_condition(condition)
    leaf: list[Leaf] = [condition]
    return lambda facts, want: leaf if test(facts) == want else []


def _always(facts: Facts) -> bool:
    return True


class Conditional:
    """A part of an instrument that holds only when its condition `when` does (none: always).

    Mixed into flags, rules, route steps and route variants: each compiles its condition once.
    """

    if TYPE_CHECKING:
        when: Condition | None

    @cached_property
    def test(self) -> Test:
        """Return the compiled condition; a part without one always holds."""
        return _always if self.when is None else compile_condition(self.when)


class Explained(Conditional):
    """A part whose condition is explained by the answers that drove it (flags and rules)."""

    if TYPE_CHECKING:
        when: Condition

    @cached_property
    def explain(self) -> Witness:
        """Return the compiled `witnesses` of the condition."""
        return compile_witnesses(self.when)
