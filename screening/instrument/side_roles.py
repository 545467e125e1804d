"""Read the roles declared beside LOCK for versions locked before `[roles]` existed.

`questionnaires/ROLES.toml` names, per locked version, which items play the app's roles:

    ["vroegsignalering-complexe-scheiding"."1.0"]
    safety_gate = "safety_gate"
    screener_role = "screener_role"

A published file never changes (its hash is in LOCK), so its roles live here. They are
for the app only: scoring never reads them, so the version scores exactly as it did.
`required_for_ordinary` changes scoring and is refused here: declare it in a new version.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from .checks import check_roles
from .loading import InstrumentError
from .model import Instrument, Roles

ROLES_NAME = "ROLES.toml"


def read_side_roles(path: Path) -> dict[tuple[str, str], Roles]:
    """Read ROLES.toml into {(id, version): Roles}; a missing file declares nothing."""
    if not path.exists():
        return {}
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InstrumentError(f"{path}: cannot be read as TOML: {exc}") from exc
    found: dict[tuple[str, str], Roles] = {}
    problems: list[str] = []
    for instrument_id, versions in document.items():
        if not isinstance(versions, dict):
            problems.append(f"{path}: [{instrument_id}] should be a table of versions")
            continue
        for version, table in versions.items():
            where = f'{path}: ["{instrument_id}"."{version}"]'
            if not isinstance(table, dict):
                problems.append(f"{where}: should be a table of roles")
                continue
            if "required_for_ordinary" in table:
                problems.append(f"{where}, field 'required_for_ordinary': changes how a version "
                                "scores, so only a new version may declare it")
                continue
            try:
                found[(instrument_id, version)] = Roles.model_validate(table)
            except ValidationError as exc:
                problems += [f"{where}, field '{'.'.join(str(p) for p in e['loc'])}': {e['msg']}"
                             for e in exc.errors()]
    if problems:
        raise InstrumentError(problems)
    return found


def apply_side_roles(instruments: Iterable[Instrument], roles: dict[tuple[str, str], Roles],
                     source: Path) -> tuple[list[Instrument], list[str]]:
    """Attach side roles to their versions; name every problem (unknown version, bad item)."""
    problems: list[str] = []
    result: list[Instrument] = []
    keys = set()
    for instrument in instruments:
        key = (instrument.id, instrument.version)
        keys.add(key)
        side = roles.get(key)
        if side is None:
            result.append(instrument)
            continue
        where = f'{source}: ["{key[0]}"."{key[1]}"]'
        if instrument.roles != Roles():
            problems.append(f"{where}: this version declares its own [roles]; remove it here")
            continue
        found = check_roles(instrument.model_copy(update={"roles": side}))
        problems += [f"{where}: {problem.removeprefix('[roles], ')}" for problem in found]
        result.append(instrument.model_copy(update={"side_roles": side}))
    for instrument_id, version in sorted(set(roles) - keys):
        problems.append(f'{source}: ["{instrument_id}"."{version}"]: there is no such version')
    return result, problems
