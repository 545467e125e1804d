"""Shared data for the instrument tests: the small test instrument and ways to break it."""

from __future__ import annotations

import copy
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from screening.instrument import Instrument, load_instrument

DATA = Path(__file__).parent / "data" / "questionnaires"
TINY_PATH = DATA / "tiny" / "1.0.toml"
TINY_DOC: dict[str, Any] = tomllib.loads(TINY_PATH.read_text(encoding="utf-8"))
TINY: Instrument = load_instrument(TINY_PATH)
HONEST_PATH = Path(__file__).parent / "data" / "honest" / "1.0.toml"
HONEST: Instrument = load_instrument(HONEST_PATH)
REPO_QUESTIONNAIRES = Path(__file__).resolve().parents[2] / "questionnaires"


def tiny_doc() -> dict[str, Any]:
    """Return a fresh, mutable copy of the test instrument's parsed TOML."""
    return copy.deepcopy(TINY_DOC)


def find_item(document: dict[str, Any], item_id: str) -> dict[str, Any]:
    """Return the raw table of an item in a parsed document."""
    for section in document["sections"]:
        for item in section["items"]:
            if item["id"] == item_id:
                found: dict[str, Any] = item
                return found
    raise KeyError(item_id)


@pytest.fixture
def tiny() -> Instrument:
    """Return the loaded test instrument."""
    return TINY


@pytest.fixture
def honest() -> Instrument:
    """Return the test instrument that declares every role and format addition."""
    return HONEST


@pytest.fixture
def questionnaires(tmp_path: Path) -> Path:
    """Return a writable copy of the test questionnaire folder (with LOCK)."""
    target = tmp_path / "questionnaires"
    shutil.copytree(DATA, target)
    return target
