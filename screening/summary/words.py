"""The printed words of a summary that do not come from the instrument, through gettext.

The caller injects a gettext callable (Flask-Babel's in the app, a Babel catalogue in tests),
so this module holds the only copy of these words and still imports no web framework.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Gettext = Callable[[str], str]


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
    after_meldcode: str
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
        after_meldcode=_("Na de stappen van de Meldcode: plan dan een nieuwe screening."),
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
