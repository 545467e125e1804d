"""The printed words of a summary that do not come from the instrument, through gettext.

The caller injects a gettext callable (Flask-Babel's in the app, a Babel catalogue in tests),
so this module holds the only copy of these words and still imports no web framework.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

Gettext = Callable[[str], str]


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


def translated(texts: Mapping[str, str], gettext: Gettext) -> dict[str, str]:
    """Return a code-to-label mapping in the language of gettext."""
    return {code: gettext(text) for code, text in texts.items()}


def meldcode_steps(_: Gettext) -> tuple[str, ...]:
    """Return the five steps of the Meldcode huiselijk geweld en kindermishandeling."""
    return (
        _("Breng de signalen in kaart: wat zag of hoorde je, en van wie?"),
        _("Overleg meteen met een collega of de aandachtsfunctionaris. "
          "Vraag advies aan Veilig Thuis (0800-2000)."),
        _("Praat met de ouders en het kind, behalve als dat onveilig is."),
        _("Weeg met het afwegingskader: is er een vermoeden? Is er acute of structurele "
          "onveiligheid? Dan meld je altijd bij Veilig Thuis."),
        _("Beslis: organiseer hulp en volg of die werkt, en/of doe een melding bij Veilig Thuis."),
    )


@dataclass(frozen=True, slots=True)
class Words:
    """Hold the headings and fixed sentences of one summary, in one language."""

    summary: str
    confidential: str
    draft: str
    page: str
    status: str
    organisation: str
    case_reference: str
    filled_in_by: str
    safety: str
    report_now: str
    meldcode: str
    safety_signals: str
    outcome: str
    could_become: str
    parenting: str
    observations: str
    signals: str
    judgement: str
    first_steps: str
    more_steps: str
    contacts: str
    contact_missing: str
    to_find_out: str
    nothing_to_find_out: str
    more_to_find_out: str
    next_screening: str
    no_next_screening: str
    appendix: str
    answers: str
    question: str
    answer: str
    domain_scores: str
    domain_meaning: str
    route: str
    steps: str
    avoid: str
    more_observations: str
    notes: str
    instrument: str
    version: str
    hash_meaning: str
    disclaimer: str
    unknown_answer: str
    not_answered: str
    meldcode_steps: tuple[str, ...] = field(default=())


def summary_words(_: Gettext) -> Words:
    """Build the headings and fixed sentences of a summary with gettext."""
    return Words(
        summary=_("samenvatting"),
        confidential=_("Vertrouwelijk"),
        draft=_("CONCEPT"),
        page=_("pagina %(page)s van %(pages)s"),
        status=_("Status"),
        organisation=_("Organisatie"),
        case_reference=_("Casus"),
        filled_in_by=_("Ingevuld door"),
        safety=_("Veiligheid"),
        report_now=_("Is er nu direct gevaar? Bel 112. "
                     "Meld daarna vandaag nog bij Veilig Thuis: 0800-2000."),
        meldcode=_("De vijf stappen van de Meldcode"),
        safety_signals=_("Signalen over veiligheid"),
        outcome=_("Uitkomst"),
        could_become=_("Kan nog worden"),
        parenting=_("Ouderschap"),
        observations=_("Wat opviel"),
        signals=_("Wat opvalt"),
        judgement=_("Oordeel van de professional"),
        first_steps=_("Eerste stappen"),
        more_steps=_("De volledige route staat in de bijlage."),
        contacts=_("Contact"),
        contact_missing=_("nog niet ingevuld door de coördinator"),
        to_find_out=_("Nog uitzoeken"),
        nothing_to_find_out=_("Alle belangrijke vragen zijn beantwoord."),
        more_to_find_out=_("De andere vragen om uit te zoeken staan in de bijlage."),
        next_screening=_("Volgende screening"),
        no_next_screening=_("Geen datum: de route noemt geen termijn."),
        appendix=_("Bijlage"),
        answers=_("Alle antwoorden"),
        question=_("Vraag"),
        answer=_("Antwoord"),
        domain_scores=_("Scores per onderdeel"),
        domain_meaning=_("Een score telt de antwoorden die op zorgen wijzen. Hoe hoger de score, "
                         "hoe meer signalen in dat onderdeel. Een score is geen diagnose: de "
                         "uitkomst volgt uit de regels van de vragenlijst, niet uit één score."),
        route=_("Voorgestelde route"),
        steps=_("Stappen"),
        avoid=_("Doe dit niet"),
        more_observations=_("Meer over de uitkomst"),
        notes=_("Notities"),
        instrument=_("Vragenlijst"),
        version=_("versie %(version)s, vingerafdruk %(hash)s"),
        hash_meaning=_("De vingerafdruk hoort bij precies deze versie van de vragenlijst. "
                       "Zo is later na te gaan met welke vragen en regels deze uitkomst is "
                       "berekend."),
        disclaimer=_("Let op"),
        unknown_answer=_("Onbekend"),
        not_answered=_("Niet ingevuld"),
        meldcode_steps=meldcode_steps(_),
    )
