"""The words of the result page and the printed summary, through gettext."""

from __future__ import annotations

from flask_babel import gettext as _

from screening.answer_text import AnswerWords
from screening.labels import PARENTING_LABELS, SAFETY_LABELS, TIER_LABELS
from screening.summary import Headings


def meldcode_steps() -> tuple[str, ...]:
    """The five steps of the Meldcode huiselijk geweld en kindermishandeling."""
    return (
        _("Breng de signalen in kaart: wat zag of hoorde je, en van wie?"),
        _("Overleg meteen met een collega of de aandachtsfunctionaris. "
          "Vraag advies aan Veilig Thuis (0800-2000)."),
        _("Praat met de ouders en het kind, behalve als dat onveilig is."),
        _("Weeg met het afwegingskader: is er een vermoeden? Is er acute of structurele "
          "onveiligheid? Dan meld je altijd bij Veilig Thuis."),
        _("Beslis: organiseer hulp en volg of die werkt, en/of doe een melding bij Veilig Thuis."),
    )


def answer_words() -> AnswerWords:
    """The words for an open answer in the current language."""
    return AnswerWords(not_answered=_("Niet ingevuld"), unknown=_("Onbekend"))


def summary_headings() -> Headings:
    """Build every heading and label of a summary in the current language."""
    words = answer_words()
    return Headings(
        summary=_("samenvatting"),
        confidential=_("Vertrouwelijk"),
        draft=_("CONCEPT"),
        page=_("pagina %(page)s van %(pages)s"),
        organisation=_("Organisatie"),
        case_reference=_("Casus"),
        date=_("Datum"),
        profession=_("Ingevuld door"),
        instrument=_("Vragenlijst"),
        version=_("versie %(version)s (%(hash)s)"),
        date_format="%d-%m-%Y %H:%M",
        safety_first=_("Veiligheid eerst"),
        meldcode=_("De vijf stappen van de Meldcode"),
        meldcode_steps=meldcode_steps(),
        report_now=_("Is er nu direct gevaar? Bel 112. "
                     "Meld daarna vandaag nog bij Veilig Thuis: 0800-2000."),
        safety_signals=_("Signalen over veiligheid"),
        outcome=_("Uitkomst"),
        safety=_("Veiligheid"),
        parenting=_("Ouderschap"),
        signals=_("Wat opvalt"),
        completeness=_("%(answered)s van %(shown)s vragen beantwoord, %(unknown)s onbekend."),
        domain_scores=_("Scores per onderdeel"),
        to_find_out=_("Nog uitzoeken"),
        nothing_to_find_out=_("Alle belangrijke vragen zijn beantwoord."),
        route=_("Voorgestelde route"),
        steps=_("Stappen"),
        avoid=_("Doe dit niet"),
        judgement=_("Jouw professionele oordeel"),
        judgement_agree=_("Je was het eens met de uitkomst."),
        judgement_other=_("Je koos een andere uitkomst: %(outcome)s"),
        judgement_reason=_("Waarom"),
        judgement_none=_("Je hebt nog geen oordeel gegeven."),
        notes=_("Notities"),
        answers=_("Alle antwoorden"),
        question=_("Vraag"),
        answer=_("Antwoord"),
        unknown_answer=words.unknown,
        not_answered=words.not_answered,
        disclaimer=_("Let op"),
        safety_labels={code: str(label) for code, label in SAFETY_LABELS.items()},
        tier_labels={code: str(label) for code, label in TIER_LABELS.items()},
        parenting_labels={code: str(label) for code, label in PARENTING_LABELS.items()},
    )
