"""The result a screening shows: frozen when final; live while a draft, scored once per
instrument version and set of answers.

Scoring with the outlook costs milliseconds; a draft's result page asks for it twice per
visit, and again on every visit, though the answers rarely changed in between.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from screening.instrument import Instrument, Result, honest_view, score
from screening.kept import keep
from screening.models import Screening


def current_result(instrument: Instrument, screening: Screening) -> Result:
    """Return the frozen result of a final screening, or the live one of a draft."""
    if screening.is_final and screening.result is not None:
        return Result.from_dict(screening.result)
    return live_result(instrument, screening.answers)


def shown_result(instrument: Instrument, screening: Screening) -> Result:
    """Return the result as every surface shows it (safety 'unknown' for an open gate)."""
    return honest_view(instrument, current_result(instrument, screening), screening.answers)


# Live results of drafts by instrument version and answers. Scoring with the outlook costs
# milliseconds and a result page asks for it twice, again on every visit. A result is
# immutable and is the same for the same answers: keyed by content only (option codes and
# numbers, no screening, case or user; answers with free text are never kept), it tells
# nothing about whose answers they were.
_LIVE_RESULTS: dict[tuple[str, str, str, str], Result] = {}
LIVE_RESULTS_MAX = 1024


def live_result(instrument: Instrument, answers: Mapping[str, Any]) -> Result:
    """Score a draft's answers with the outlook, or return the result of the same answers.

    Answers that hold free text are scored anew and never kept: a text may say whose they are.
    """
    if any(item.type == "text" and item.id in answers for item in instrument.all_items):
        return score(instrument, answers)
    key = (instrument.id, instrument.version, instrument.hash,
           json.dumps(answers, sort_keys=True, separators=(",", ":")))
    found = _LIVE_RESULTS.get(key)
    if found is None:
        found = keep(_LIVE_RESULTS, key, score(instrument, answers), LIVE_RESULTS_MAX)
    return found
