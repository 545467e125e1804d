"""Show a stored or live result honestly, without scoring it again.

A version locked before the safety gate was a role (1.0) scores an open safety question as
safety 'none'. Its gate is declared beside LOCK (ROLES.toml), so what is *shown* can still
say "Veiligheid: nog niet uitgezocht": `honest_view` derives that from the answers alone,
and leaves the stored result as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .answers import Answer, is_known
from .conditions import UNKNOWN
from .model import Instrument
from .results import Reason, Result
from .scoring import GATE_UNKNOWN_REASON


def shown_safety(instrument: Instrument, result: Result,
                 answers: Mapping[str, Answer]) -> str:
    """Return the safety level to show: 'unknown' also when only the app knows the gate."""
    return shown_level(instrument, result.safety, answers)


def shown_level(instrument: Instrument, safety: str, answers: Mapping[str, Answer]) -> str:
    """Return the safety level to show for a scored level (see shown_safety)."""
    if safety != "none":
        return safety
    gate = instrument.app_roles.safety_gate
    if gate is not None and not is_known(answers.get(gate)):
        return "unknown"
    return "none"


def honest_view(instrument: Instrument, result: Result,
                answers: Mapping[str, Answer]) -> Result:
    """Return the result as every surface shows it (never stored in place of the result)."""
    if shown_safety(instrument, result, answers) == result.safety:
        return result
    gate = instrument.app_roles.safety_gate
    assert gate is not None
    reason = Reason("safety", "unknown", GATE_UNKNOWN_REASON, "gate",
                    ((gate, answers.get(gate, UNKNOWN)),))
    others = tuple(r for r in result.reasons if r.decision != "safety")
    return replace(result, safety="unknown", reasons=(reason, *others))
