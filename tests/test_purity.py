"""The pure modules stay pure: importing them pulls in no web framework or database."""

from __future__ import annotations

import subprocess
import sys

import pytest

PURE = ["screening.instrument", "screening.summary", "screening.pdf", "screening.pseudonyms"]


@pytest.mark.parametrize("module", PURE)
def test_import_does_not_load_flask_or_sqlalchemy(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy'))\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
