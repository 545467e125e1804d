"""Build the letter for the parents: plain words, no outcome, no scores, no answers; pure.

The letter says what the professional noticed in neutral words, what helps children in a
separation, the next step and whom to call locally. It is written per tier's route, but
never names the tier, a label, a score, a safety signal or a question of the instrument.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_date

from .contacts import FIRST_STOP, resolve
from .data import Contact
from .words import Gettext

# Kinds a letter to the parents may name; a safety contact would tell what the screening saw.
PARENT_KINDS = ("wijkteam", "jgz", "school_social_work", "parenting_plan_support",
                "children_groups", "kindertelefoon")
ALWAYS = ("kindertelefoon",)


@dataclass(frozen=True, slots=True)
class LetterText:
    """Hold the letter in one language."""

    language: str
    title: str
    date: str
    greeting: str
    noticed_heading: str
    noticed: str
    helps_heading: str
    helps: tuple[str, ...]
    next_heading: str
    next_step: str
    contacts_heading: str
    contacts: tuple[Contact, ...]
    missing: str
    closing: str
    sender: str


@dataclass(frozen=True, slots=True)
class Letter:
    """Hold the letter in Dutch and, beside it, in English."""

    dutch: LetterText
    english: LetterText
    document_title: str
    moment: datetime


def _noticed(tier: str, _: Gettext) -> str:
    intro = _("Wij spraken met u of met uw kind over de scheiding.")
    texts = {
        "ordinary": _("Wij zien een gezin dat zijn weg zoekt na de scheiding, zoals veel gezinnen."),
        "watch": _("Wij merken dat de scheiding veel vraagt van u en van uw kind."),
        "complex": _("Wij merken dat er veel spanning is rond de scheiding, en dat uw kind "
                     "dat voelt."),
    }
    fallback = _("Wij willen graag beter begrijpen hoe het met uw kind gaat.")
    return f"{intro} {texts.get(tier, fallback)}"


def _helps(tier: str, _: Gettext) -> tuple[str, ...]:
    helps = [
        _("Kinderen hebben rust nodig, en duidelijkheid over waar ze wonen en wanneer."),
        _("Kinderen mogen van allebei hun ouders houden. Laat uw kind niet kiezen."),
        _("Praat niet waar uw kind bij is over ruzie met de andere ouder."),
        _("Luister naar uw kind. Vraag hoe het gaat, ook als uw kind stil is."),
    ]
    if tier == "complex":
        helps.append(_("Lukt samen afspraken maken niet? Dan helpen twee plannen voor twee "
                       "gezinnen: ieder huis zijn eigen regels, met zo weinig mogelijk overleg. "
                       "Dat geeft uw kind rust."))
    return tuple(helps)


def _next_step(tier: str, _: Gettext) -> str:
    texts = {
        "ordinary": _("U hoeft nu niets te doen. Heeft u vragen, of verandert er iets? "
                      "Neem dan contact met ons op."),
        "watch": _("Wij nemen binnenkort contact met u op voor een gesprek over wat u en uw kind "
                   "kan helpen."),
        "complex": _("Wij nemen binnenkort contact met u op. Wij spreken met ieder van u apart "
                     "over wat uw kind rust geeft."),
    }
    return texts.get(tier, _("Wij nemen binnenkort contact met u op voor een gesprek. Zo kunnen "
                             "wij u beter helpen."))


def letter_kinds(route_kinds: tuple[str, ...]) -> tuple[str, ...]:
    """Return the kinds of contact a letter names: the route's own for parents, else the wijkteam."""
    kinds = tuple(kind for kind in route_kinds if kind in PARENT_KINDS and kind not in ALWAYS)
    return (kinds or FIRST_STOP) + ALWAYS


def _text(language: str, _: Gettext, tier: str, kinds: tuple[str, ...],
          contacts: Mapping[str, Contact], moment: datetime, sender: str) -> LetterText:
    return LetterText(
        language=language, title=_("Een brief voor de ouders"),
        date=format_date(moment, "long", locale=language), greeting=_("Beste ouder,"),
        noticed_heading=_("Waarom u deze brief krijgt"), noticed=_noticed(tier, _),
        helps_heading=_("Wat helpt kinderen bij een scheiding"), helps=_helps(tier, _),
        next_heading=_("Wat is de volgende stap"), next_step=_next_step(tier, _),
        contacts_heading=_("Wie kunt u bellen"), contacts=resolve(kinds, contacts, _),
        missing=_("nog niet ingevuld door de coördinator"),
        closing=_("Met vriendelijke groet,"), sender=sender,
    )


def build_letter(
    *, tier: str, route_kinds: tuple[str, ...], contacts: Mapping[str, Contact],
    dutch: Gettext, english: Gettext, moment: datetime, sender: str,
) -> Letter:
    """Build the parent letter for a tier's route, in Dutch with English beside it."""
    kinds = letter_kinds(route_kinds)
    return Letter(
        dutch=_text("nl", dutch, tier, kinds, contacts, moment, sender),
        english=_text("en", english, tier, kinds, contacts, moment, sender),
        document_title=dutch("Een brief voor de ouders"), moment=moment,
    )
