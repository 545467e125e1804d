"""Roles an instrument declares must fit the app: profession codes the app knows."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.instrument import Instrument, load_instrument, load_registry
from screening.models import PROFESSIONS

REPO = Path(__file__).resolve().parent.parent
INSTRUMENTS = [*load_registry(REPO / "questionnaires").all(),
               load_instrument(REPO / "tests" / "instrument" / "data" / "honest" / "1.0.toml")]


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: f"{i.id}-{i.version}")
def test_profession_options_use_the_apps_profession_codes(instrument: Instrument) -> None:
    assert set(instrument.roles.profession_options) <= set(PROFESSIONS)
