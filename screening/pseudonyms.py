"""Case references are pseudonyms: spot the ones that look like a name, BSN or birth date."""

from __future__ import annotations

import re

SHAPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{1,39}$")  # no "/": it is a URL segment

_DIGIT_RUN = re.compile(r"\d{8,9}")
_DATE = re.compile(
    r"\b(\d{1,2}[-./ ]\d{1,2}[-./ ](\d{2}|\d{4})|\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}"
    r"|(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(19|20)\d{2}"
    r"|(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))\b"
)
_NAME_WORD = re.compile(r"^[A-Z][a-z]{1,}$")
_PARTICLES = frozenset({"van", "de", "der", "den", "het", "ter", "ten", "te", "el", "la", "le"})


def is_bsn(digits: str) -> bool:
    """Check the eleven-test (elfproef) that every Dutch BSN passes."""
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit():
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    return total % 11 == 0 and total != 0


def looks_like_name(reference: str) -> bool:
    """Two or more capitalised words (particles allowed between), like 'Jan de Vries'."""
    words = reference.split()
    capitals = [w for w in words if _NAME_WORD.match(w)]
    others = [w for w in words if not _NAME_WORD.match(w) and w.lower() not in _PARTICLES]
    return len(capitals) >= 2 and not others


def personal_data_signs(reference: str) -> list[str]:
    """Name the kinds of personal data a reference seems to hold: 'bsn', 'date', 'name'."""
    signs = []
    compact = re.sub(r"[\s.-]", "", reference)
    if any(is_bsn(run) for run in _DIGIT_RUN.findall(compact)):
        signs.append("bsn")
    if _DATE.search(reference):
        signs.append("date")
    if looks_like_name(reference):
        signs.append("name")
    return signs
