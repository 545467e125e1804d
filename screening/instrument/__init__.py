"""Load, validate and score screening instruments kept as data; the pure domain of the app.

Nothing here imports Flask or SQLAlchemy: every function takes explicit arguments, so
the web app, the PDF and the command line share one meaning of every answer.
"""

from __future__ import annotations

from .advice import RouteAdvice, route_advice, route_ids, routes_for
from .answers import Answer, AnswerError, validate_answers, visible_items
from .carry import Carried, carry_answers
from .compiled import compile_condition
from .conditions import (
    UNKNOWN,
    AllOf,
    AnyOf,
    Condition,
    DomainLeaf,
    Facts,
    FlagLeaf,
    ItemLeaf,
    Not,
    UnknownEssentialLeaf,
    describe,
    holds,
)
from .contacts import CONTACT_KINDS
from .display import honest_view, shown_level, shown_safety
from .loading import (
    LOCK_NAME,
    InstrumentError,
    Registry,
    content_hash,
    format_lock,
    instrument_from_text,
    load_instrument,
    load_registry,
    read_lock,
)
from .model import (
    Decision,
    Flag,
    Instrument,
    Item,
    Option,
    Roles,
    Route,
    RouteMap,
    RouteVariant,
    Rule,
    Scoring,
    Section,
    Step,
    Text,
    version_key,
)
from .outlook import most_serious_answers, severity
from .results import Completeness, DomainScore, Reason, Result
from .scoring import Evaluation, evaluate, outcomes, score
from .vocabulary import PARENTING, SAFETY_LEVELS, SAFETY_SEVERITY, TIER_SEVERITY, TIERS

__all__ = [
    "CONTACT_KINDS",
    "LOCK_NAME",
    "PARENTING",
    "SAFETY_LEVELS",
    "SAFETY_SEVERITY",
    "TIERS",
    "TIER_SEVERITY",
    "UNKNOWN",
    "AllOf",
    "Answer",
    "AnswerError",
    "AnyOf",
    "Carried",
    "Completeness",
    "Condition",
    "Decision",
    "DomainLeaf",
    "DomainScore",
    "Evaluation",
    "Facts",
    "Flag",
    "FlagLeaf",
    "Instrument",
    "InstrumentError",
    "Item",
    "ItemLeaf",
    "Not",
    "Option",
    "Reason",
    "Registry",
    "Result",
    "Roles",
    "Route",
    "RouteAdvice",
    "RouteMap",
    "RouteVariant",
    "Rule",
    "Scoring",
    "Section",
    "Step",
    "Text",
    "UnknownEssentialLeaf",
    "carry_answers",
    "compile_condition",
    "content_hash",
    "describe",
    "evaluate",
    "format_lock",
    "holds",
    "honest_view",
    "instrument_from_text",
    "load_instrument",
    "load_registry",
    "most_serious_answers",
    "outcomes",
    "read_lock",
    "route_advice",
    "route_ids",
    "routes_for",
    "score",
    "severity",
    "shown_level",
    "shown_safety",
    "validate_answers",
    "version_key",
    "visible_items",
]
