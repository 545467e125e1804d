"""The words for outcome codes, shared by pages, forms and the printed summary."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

TIER_LABELS = {
    "ordinary": _l("Gewone scheiding"),
    "watch": _l("Vinger aan de pols"),
    "complex": _l("Complexe scheiding"),
    "insufficient": _l("Te weinig bekend om te beoordelen"),
}
SAFETY_LABELS = {
    "none": _l("Geen signalen over veiligheid in de antwoorden"),
    "unknown": _l("Veiligheid: nog niet uitgezocht"),
    "concern": _l("Zorgen over veiligheid: volg de Meldcode"),
    "acute": _l("Acute of structurele onveiligheid: meld bij Veilig Thuis"),
}
PARENTING_LABELS = {
    "cooperative": _l("Coöperatief ouderschap"),
    "parallel": _l("Parallel ouderschap"),
    "conflicted": _l("Conflictueus ouderschap"),
    "unknown": _l("Nog niet duidelijk"),
    "safety_first": _l("Nog niet te zeggen: eerst veiligheid"),
}
STATUS_LABELS = {"draft": _l("Concept"), "final": _l("Afgerond")}
