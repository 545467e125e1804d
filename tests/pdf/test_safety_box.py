"""The safety box on page one says each thing once.

With safety 'nog niet uitgezocht' the route to look into safety has the same title as the
safety line, so the box printed "Veiligheid: nog niet uitgezocht" twice in a row.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from screening.instrument import load_instrument
from screening.pdf import render_summary

from .conftest import summary_for
from .test_pdf import pages_of

REPO = Path(__file__).resolve().parents[2]
V1_1 = REPO / "questionnaires" / "vroegsignalering-complexe-scheiding" / "1.1.toml"


def test_safety_not_looked_into_is_said_once_in_the_box() -> None:
    case = REPO / "tests" / "cases" / "v1_1" / "cooperatief.toml"
    answers = {**tomllib.loads(case.read_text(encoding="utf-8"))["answers"],
               "safety_gate": "unknown"}
    summary = summary_for(load_instrument(V1_1), answers=answers, draft=True)
    assert summary.safety == "unknown"
    first = pages_of(render_summary(summary))[0]
    assert first.count("Veiligheid: nog niet uitgezocht") == 1
    assert "Vraag ernaar, of overleg met de aandachtsfunctionaris" in first  # its steps stay
