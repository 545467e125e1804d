"""Dutch first, English complete: every message in the code has an English translation."""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.conftest import REPO

CATALOGUE = REPO / "screening" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
TEMPLATE = REPO / "screening" / "translations" / "messages.pot"
# N_ marks words that are translated later (summary/words.py, labels.py).
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "N_": None}


def source_messages() -> set[str]:
    method_map = [("screening/**.py", "python"), ("screening/templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO), method_map=method_map, keywords=KEYWORDS,
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_an_english_translation() -> None:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    translated = {}
    for message in catalogue:
        if message.id and not message.fuzzy:
            plural = isinstance(message.id, tuple)
            key = message.id[0] if plural else message.id
            translated[key] = all(message.string) if plural else message.string
    missing = sorted(m for m in source_messages() if not translated.get(m))
    assert missing == [], "run `make messages` and translate: " + "; ".join(missing[:10])


def test_sources_hold_messages_at_all() -> None:
    assert len(source_messages()) > 50


def test_the_catalogue_template_is_current() -> None:
    """messages.pot holds what the code says: `make messages` was run after the last change."""
    with TEMPLATE.open("rb") as handle:
        template = {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(handle) if m.id}
    assert template == source_messages(), "run `make messages`"
