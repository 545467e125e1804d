"""Resolve the kinds of contact a route names into the contacts of one municipality; pure.

The coordinator keeps local contacts per municipality and kind. Three have a national
number that is filled in until the coordinator says otherwise; a kind nobody filled in
is printed as such, never as an empty line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from ..labels import CONTACT_KIND_TEXTS, translated
from .data import Contact
from .words import Gettext

NATIONAL_DEFAULTS: Mapping[str, Contact] = {
    "emergency": Contact("emergency", "", phone="112"),
    "veilig_thuis": Contact("veilig_thuis", "", name="Veilig Thuis", phone="0800-2000",
                            website="https://veiligthuis.nl"),
    "kindertelefoon": Contact("kindertelefoon", "", name="De Kindertelefoon", phone="0800-0432",
                              website="https://www.kindertelefoon.nl"),
}
FIELDS = ("name", "phone", "website", "note")
# The first local stop when a route names nobody: never leave the reader without a name.
FIRST_STOP = ("wijkteam",)


def is_empty(contact: Contact) -> bool:
    """Tell whether a contact has nothing to print."""
    return not any(getattr(contact, name).strip() for name in FIELDS)


def with_defaults(stored: Mapping[str, Contact]) -> dict[str, Contact]:
    """Return the stored contacts over the national defaults; an emptied one stays empty."""
    known = dict(NATIONAL_DEFAULTS)
    known.update(stored)
    return {kind: contact for kind, contact in known.items() if not is_empty(contact)}


def resolve(kinds: Iterable[str], known: Mapping[str, Contact], gettext: Gettext) -> tuple[Contact, ...]:
    """Return one contact per kind, in order and once each; a missing kind says so."""
    labels = translated(CONTACT_KIND_TEXTS, gettext)
    contacts: list[Contact] = []
    for kind in dict.fromkeys(kinds):
        label = labels.get(kind, kind)
        found = known.get(kind)
        contacts.append(replace(found, kind=kind, label=label, missing=False) if found is not None
                        else Contact(kind, label, missing=True))
    return tuple(contacts)


def to_json(known: Mapping[str, Contact]) -> dict[str, dict[str, str]]:
    """Return contacts as plain data to store with a finalised screening."""
    return {kind: {name: getattr(contact, name) for name in FIELDS}
            for kind, contact in sorted(known.items())}


def from_json(data: Mapping[str, Any]) -> dict[str, Contact]:
    """Rebuild contacts stored by `to_json`."""
    contacts = {}
    for kind, values in data.items():
        if isinstance(values, Mapping):
            text = {name: str(values.get(name, "")) for name in FIELDS}
            contacts[str(kind)] = Contact(str(kind), "", name=text["name"], phone=text["phone"],
                                          website=text["website"], note=text["note"])
    return contacts
