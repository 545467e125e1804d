"""Small modules, short functions: the package stays readable as it grows (issue 11).

A module in screening/ has at most MAX_MODULE_LINES lines and a function (signature,
docstring and body) at most MAX_FUNCTION_LINES. Migrations are generated history and
are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "screening"
MAX_MODULE_LINES = 350
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts)


def test_no_module_is_longer_than_the_limit() -> None:
    long = {str(path.relative_to(PACKAGE)): count for path in _modules()
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}, f"split these modules by concern (at most {MAX_MODULE_LINES} lines)"


def test_no_function_is_longer_than_the_limit() -> None:
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                count = (node.end_lineno or node.lineno) - node.lineno + 1
                if count > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"] = count
    assert long == {}, f"give parts of these functions a name (at most {MAX_FUNCTION_LINES} lines)"
