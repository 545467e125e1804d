"""Live draft results: kept per instrument version and answers, unless the answers hold free text."""

from __future__ import annotations

from screening import live_results
from screening.instrument import score
from tests.instrument.conftest import TINY


def test_answers_of_codes_are_kept_and_free_text_never() -> None:
    live_results._LIVE_RESULTS.clear()
    codes = {"children_count": 2, "contact_frequency": "weekly"}
    kept = live_results.live_result(TINY, codes)
    assert live_results.live_result(TINY, codes) is kept

    with_text = {**codes, "notes": "familie Jansen"}
    result = live_results.live_result(TINY, with_text)

    assert result == score(TINY, with_text)
    assert len(live_results._LIVE_RESULTS) == 1
    assert not any("Jansen" in key[3] for key in live_results._LIVE_RESULTS)
