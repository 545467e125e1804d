"""Suppression that holds: no shown number lets a reader work out a count from 1 to 4.

The attacker knows everything shown (every table, total and CSV cell) and how the
figures are made. For any data set, and any shown number whose true count is 1 to 4,
the test builds a second data set that shows exactly the same bytes but has another
count behind that number. Whatever the attacker computes from what is shown, the two
data sets give the same answer, so it cannot be the hidden count in both.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from screening.figure_counts import Key
from screening.figures import OUTCOMES, SAFETY, publish, rounded, to_csv

TODAY = date(2026, 11, 20)
SECRET = b"test rounding key"
MONTHS = ["2026-09", "2026-10", "2026-11"]

keys = st.builds(
    Key,
    organisation_id=st.sampled_from([1, 2]),
    month=st.sampled_from(MONTHS),
    municipality=st.sampled_from(["Almelo", "Borne", "Hengelo"]),
    profession=st.sampled_from(["school_social_worker", "youth_health_nurse", "unknown"]),
    outcome=st.sampled_from(OUTCOMES),
    safety=st.sampled_from(SAFETY),
    parenting=st.sampled_from(["cooperative", "parallel", "conflicted", "unknown"]),
    due_month=st.sampled_from(["", "2026-10", "2026-12"]),
    followed=st.sampled_from(["no", "in_time", "late"]),
)
data_sets = st.dictionaries(keys, st.integers(min_value=1, max_value=12), max_size=25)


def label(_section: str, code: str) -> str:
    return code


def cells(counts: dict[Key, int], base: int = 5, **narrow: str) -> dict[tuple[str, str, str], int]:
    """Every number shown, by its place: (section, row, column) -> number."""
    text = to_csv(publish(counts, SECRET, TODAY, base=base, **narrow), label)
    return {(row["section"], row["row"], row["column"]): int(row["count"])
            for row in csv.DictReader(io.StringIO(text))}


def shown(counts: dict[Key, int], **narrow: str) -> str:
    return to_csv(publish(counts, SECRET, TODAY, **narrow), label)


def look_alikes(counts: dict[Key, int]) -> list[dict[Key, int]]:
    """Data sets that differ in one kept count and round to the same numbers."""
    others = []
    for key, count in counts.items():
        other = rounded(count, key, SECRET)  # 0, or a multiple of 5 that rounds to itself
        if other != count:
            others.append({**counts, key: other})
    return others


@settings(max_examples=150, deadline=None)
@given(data_sets, st.sampled_from([{}, {"municipality": "Almelo"},
                                   {"profession": "youth_health_nurse"}]))
def test_no_shown_number_gives_away_a_count_from_1_to_4(counts, narrow) -> None:
    published = shown(counts, **narrow)
    true = cells(counts, base=1, **narrow)
    alternatives = look_alikes(counts)
    for alternative in alternatives:
        assert shown(alternative, **narrow) == published  # the reader cannot tell them apart
    alternative_truths = [cells(alternative, base=1, **narrow) for alternative in alternatives]
    for place, count in true.items():
        if 1 <= count <= 4:
            assert any(truth.get(place, 0) != count for truth in alternative_truths), place


def test_the_smallest_counts_round_both_ways_and_on_average_stay_true() -> None:
    draws = [rounded(2, Key(1, "2026-01", "A", "p", "o", "s", "x", "", "no", ), SECRET)
             for _ in range(3)]
    assert len(set(draws)) == 1  # the same page shows the same number every time
    keys_ = [Key(1, "2026-01", f"M{i}", "p", "o", "s", "x", "", "no") for i in range(2000)]
    values = [rounded(2, key, SECRET) for key in keys_]
    assert set(values) == {0, 5}
    assert abs(sum(values) / len(values) - 2) < 0.3  # unbiased: 2 on average


def test_a_hidden_count_cannot_be_recovered_from_totals_in_a_known_trap() -> None:
    # Rounding the totals on their own lets a reader pin cells: four cells of 2 round to
    # 0 each while their total 8 rounds to 10. Here totals are sums of rounded numbers.
    counts = {Key(1, "2026-10", f"M{i}", "unknown", "watch", "none", "parallel", "", "no"): 2
              for i in range(4)}
    table = cells(counts)
    row = table[("outcome_by_month", "2026-10", "watch")]
    parts = sum(value for (section, _, column), value in table.items()
                if section == "outcome_by_municipality" and column == "watch")
    assert row == parts and row % 5 == 0
