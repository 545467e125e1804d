"""Turn pydantic's validation errors into plain problems a questionnaire author can act on.

Each problem names the file and the place (section, item, option, flag, route, rule) by id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

META_KEYS = frozenset(
    {"id", "version", "status", "published", "title", "changelog",
     "intended_users", "purpose", "disclaimer"}
)

def _entry_name(data: Any, index: int, kind: str, key: str = "id") -> str:
    entry = data[index] if isinstance(data, list) and index < len(data) else None
    name = entry.get(key) if isinstance(entry, dict) else None
    return f"{kind} '{name}'" if isinstance(name, str) and name else f"{kind} {index + 1}"


def _child(data: Any, key: str | int) -> Any:
    if isinstance(data, dict) and isinstance(key, str):
        return data.get(key)
    if isinstance(data, list) and isinstance(key, int) and key < len(data):
        return data[key]
    return None


def _place(loc: tuple[str | int, ...], data: Any) -> tuple[list[str], list[str | int]]:
    """Split an error location into named places (item 'x') and the field path inside."""
    parts = [part for part in loc if not (isinstance(part, str) and part.startswith("<"))]
    context: list[str] = []
    if parts and parts[0] in META_KEYS:
        return ["[instrument]"], parts
    if parts and parts[0] == "roles":
        return ["[roles]"], parts[1:]
    if len(parts) >= 3 and parts[:2] == ["route_map", "variants"] and isinstance(parts[2], int):
        return [f"route_map variant {parts[2] + 1}"], parts[3:]
    containers = {"sections": "section", "flags": "flag", "routes": "route"}
    while len(parts) >= 2 and isinstance(parts[1], int):
        head, index = parts[0], parts[1]
        if head in containers and not context:
            context = [_entry_name(_child(data, head), index, containers[head])]
        elif head == "items" and context and context[0].startswith("section"):
            context = [_entry_name(_child(data, head), index, "item")]
        elif head == "options" and context and context[0].startswith("item"):
            context.append(_entry_name(_child(data, head), index, "option", "code"))
        elif head == "steps" and context and context[0].startswith("route"):
            context.append(f"step {index + 1}")
        else:
            break
        data = _child(_child(data, head), index)
        parts = parts[2:]
    if len(parts) >= 4 and parts[0] == "scoring" and parts[2] == "rules" \
            and isinstance(parts[3], int) and not context:
        context = [f"{parts[1]} rule {parts[3] + 1}"]
        parts = parts[4:]
    return context, parts


def _path_text(parts: list[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


_PLAIN = {
    "missing": "is required",
    "string_type": "should be text in quotes",
    "int_type": "should be a whole number",
    "bool_type": "should be true or false",
    "model_type": "should be a table",
    "dict_type": "should be a table",
    "tuple_type": "should be a list",
    "list_type": "should be a list",
    "date_type": "should be a date such as 2026-11-28",
    "date_parsing": "should be a date such as 2026-11-28",
    "date_from_datetime_inexact": "should be a date without a time",
}


def _message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in _PLAIN:
        return _PLAIN[kind]
    if kind == "greater_than_equal":
        return f"should be at least {ctx.get('ge')}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} entries"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Input "):
        message = message.removeprefix(prefix)
    return message


def plain_problems(source: str, error: ValidationError, data: Any) -> list[str]:
    """Say each validation error of a document in plain words, naming where it is."""
    problems: list[str] = []
    errors = error.errors()
    locs = [tuple(e["loc"]) for e in errors]
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "instrument_checks":
            problems.extend(f"{source}: {p}" for p in err["ctx"]["problems"])
            continue
        # pydantic also reports a list as too short when its entries failed; say it once.
        if err["type"] == "too_short" and any(len(o) > len(loc) and o[: len(loc)] == loc
                                              for o in locs):
            continue
        message = _message(err)
        context, parts = _place(loc, data)
        if err["type"] == "extra_forbidden" and parts:
            message = f"unknown key '{parts[-1]}'"
            parts = parts[:-1]
        nested = re.match(r"^field '([^']*)': (.*)$", message, re.DOTALL)
        if nested:
            parts = [*parts, nested.group(1)]
            message = nested.group(2)
        if parts:
            context.append(f"field '{_path_text(parts)}'")
        where = ", ".join(context)
        problems.append(f"{source}: {where}: {message}" if where else f"{source}: {message}")
    return problems
