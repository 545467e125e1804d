"""Name the fixed words of the instrument format once: outcomes, statuses, item types, limits.

Both the models (`model.py`) and the cross-checks (`checks.py`) read these, so an outcome
added here is known everywhere at once.
"""

from __future__ import annotations

from typing import Literal, get_args

SafetyLevel = Literal["none", "unknown", "concern", "acute"]
RaisedSafety = Literal["concern", "acute"]
Tier = Literal["insufficient", "ordinary", "watch", "complex"]
Parenting = Literal["cooperative", "parallel", "conflicted", "unknown", "safety_first"]
Status = Literal["draft", "published", "retired"]
ItemType = Literal["choice", "yesno", "number", "text"]

SAFETY_LEVELS: tuple[str, ...] = get_args(SafetyLevel)
"""Safety from no signal to acute danger; 'unknown' only for instruments with a safety gate."""
RAISED_SAFETY: tuple[str, ...] = get_args(RaisedSafety)
"""The safety levels a flag can raise."""
TIERS: tuple[str, ...] = get_args(Tier)
PARENTING: tuple[str, ...] = get_args(Parenting)
OPTIONAL_PARENTING = frozenset({"safety_first"})
"""Parenting outcomes an instrument may use but need not reach."""
TEXT_MAX_LENGTH = 1000
TEXT_DEFAULT_LENGTH = 200

TIER_SEVERITY = {"insufficient": 0, "ordinary": 1, "watch": 2, "complex": 3}
"""How serious a tier is. 'insufficient' is no verdict yet, so every verdict counts as more."""
SAFETY_SEVERITY = {"none": 0, "unknown": 1, "concern": 2, "acute": 3}
"""How serious a safety level is: not knowing is more serious than no signal."""
