"""Publish a version: status "published" in its file, and its hash recorded in LOCK.

A published version never changes: once its hash is in LOCK, loading refuses a file
whose content no longer matches, and publishing it again with other content is refused.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .loading import (
    LOCK_HEADER,
    LOCK_NAME,
    InstrumentError,
    format_lock,
    instrument_from_text,
    load_instrument,
    read_lock,
)

_TABLE = re.compile(r"^\s*\[")
_INSTRUMENT_TABLE = re.compile(r"^\s*\[\s*instrument\s*\]\s*(#.*)?$")
_STATUS = re.compile(r"""^(\s*)status\s*=\s*("[^"]*"|'[^']*')(\s*#.*)?$""")
_PUBLISHED = re.compile(r"^\s*published\s*=")


def publish_text(text: str, today: date) -> str:
    """Set status = "published" in the [instrument] table and add a published date if absent.

    Only those lines change, so comments and layout of the file stay as they were.
    """
    lines = text.splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if _INSTRUMENT_TABLE.match(line)), None)
    if start is None:
        raise InstrumentError("no [instrument] table header found")
    end = next((n for n in range(start + 1, len(lines)) if _TABLE.match(lines[n])), len(lines))
    status_at = next((n for n in range(start + 1, end) if _STATUS.match(lines[n].rstrip())), None)
    if status_at is None:
        raise InstrumentError('no line status = "..." found in the [instrument] table')
    line = lines[status_at]
    match = _STATUS.match(line.rstrip())
    assert match is not None
    ending = line[len(line.rstrip("\r\n")):] or "\n"
    lines[status_at] = f'{match.group(1)}status = "published"{match.group(3) or ""}{ending}'
    if not any(_PUBLISHED.match(lines[n]) for n in range(start + 1, end)):
        lines.insert(status_at + 1, f"{match.group(1)}published = {today.isoformat()}{ending}")
    return "".join(lines)


def _publishable(path: Path, instrument_id: str, version: str) -> None:
    if not path.is_file():
        raise InstrumentError(f"{path}: no such file")
    current = load_instrument(path)
    if (current.id, current.version) != (instrument_id, version):
        raise InstrumentError(f"{path}: id and version in the file must be {instrument_id} {version}")
    if current.status == "retired":
        raise InstrumentError(f"{path}: is retired; a retired version is not published again")


def publish(folder: Path, instrument_id: str, version: str, today: date) -> str:
    """Publish FOLDER/ID/VERSION.toml and lock its hash; return what was done, in one line.

    Raises InstrumentError, with nothing written, when the file is invalid, retired, or
    already locked with a different hash.
    """
    path = folder / instrument_id / f"{version}.toml"
    _publishable(path, instrument_id, version)
    text = path.read_text(encoding="utf-8")
    new_text = publish_text(text, today)
    published = instrument_from_text(new_text, str(path))
    lock_path = folder / LOCK_NAME
    entries = read_lock(lock_path)
    locked = entries.get((instrument_id, version))
    if locked is not None and locked != published.hash:
        raise InstrumentError(
            f"{path}: {instrument_id} {version} is already locked with a different hash "
            f"(sha256:{locked[:12]}...); a published version never changes: make a new version")
    if locked == published.hash and new_text == text:
        return f"{instrument_id} {version} is already locked; nothing to do"
    if new_text != text:
        path.write_text(new_text, encoding="utf-8")
    entries[(instrument_id, version)] = published.hash
    old_lock = lock_path.read_text(encoding="utf-8") if lock_path.exists() else ""
    header = "".join(line for line in old_lock.splitlines(keepends=True)
                     if line.lstrip().startswith("#")) or LOCK_HEADER
    lock_path.write_text(format_lock(entries, header), encoding="utf-8")
    return f"locked {instrument_id} {version} sha256:{published.hash}"
