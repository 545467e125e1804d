"""The local contacts of an organisation: read them per municipality, save one; helpers flush."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from screening.models import LocalContact, Organisation, Screening
from screening.summary import Contact
from screening.summary.contacts import NATIONAL_DEFAULTS, from_json, to_json, with_defaults


def stored(session: Session, organisation_id: int, municipality: str) -> dict[str, LocalContact]:
    """Return the coordinator's rows for one municipality by kind."""
    rows = session.scalars(select(LocalContact).where(
        LocalContact.organisation_id == organisation_id,
        LocalContact.municipality == municipality))
    return {row.kind: row for row in rows}


def as_contact(row: LocalContact) -> Contact:
    """Return a stored row as the plain contact the summary prints."""
    return Contact(row.kind, "", name=row.name, phone=row.phone, website=row.website, note=row.note)


# Every draft's result page reads the contacts of its municipality: the statement is built
# once (building it cost as much as running it), and reads the columns, not ORM objects.
_KNOWN = select(
    LocalContact.kind, LocalContact.name, LocalContact.phone, LocalContact.website, LocalContact.note,
).where(LocalContact.organisation_id == bindparam("organisation_id"),
        LocalContact.municipality == bindparam("municipality"))


def known(session: Session, organisation_id: int, municipality: str) -> dict[str, Contact]:
    """Return the contacts of a municipality: the coordinator's, else the national defaults."""
    rows = session.execute(_KNOWN, {"organisation_id": organisation_id, "municipality": municipality})
    return with_defaults({kind: Contact(kind, "", name=name, phone=phone, website=website, note=note)
                          for kind, name, phone, website, note in rows})


def for_screening(session: Session, screening: Screening) -> dict[str, Contact]:
    """Return the contacts a screening prints: frozen at finalisation, else today's."""
    if screening.is_final and screening.final_contacts is not None:
        return from_json(screening.final_contacts)
    return known(session, screening.organisation_id, screening.municipality)


def freeze(session: Session, screening: Screening) -> None:
    """Keep today's contacts with a screening that is being finalised."""
    screening.final_contacts = to_json(known(session, screening.organisation_id,
                                             screening.municipality))


def current(session: Session, organisation_id: int, municipality: str, kind: str) -> Contact:
    """Return what the edit form starts from: the stored contact, else the national default."""
    row = stored(session, organisation_id, municipality).get(kind)
    if row is not None:
        return as_contact(row)
    return NATIONAL_DEFAULTS.get(kind, Contact(kind, ""))


def save(session: Session, organisation: Organisation, municipality: str, kind: str,
         contact: Contact) -> LocalContact:
    """Store one contact of a municipality (an empty one means: nobody to name yet)."""
    row = stored(session, organisation.id, municipality).get(kind)
    if row is None:
        row = LocalContact(organisation_id=organisation.id, municipality=municipality, kind=kind)
        session.add(row)
    row.name, row.phone = contact.name.strip(), contact.phone.strip()
    row.website, row.note = contact.website.strip(), contact.note.strip()
    session.flush()
    return row
