"""The municipalities of the Netherlands (CBS list shipped in screening/data), without Flask."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "municipalities.json"
CODE = re.compile(r"GM\d{4}")


@dataclass(frozen=True)
class Municipality:
    code: str  # the CBS code, "GM0153"
    name: str  # the CBS name, "Enschede"
    province: str


@dataclass(frozen=True)
class MunicipalityList:
    year: int
    source: str
    municipalities: tuple[Municipality, ...]

    def by_code(self) -> dict[str, Municipality]:
        return {m.code: m for m in self.municipalities}

    def by_province(self) -> list[tuple[str, list[Municipality]]]:
        """Provinces in alphabetical order, each with its municipalities."""
        ordered = sorted(self.municipalities, key=lambda m: (m.province, sort_key(m.name)))
        return [(province, list(group)) for province, group in groupby(ordered, lambda m: m.province)]


def sort_key(name: str) -> str:
    """Sort "'s-Hertogenbosch" under H, as Dutch lists do."""
    return re.sub(r"^'s-", "", name).casefold()


@cache
def load(path: Path = DATA_FILE) -> MunicipalityList:
    """Read and check the shipped list once."""
    data = json.loads(path.read_text(encoding="utf-8"))
    items = tuple(Municipality(m["code"], m["name"], m["province"]) for m in data["municipalities"])
    codes = [m.code for m in items]
    if len(set(codes)) != len(codes) or not all(CODE.fullmatch(code) for code in codes):
        raise ValueError(f"{path}: municipality codes must be unique and look like GM0153")
    return MunicipalityList(year=int(data["year"]), source=str(data["source"]),
                            municipalities=tuple(sorted(items, key=lambda m: sort_key(m.name))))
