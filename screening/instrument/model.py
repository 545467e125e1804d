"""Describe a screening instrument as frozen, validated pydantic models."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal, Protocol, TypeVar

from pydantic import (
    AfterValidator,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .base import Text, _Model
from .checks import cross_check
from .compiled import Explained, Test, compile_condition
from .conditions import (
    UNKNOWN,
    Condition,
    Id,
    ItemLeaf,
    leaves,
)
from .routing import Roles, Route, RouteMap, RouteVariant, SafetyRoutes, Step, TierRoutes
from .vocabulary import TEXT_DEFAULT_LENGTH, ItemType, RaisedSafety, Status

__all__ = ["Roles", "Route", "RouteMap", "RouteVariant", "SafetyRoutes", "Step", "Text", "TierRoutes"]

_VERSION = re.compile(r"^\d+\.\d+$")


def _check_version(value: str) -> str:
    """Accept only MAJOR.MINOR so versions sort as numbers."""
    if not _VERSION.match(value):
        raise ValueError(f"{value!r} is not a version: write MAJOR.MINOR, for example 1.0")
    return value


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_Part = TypeVar("_Part", bound=_HasId)


def _first_with_id(parts: Iterable[_Part], part_id: str) -> _Part:
    """Return the first part with this id (sections, routes); raise KeyError when there is none."""
    for part in parts:
        if part.id == part_id:
            return part
    raise KeyError(part_id)


def version_key(version: str) -> tuple[int, ...]:
    """Return a sort key that orders 1.10 after 1.9."""
    return tuple(int(part) for part in version.split("."))


Version = Annotated[StrictStr, AfterValidator(_check_version)]


YES_LABEL = Text(nl="Ja", en="Yes")
NO_LABEL = Text(nl="Nee", en="No")
UNKNOWN_LABEL = Text(nl="Onbekend", en="Unknown")


class Option(_Model):
    """Offer one answer to a choice or yesno item, with its score."""

    code: Id
    label: Text
    score: Annotated[StrictInt, Field(ge=0)] = 0


def yesno_options(yes_score: int = 1, unknown: bool = True) -> tuple[Option, ...]:
    """Build the standard options of a yesno item."""
    options = [
        Option(code="yes", label=YES_LABEL, score=yes_score),
        Option(code="no", label=NO_LABEL, score=0),
    ]
    if unknown:
        options.append(Option(code=UNKNOWN, label=UNKNOWN_LABEL, score=0))
    return tuple(options)


class Item(_Model):
    """Ask one question; `options` of a yesno item are made by the loader."""

    id: Id
    type: ItemType
    text: Text
    help: Text | None = None
    essential: StrictBool = False
    source: StrictStr | None = None
    condition: Condition | None = None
    options: tuple[Option, ...] = ()
    yes_score: Annotated[StrictInt, Field(ge=0)] | None = None
    unknown: StrictBool | None = None
    min: StrictInt | None = None
    max: StrictInt | None = None
    max_length: StrictInt | None = None

    @model_validator(mode="before")
    @classmethod
    def _expand_yesno(cls, data: Any) -> Any:
        if not isinstance(data, Mapping) or data.get("type") != "yesno":
            return data
        yes_score = data.get("yes_score", 1)
        with_unknown = data.get("unknown", True)
        if type(yes_score) is not int or type(with_unknown) is not bool or yes_score < 0:
            return data  # the field checks report the bad value in plain words
        standard = yesno_options(yes_score, with_unknown)
        given = data.get("options")
        # A dumped instrument carries the expanded options; accept exactly those back.
        if given is not None and list(given) != list(standard) and [
            dict(o) if isinstance(o, Mapping) else o for o in given
        ] != [o.model_dump() for o in standard]:
            raise ValueError(
                "field 'options': a yesno item gets its options (yes, no, unknown) "
                "from the loader; write no options"
            )
        return {**data, "options": standard}

    # Cached in the instance dict: plain attribute look-ups keep scoring fast.
    @cached_property
    def options_by_code(self) -> dict[str, Option]:
        """Return the options by code."""
        return {option.code: option for option in self.options}

    @cached_property
    def shows(self) -> Test | None:
        """Return the compiled condition that shows this item, None when always shown."""
        return None if self.condition is None else compile_condition(self.condition)

    def option(self, code: str) -> Option | None:
        """Return the option with this code, or None."""
        return self.options_by_code.get(code)

    @property
    def text_limit(self) -> int:
        """Return the maximum length of a text answer."""
        return self.max_length if self.max_length is not None else TEXT_DEFAULT_LENGTH

    @cached_property
    def max_score(self) -> int:
        """Return the highest score an answer can give (0 for number and text items)."""
        return max((option.score for option in self.options), default=0)


class Section(_Model):
    """Group items on one page; a scored section is a domain."""

    id: Id
    title: Text
    intro: Text | None = None
    score: Literal["sum", "max", "none"]
    items: tuple[Item, ...] = Field(min_length=1)

    @cached_property
    def max_score(self) -> int:
        """Return the highest domain score possible (0 for an unscored section)."""
        if self.score == "sum":
            return sum(item.max_score for item in self.items)
        if self.score == "max":
            return max((item.max_score for item in self.items), default=0)
        return 0


class Flag(Explained, _Model):
    """Name a signal raised by particular answers, optionally with a safety level."""

    id: Id
    label: Text
    safety: RaisedSafety | None = None
    when: Condition


class Rule(Explained, _Model):
    """Give an outcome when a condition holds, with the reason in plain words."""

    outcome: StrictStr
    when: Condition
    reason: Text


class Decision(_Model):
    """Decide one outcome by the first rule that holds, else the default."""

    default: StrictStr
    rules: tuple[Rule, ...] = ()


class Scoring(_Model):
    """Hold the rules of the tier and the parenting decision."""

    tier: Decision
    parenting: Decision


class Instrument(_Model):
    """Hold one version of a screening instrument; always internally consistent."""

    id: Id
    version: Version
    status: Status
    published: date | None = None
    title: Text
    changelog: Text
    intended_users: Text
    purpose: Text
    disclaimer: Text
    sections: tuple[Section, ...] = Field(min_length=1)
    flags: tuple[Flag, ...] = ()
    scoring: Scoring
    routes: tuple[Route, ...] = Field(min_length=1)
    route_map: RouteMap
    roles: Roles = Roles()
    hash: str = ""
    side_roles: Roles | None = None
    """Roles declared beside LOCK (ROLES.toml) for a version locked before [roles] existed.

    They are not part of the file, so not of its hash, and scoring never reads them: the app
    reads them through `app_roles` (which item records the profession, which is the safety
    gate to show 'nog niet uitgezocht' for), so a locked version still scores as it did.
    """

    @property
    def app_roles(self) -> Roles:
        """Return the roles the app uses: the file's own, else those declared beside LOCK."""
        return self.roles if self.side_roles is None else self.side_roles

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        problems = cross_check(self)
        if problems:
            context = {"summary": "; ".join(problems), "problems": problems}
            raise PydanticCustomError("instrument_checks", "{summary}", context)
        return self

    # Indexes are cached in the instance dict (model_copy with new sections is not supported).
    @cached_property
    def all_items(self) -> tuple[Item, ...]:
        """Return all items in file order."""
        return tuple(item for section in self.sections for item in section.items)

    @cached_property
    def visibility_plan(self) -> tuple[tuple[Item, str, Test | None], ...]:
        """Return (item, its id, the compiled condition that shows it) in file order."""
        return tuple((item, item.id, item.shows) for item in self.all_items)

    @cached_property
    def followers(self) -> dict[str, tuple[int, ...]]:
        """Return, for each item, the positions of the items whose show condition reads it."""
        found: dict[str, list[int]] = {}
        for position, item in enumerate(self.all_items):
            if item.condition is not None:
                for item_id in sorted({leaf.item for leaf in leaves(item.condition)
                                       if isinstance(leaf, ItemLeaf)}):
                    found.setdefault(item_id, []).append(position)
        return {item_id: tuple(positions) for item_id, positions in found.items()}

    @cached_property
    def items_by_id(self) -> dict[str, Item]:
        """Return the items by id."""
        return {item.id: item for item in reversed(self.all_items)}

    @cached_property
    def sections_by_item(self) -> dict[str, Section]:
        """Return, for each item id, the section that holds it."""
        return {item.id: s for s in reversed(self.sections) for item in reversed(s.items)}

    @cached_property
    def scored_options(self) -> dict[str, tuple[str, dict[str, int]]]:
        """Return, for each item of a scored section, its section id and option scores."""
        return {item.id: (section.id, {option.code: option.score for option in item.options})
                for section in self.sections if section.score != "none"
                for item in section.items if item.options}

    @cached_property
    def scored_sections(self) -> tuple[tuple[str, bool], ...]:
        """Return (section id, whether its scores add up rather than take the highest)."""
        return tuple((section.id, section.score == "sum")
                     for section in self.sections if section.score != "none")

    @cached_property
    def essential_ids(self) -> frozenset[str]:
        """Return the ids of the essential items."""
        return frozenset(item.id for item in self.all_items if item.essential)

    def items(self) -> tuple[Item, ...]:
        """Return all items in file order."""
        return self.all_items

    def item(self, item_id: str) -> Item:
        """Return the item with this id; raise KeyError when there is none."""
        return self.items_by_id[item_id]

    def section_of(self, item_id: str) -> Section:
        """Return the section that holds an item."""
        return self.sections_by_item[item_id]

    def section(self, section_id: str) -> Section:
        """Return the section with this id; raise KeyError when there is none."""
        return _first_with_id(self.sections, section_id)

    @cached_property
    def flags_by_id(self) -> dict[str, Flag]:
        """Return the flags by id (the first of a duplicate id, as a search in order would)."""
        return {flag.id: flag for flag in reversed(self.flags)}

    def flag(self, flag_id: str) -> Flag:
        """Return the flag with this id; raise KeyError when there is none."""
        return self.flags_by_id[flag_id]

    def route(self, route_id: str) -> Route:
        """Return the route with this id; raise KeyError when there is none."""
        return _first_with_id(self.routes, route_id)

    @property
    def key(self) -> tuple[str, tuple[int, ...]]:
        """Return the sort key: id, then version as numbers."""
        return (self.id, version_key(self.version))
