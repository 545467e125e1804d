"""The domain package stays pure: importing it pulls in no web framework or database."""

from __future__ import annotations

import subprocess
import sys


def test_import_does_not_load_flask_or_sqlalchemy() -> None:
    code = (
        "import sys, screening.instrument\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy'))\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == ""
