"""Represent and evaluate structured conditions; a condition is data, never a string to eval."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictInt,
    StrictStr,
    Tag,
    model_validator,
)

UNKNOWN = "unknown"

ID_PATTERN_TEXT = "lowercase letters, digits, '_' and '-'"
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")


def _check_id(value: str) -> str:
    """Accept only lowercase ids that are safe in URLs, forms and file names."""
    if not value or not set(value) <= _ID_CHARS:
        raise ValueError(f"{value!r} is not a valid id: use only {ID_PATTERN_TEXT}")
    return value


Id = Annotated[StrictStr, AfterValidator(_check_id)]

ItemOp = Literal["in", "not_in", "answered", "unknown", "gte", "lte"]
CompareOp = Literal["gte", "lte"]


class _Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class ItemLeaf(_Node):
    """Hold when the answer to one earlier item meets the operator."""

    item: Id
    op: ItemOp
    values: tuple[Id, ...] | None = None
    value: StrictInt | None = None

    @model_validator(mode="after")
    def _operands_fit_op(self) -> ItemLeaf:
        if self.op in ("in", "not_in"):
            if not self.values:
                raise ValueError(f"op '{self.op}' needs a non-empty list 'values'")
            if self.value is not None:
                raise ValueError(f"op '{self.op}' takes 'values', not 'value'")
        elif self.op in ("gte", "lte"):
            if self.value is None:
                raise ValueError(f"op '{self.op}' needs a whole number 'value'")
            if self.values is not None:
                raise ValueError(f"op '{self.op}' takes 'value', not 'values'")
        elif self.values is not None or self.value is not None:
            raise ValueError(f"op '{self.op}' takes no 'values' or 'value'")
        return self


class FlagLeaf(_Node):
    """Hold when a flag is raised."""

    flag: Id


class DomainLeaf(_Node):
    """Hold when a scored section's score compares to a value."""

    domain: Id
    op: CompareOp
    value: StrictInt


class UnknownEssentialLeaf(_Node):
    """Hold when the number of unknown or unanswered shown essential items compares to a value."""

    unknown_essential: Literal[True]
    op: CompareOp = "gte"
    value: Annotated[StrictInt, Field(ge=0)]


class AllOf(_Node):
    """Hold when every part holds."""

    conditions: tuple[Condition, ...] = Field(alias="all", min_length=1)


class AnyOf(_Node):
    """Hold when at least one part holds."""

    conditions: tuple[Condition, ...] = Field(alias="any", min_length=1)


class Not(_Node):
    """Hold when the inner condition does not hold."""

    condition: Condition = Field(alias="not")


_KIND_BY_KEY = (
    ("item", "<item>"),
    ("flag", "<flag>"),
    ("domain", "<domain>"),
    ("unknown_essential", "<unknown_essential>"),
    ("all", "<all>"),
    ("any", "<any>"),
    ("not", "<not>"),
)
_KIND_BY_CLASS: dict[type[BaseModel], str] = {}


def _condition_kind(value: Any) -> str | None:
    """Pick the condition class by the key that names its subject."""
    if isinstance(value, Mapping):
        for key, tag in _KIND_BY_KEY:
            if key in value:
                return tag
        return None
    return _KIND_BY_CLASS.get(type(value))


Condition = Annotated[
    Annotated[ItemLeaf, Tag("<item>")]
    | Annotated[FlagLeaf, Tag("<flag>")]
    | Annotated[DomainLeaf, Tag("<domain>")]
    | Annotated[UnknownEssentialLeaf, Tag("<unknown_essential>")]
    | Annotated[AllOf, Tag("<all>")]
    | Annotated[AnyOf, Tag("<any>")]
    | Annotated[Not, Tag("<not>")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition_kind",
        custom_error_message=(
            "is not a condition: it needs one of the keys item, flag, domain, "
            "unknown_essential, all, any or not"
        ),
    ),
]
Leaf = ItemLeaf | FlagLeaf | DomainLeaf | UnknownEssentialLeaf

for _cls, _tag in (
    (ItemLeaf, "<item>"),
    (FlagLeaf, "<flag>"),
    (DomainLeaf, "<domain>"),
    (UnknownEssentialLeaf, "<unknown_essential>"),
    (AllOf, "<all>"),
    (AnyOf, "<any>"),
    (Not, "<not>"),
):
    _KIND_BY_CLASS[_cls] = _tag
for _cls in (AllOf, AnyOf, Not):
    _cls.model_rebuild()


def leaves(condition: Condition) -> Iterator[Leaf]:
    """Yield every leaf of a condition, depth first, in file order."""
    if isinstance(condition, (AllOf, AnyOf)):
        for part in condition.conditions:
            yield from leaves(part)
    elif isinstance(condition, Not):
        yield from leaves(condition.condition)
    else:
        yield condition


@dataclass(slots=True)
class Facts:
    """Hold what a condition may look at: shown answers, raised flags and scores."""

    answers: Mapping[str, str | int]
    """Cleaned answers of shown items only (hidden items are left out)."""
    shown: Set[str]
    flags: Set[str] = field(default_factory=frozenset)
    domains: Mapping[str, int] = field(default_factory=dict)
    unknown_essential: int = 0


def _compare(op: str, actual: int, value: int) -> bool:
    return actual >= value if op == "gte" else actual <= value


def _leaf_holds(leaf: Leaf, facts: Facts) -> bool:
    if isinstance(leaf, ItemLeaf):
        answer = facts.answers.get(leaf.item)
        op = leaf.op
        if op == "in":
            return answer is not None and answer in leaf.values  # type: ignore[operator]
        if op == "not_in":
            # An answer "unknown" is still an answer; list it in values to exclude it.
            return answer is not None and answer not in leaf.values  # type: ignore[operator]
        if op == "answered":
            return answer is not None and answer != UNKNOWN
        if op == "unknown":
            return leaf.item in facts.shown and (answer is None or answer == UNKNOWN)
        return (
            isinstance(answer, int)
            and leaf.value is not None
            and _compare(op, answer, leaf.value)
        )
    if isinstance(leaf, FlagLeaf):
        return leaf.flag in facts.flags
    if isinstance(leaf, DomainLeaf):
        return _compare(leaf.op, facts.domains.get(leaf.domain, 0), leaf.value)
    return _compare(leaf.op, facts.unknown_essential, leaf.value)


def holds(condition: Condition, facts: Facts) -> bool:
    """Tell whether a condition holds for the facts."""
    if isinstance(condition, AllOf):
        return all(holds(part, facts) for part in condition.conditions)
    if isinstance(condition, AnyOf):
        return any(holds(part, facts) for part in condition.conditions)
    if isinstance(condition, Not):
        return not holds(condition.condition, facts)
    return _leaf_holds(condition, facts)


def witnesses(condition: Condition, facts: Facts, want: bool = True) -> list[Leaf]:
    """Return the leaves whose truth made the condition come out as `want`.

    Under a `not` the wanted truth flips, so `not {x in [yes]}` is witnessed by the
    leaf `x in [yes]` being false: that answer is what drove the outcome.
    """
    if isinstance(condition, (AllOf, AnyOf)):
        found: list[Leaf] = []
        for part in condition.conditions:
            if holds(part, facts) == want:
                found.extend(witnesses(part, facts, want))
        return found
    if isinstance(condition, Not):
        return witnesses(condition.condition, facts, not want)
    return [condition] if _leaf_holds(condition, facts) == want else []


_SIGNS = {"gte": ">=", "lte": "<="}


def describe(condition: Condition) -> str:
    """Write a condition as one short line, e.g. 'all(x in [a, b]; flag f)'."""
    if isinstance(condition, (AllOf, AnyOf)):
        name = "all" if isinstance(condition, AllOf) else "any"
        return f"{name}(" + "; ".join(describe(part) for part in condition.conditions) + ")"
    if isinstance(condition, Not):
        return f"not({describe(condition.condition)})"
    if isinstance(condition, ItemLeaf):
        if condition.op in ("in", "not_in"):
            codes = ", ".join(condition.values or ())
            return f"{condition.item} {condition.op.replace('_', ' ')} [{codes}]"
        if condition.op in _SIGNS:
            return f"{condition.item} {_SIGNS[condition.op]} {condition.value}"
        return f"{condition.item} {condition.op}"
    if isinstance(condition, FlagLeaf):
        return f"flag {condition.flag}"
    if isinstance(condition, DomainLeaf):
        return f"domain {condition.domain} {_SIGNS[condition.op]} {condition.value}"
    return f"unknown essential items {_SIGNS[condition.op]} {condition.value}"
