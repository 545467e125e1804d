"""Read instrument files, validate them, hash them, and check them against LOCK."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, time
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .model import Instrument, version_key
from .problems import META_KEYS, plain_problems

LOCK_NAME = "LOCK"
LOCK_HEADER = (
    "# Content hashes of published questionnaire versions: <id> <version> sha256:<hex>.\n"
    "# Written by `screening questionnaire lock`; never edit a line by hand.\n"
)
_TOP_KEYS = frozenset(
    {"instrument", "sections", "flags", "scoring", "routes", "route_map", "roles"}
)
_LOCK_LINE = re.compile(r"^(\S+)\s+(\S+)\s+sha256:([0-9a-f]{64})$")


class InstrumentError(Exception):
    """Report problems with instrument files in plain words, one line per problem."""

    def __init__(self, problems: str | Iterable[str]) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))

    def __str__(self) -> str:
        return "\n".join(self.problems)


def _json_default(value: object) -> str:
    if isinstance(value, date | time):
        return value.isoformat()
    raise TypeError(f"cannot hash a value of type {type(value).__name__}")


def content_hash(document: Mapping[str, Any]) -> str:
    """Return the SHA-256 hex of the parsed document as canonical JSON, without its status."""
    content = dict(document)
    meta = content.get("instrument")
    if isinstance(meta, Mapping):
        content["instrument"] = {key: val for key, val in meta.items() if key != "status"}
    canonical = json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_default
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- loading --------------------------------------------------------------------------------

def parse_document(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text; raise InstrumentError naming the source on a syntax error."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InstrumentError(f"{source}: not valid TOML: {exc}") from exc


def instrument_from_document(document: Mapping[str, Any], source: str) -> Instrument:
    """Validate a parsed document and return the instrument with its content hash."""
    problems = [f"{source}: unknown top-level key '{key}'" for key in document
                if key not in _TOP_KEYS]
    meta = document.get("instrument")
    if not isinstance(meta, dict):
        problems.append(f"{source}: the [instrument] table is missing")
        meta = {}
    problems += [f"{source}: [instrument]: unknown key '{key}'" for key in meta
                 if key not in META_KEYS]
    flat = {**{k: v for k, v in document.items() if k in _TOP_KEYS - {"instrument"}},
            **{k: v for k, v in meta.items() if k in META_KEYS}}
    try:
        instrument = Instrument.model_validate(flat)
    except ValidationError as exc:
        raise InstrumentError(problems + plain_problems(source, exc, flat)) from None
    if problems:
        raise InstrumentError(problems)
    return instrument.model_copy(update={"hash": content_hash(document)})


def instrument_from_text(text: str, source: str) -> Instrument:
    """Parse and validate TOML text; `source` names it in error messages."""
    return instrument_from_document(parse_document(text, source), source)


def load_instrument(path: Path) -> Instrument:
    """Load and validate one instrument file and compute its hash (LOCK is not consulted)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError(f"{path}: cannot be read: {exc}") from exc
    return instrument_from_text(text, str(path))


def read_lock(path: Path) -> dict[tuple[str, str], str]:
    """Read a LOCK file into {(id, version): hex}; a missing file is an empty LOCK."""
    if not path.exists():
        return {}
    entries: dict[tuple[str, str], str] = {}
    problems: list[str] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LOCK_LINE.match(line)
        if not match:
            problems.append(f"{path}, line {number}: expected '<id> <version> sha256:<hex>'")
            continue
        key = (match.group(1), match.group(2))
        if key in entries:
            problems.append(f"{path}, line {number}: {key[0]} {key[1]} is locked twice")
        entries[key] = match.group(3)
    if problems:
        raise InstrumentError(problems)
    return entries


def format_lock(entries: Mapping[tuple[str, str], str], header: str = LOCK_HEADER) -> str:
    """Write LOCK text: the header comment, then one sorted line per locked version."""
    keys = sorted(entries, key=lambda key: (key[0], version_key(key[1])))
    return header + "".join(f"{i} {v} sha256:{entries[(i, v)]}\n" for i, v in keys)


def instrument_files(directory: Path) -> Iterator[Path]:
    """Yield every `<id>/<version>.toml` under a folder, sorted."""
    for folder in sorted(p for p in directory.iterdir() if p.is_dir()):
        if not folder.name.startswith((".", "_")):
            yield from sorted(folder.glob("*.toml"))


def _lock_problems(path: Path, instrument: Instrument, locked: str | None) -> list[str]:
    if instrument.status == "draft":
        if locked is not None:
            return [f"{path}: is a draft, but version {instrument.version} is in LOCK; a "
                    "locked version never goes back to draft: make a new version"]
        return []
    if locked is None:
        return [f"{path}: status is {instrument.status} but the version is not in LOCK; "
                f"publish it with `screening questionnaire lock {instrument.id} "
                f"{instrument.version}`"]
    if locked != instrument.hash:
        return [f"{path}: content hash sha256:{instrument.hash[:12]}... does not match "
                f"LOCK (sha256:{locked[:12]}...): a published version must never change; "
                "make a new version instead"]
    return []


def load_registry(directory: Path) -> Registry:
    """Load and validate every instrument file under a folder and check them against LOCK."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InstrumentError(f"{directory}: is not a folder")
    problems: list[str] = []
    try:
        lock = read_lock(directory / LOCK_NAME)
    except InstrumentError as exc:
        problems.extend(exc.problems)
        lock = {}
    instruments: list[Instrument] = []
    seen: set[tuple[str, str]] = set()
    for path in instrument_files(directory):
        seen.add((path.parent.name, path.stem))
        try:
            instrument = load_instrument(path)
        except InstrumentError as exc:
            problems.extend(exc.problems)
            continue
        found = len(problems)
        if instrument.id != path.parent.name:
            problems.append(f"{path}: [instrument], field 'id': '{instrument.id}' must equal "
                            f"the folder name '{path.parent.name}'")
        if instrument.version != path.stem:
            problems.append(f"{path}: [instrument], field 'version': '{instrument.version}' "
                            f"must equal the file name '{path.stem}'")
        problems += _lock_problems(path, instrument, lock.get((path.parent.name, path.stem)))
        if len(problems) == found:
            instruments.append(instrument)
    for instrument_id, version in sorted(set(lock) - seen):
        problems.append(f"{directory / LOCK_NAME}: {instrument_id} {version} is locked, but "
                        f"its file {instrument_id}/{version}.toml is missing")
    from .side_roles import ROLES_NAME, apply_side_roles, read_side_roles

    try:
        side = read_side_roles(directory / ROLES_NAME)
    except InstrumentError as exc:
        problems.extend(exc.problems)
        side = {}
    instruments, side_problems = apply_side_roles(instruments, side, directory / ROLES_NAME)
    problems += side_problems
    if problems:
        raise InstrumentError(problems)
    return Registry(instruments)


class Registry:
    """Hold every loaded version of every instrument."""

    def __init__(self, instruments: Iterable[Instrument] = ()) -> None:
        self._by_key = {(i.id, i.version): i for i in instruments}
        self._sorted = sorted(self._by_key.values(), key=lambda i: i.key)

    def __len__(self) -> int:
        return len(self._sorted)

    def get(self, instrument_id: str, version: str) -> Instrument:
        """Return one version; raise KeyError when it is not here."""
        return self._by_key[(instrument_id, version)]

    def all(self) -> list[Instrument]:
        """Return every version, sorted by id, then version as numbers."""
        return list(self._sorted)

    def versions(self, instrument_id: str) -> list[Instrument]:
        """Return the versions of one instrument, oldest first."""
        return [i for i in self._sorted if i.id == instrument_id]

    def published(self) -> list[Instrument]:
        """Return the published versions (not drafts or retired), latest per id last."""
        return [i for i in self._sorted if i.status == "published"]

    def latest_published(self, instrument_id: str) -> Instrument | None:
        """Return the newest published version of an instrument, or None."""
        found = [i for i in self.versions(instrument_id) if i.status == "published"]
        return found[-1] if found else None
