"""The words for codes (outcomes, contacts, professions), shared by pages, forms and the PDF.

The texts are plain messages, marked with `N_` for extraction, so the pure summary builder
translates them with the gettext it is given and this module imports no web framework.
Pages and forms use `TIER_LABELS` and its siblings: the same texts as lazy gettext strings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the marker name pybabel extracts by default
    """Mark a message for extraction; it is translated where it is used."""
    return message


TIER_TEXTS = {
    "ordinary": N_("Gewone scheiding"),
    "watch": N_("Vinger aan de pols"),
    "complex": N_("Complexe scheiding"),
    "insufficient": N_("Te weinig bekend om te beoordelen"),
}
SAFETY_TEXTS = {
    "none": N_("Geen signalen over veiligheid in de antwoorden"),
    "unknown": N_("Veiligheid: nog niet uitgezocht"),
    "concern": N_("Zorgen over veiligheid: volg de Meldcode"),
    "acute": N_("Acute of structurele onveiligheid: meld bij Veilig Thuis"),
}
PARENTING_TEXTS = {
    "cooperative": N_("Coöperatief ouderschap"),
    "parallel": N_("Parallel ouderschap"),
    "conflicted": N_("Conflictueus ouderschap"),
    "unknown": N_("Nog niet duidelijk"),
    "safety_first": N_("Nog niet te zeggen: eerst veiligheid"),
}
STATUS_TEXTS = {"draft": N_("Concept"), "final": N_("Afgerond")}
PROFESSION_TEXTS = {
    "school_social_worker": N_("Schoolmaatschappelijk werker"),
    "youth_health_nurse": N_("Jeugdverpleegkundige of jeugdarts (GGD, JGZ)"),
    "welfare_worker": N_("Welzijnswerker of wijkcoach"),
    "other": N_("Anders"),
}
UNFINISHED = "unfinished"
"""The list's status filter for drafts whose last page was not reached: no verdict yet."""
CONTACT_KIND_TEXTS = {
    "emergency": N_("Direct gevaar: alarmnummer"),
    "veilig_thuis": N_("Veilig Thuis"),
    "wijkteam": N_("Wijkteam of CJG"),
    "jgz": N_("Jeugdgezondheidszorg (JGZ)"),
    "school_social_work": N_("Schoolmaatschappelijk werk"),
    "family_guardian": N_("Gecertificeerde instelling (jeugdbescherming)"),
    "parenting_plan_support": N_("Hulp bij het ouderschapsplan of mediation"),
    "children_groups": N_("Groepen voor kinderen van gescheiden ouders"),
    "kindertelefoon": N_("De Kindertelefoon"),
}


def translated(texts: Mapping[str, str], gettext: Callable[[str], str]) -> dict[str, str]:
    """Return a code-to-label mapping in the language of gettext."""
    return {code: gettext(text) for code, text in texts.items()}


def __getattr__(name: str) -> dict[str, Any]:
    """Return TIER_LABELS and its siblings (each X_TEXTS as X_LABELS) as lazy gettext strings."""
    texts = globals().get(name.removesuffix("_LABELS") + "_TEXTS") if name.endswith("_LABELS") else None
    if not isinstance(texts, dict):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from flask_babel import lazy_gettext  # only pages and forms ask, inside the app

    return {code: lazy_gettext(text) for code, text in texts.items()}
