"""The printed words of a summary that do not come from the instrument, through gettext.

The caller injects a gettext callable (Flask-Babel's in the app, a Babel catalogue in tests),
so this module holds the only copy of these words and still imports no web framework.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields

from ..labels import N_

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
    """Hold the headings and fixed sentences of one summary, in one language.

    Each default is the Dutch source text, marked for extraction; `summary_words` fills
    every field with its translation.
    """

    # Headings and short labels.
    summary: str = N_("samenvatting")
    confidential: str = N_("Vertrouwelijk")
    draft: str = N_("CONCEPT")
    page: str = N_("pagina %(page)s van %(pages)s")
    status: str = N_("Status")
    organisation: str = N_("Organisatie")
    case_reference: str = N_("Casus")
    filled_in_by: str = N_("Ingevuld door")
    safety: str = N_("Veiligheid")
    meldcode: str = N_("De vijf stappen van de Meldcode")
    safety_signals: str = N_("Signalen over veiligheid")
    outcome: str = N_("Uitkomst")
    could_become: str = N_("Kan nog worden")
    parenting: str = N_("Ouderschap")
    observations: str = N_("Wat opviel")
    signals: str = N_("Wat opvalt")
    judgement: str = N_("Oordeel van de professional")
    first_steps: str = N_("Eerste stappen")
    contacts: str = N_("Contact")
    to_find_out: str = N_("Nog uitzoeken")
    next_screening: str = N_("Volgende screening")
    appendix: str = N_("Bijlage")
    answers: str = N_("Alle antwoorden")
    question: str = N_("Vraag")
    answer: str = N_("Antwoord")
    domain_scores: str = N_("Scores per onderdeel")
    route: str = N_("Voorgestelde route")
    steps: str = N_("Stappen")
    avoid: str = N_("Doe dit niet")
    more_observations: str = N_("Meer over de uitkomst")
    notes: str = N_("Notities")
    instrument: str = N_("Vragenlijst")
    version: str = N_("versie %(version)s, vingerafdruk %(hash)s")
    disclaimer: str = N_("Let op")
    unknown_answer: str = N_("Onbekend")
    not_answered: str = N_("Niet ingevuld")
    # Whole sentences.
    more_steps: str = N_("De volledige route staat in de bijlage.")
    contact_missing: str = N_("nog niet ingevuld door de coördinator")
    nothing_to_find_out: str = N_("Alle belangrijke vragen zijn beantwoord.")
    more_to_find_out: str = N_("De andere vragen om uit te zoeken staan in de bijlage.")
    no_next_screening: str = N_("Geen datum: de route noemt geen termijn.")
    nothing_planned: str = N_("Er staat geen nieuwe screening gepland.")
    after_meldcode: str = N_("Na de stappen van de Meldcode: plan dan een nieuwe screening.")
    domain_meaning: str = N_("Een score telt de antwoorden die op zorgen wijzen. Hoe hoger de score, "
                             "hoe meer signalen in dat onderdeel. Een score is geen diagnose: de "
                             "uitkomst volgt uit de regels van de vragenlijst, niet uit één score.")
    hash_meaning: str = N_("De vingerafdruk hoort bij precies deze versie van de vragenlijst. "
                           "Zo is later na te gaan met welke vragen en regels deze uitkomst is "
                           "berekend.")
    report_now: str = N_("Is er nu direct gevaar? Bel 112. "
                         "Meld daarna vandaag nog bij Veilig Thuis: 0800-2000.")
    meldcode_steps: tuple[str, ...] = field(default=())


def summary_words(_: Gettext) -> Words:
    """Build the headings and fixed sentences of a summary with gettext."""
    translated = {word.name: _(word.default) for word in fields(Words) if isinstance(word.default, str)}
    return Words(**translated, meldcode_steps=meldcode_steps(_))
