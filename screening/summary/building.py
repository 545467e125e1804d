"""Resolve a scored screening into the plain data of its printed summary; no Flask, no PDF.

Every word that is not in the instrument comes through the injected gettext, and dates
are formatted by Babel in the summary's language, as the pages do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time

from ..answer_text import AnswerWords, answer_text
from ..instrument import (
    UNKNOWN,
    Instrument,
    Item,
    Reason,
    Result,
    Route,
    route_advice,
    validate_answers,
    visible_items,
)
from ..instrument.followup import Plan
from ..kept import keep
from ..labels import PARENTING_TEXTS, SAFETY_TEXTS, TIER_TEXTS, translated
from .contacts import FIRST_STOP, resolve
from .data import (
    AnswerLine,
    Contact,
    DomainLine,
    Judgement,
    Note,
    ReasonLine,
    RouteBlock,
    SectionAnswers,
    Summary,
)
from .words import Gettext, Words, summary_words

HASH_LENGTH = 12
JUDGEMENTS = ("agree", "other")
MAX_OBSERVATIONS = 5
FIRST_STEPS = 3
# Contacts every safety level needs, whatever the route names: the Meldcode points to them.
SAFETY_CONTACTS = {"acute": ("emergency", "veilig_thuis"), "concern": ("veilig_thuis",)}


def answer_line(item: Item, answer: str | int | None, language: str, words: Words) -> AnswerLine:
    """Return a question with its answer as printed: option label, number or text."""
    open_words = AnswerWords(not_answered=words.not_answered, unknown=words.unknown_answer)
    text = answer_text(item, answer, language, open_words)
    return AnswerLine(item.text.get(language), text.text, unknown=text.open)


# The question texts of each instrument version by language. A summary names every open
# question, dozens in a fresh draft; an instrument version never changes while it is loaded
# (the hash is part of the key, for a draft instrument edited during development).
_QUESTIONS: dict[tuple[str, str, str, str], dict[str, str]] = {}
QUESTIONS_MAX = 64


def _questions(instrument: Instrument, language: str) -> dict[str, str]:
    key = (instrument.id, instrument.version, instrument.hash, language)
    found = _QUESTIONS.get(key)
    if found is None:
        texts = {item_id: item.text.get(language) for item_id, item in instrument.items_by_id.items()}
        found = keep(_QUESTIONS, key, texts, QUESTIONS_MAX)
    return found


def _question(instrument: Instrument, item_id: str, language: str) -> str:
    # An id the instrument lacks: a stored result from a changed draft instrument.
    return _questions(instrument, language).get(item_id, item_id)


def _reason_line(reason: Reason, instrument: Instrument, language: str, words: Words) -> ReasonLine:
    lines = []
    for item_id, answer in reason.answers:
        try:
            item = instrument.item(item_id)
        except KeyError:  # a stored result from a changed draft instrument
            lines.append(AnswerLine(item_id, str(answer), unknown=answer == UNKNOWN))
            continue
        lines.append(answer_line(item, answer, language, words))
    matched = []
    for flag_id in reason.matched:
        try:
            matched.append(instrument.flag(flag_id).label.get(language))
        except KeyError:  # a stored result from a changed draft instrument
            matched.append(flag_id)
    return ReasonLine(reason.decision, reason.outcome, reason.text.get(language), tuple(lines),
                      tuple(matched))


def _sections(
    instrument: Instrument, answers: Mapping[str, str | int], language: str, words: Words
) -> tuple[SectionAnswers, ...]:
    """Return the shown questions with their answers, section by section, each once."""
    given = validate_answers(instrument, answers)
    shown = {item.id for item in visible_items(instrument, answers)}
    sections = []
    for section in instrument.sections:
        lines = tuple(answer_line(item, given.get(item.id), language, words)
                      for item in section.items if item.id in shown)
        if lines:
            sections.append(SectionAnswers(section.id, section.title.get(language), lines))
    return tuple(sections)


def _routes(
    instrument: Instrument, result: Result, language: str,
    contacts: Mapping[str, Contact], _: Gettext,
) -> tuple[RouteBlock, ...]:
    """Return the routes of the result, the safety route first, with their local contacts.

    Only the steps that apply to this result are listed, as decided when it was scored.
    """
    safety_route = instrument.route_map.for_safety(result.safety)
    blocks = []
    try:
        advice = route_advice(instrument, result)
    except KeyError:  # a stored result from a changed draft instrument
        advice = ()
    for entry in advice:
        route = entry.route
        blocks.append(RouteBlock(
            id=route.id, title=route.title.get(language), why=route.why.get(language),
            steps=tuple(step.get(language) for step in entry.steps),
            avoid=tuple(text.get(language) for text in route.avoid),
            safety=route.id == safety_route, contacts=resolve(route.contacts, contacts, _),
        ))
    return tuple(blocks)


def _page_one_contacts(
    routes: tuple[RouteBlock, ...], safety: str, known: Mapping[str, Contact], _: Gettext
) -> tuple[Contact, ...]:
    """Return the safety contacts, then those of the routes, else the first local stop."""
    named = [contact.kind for route in routes for contact in route.contacts]
    kinds = [*SAFETY_CONTACTS.get(safety, ()), *(named or FIRST_STOP)]
    return resolve(kinds, known, _)


def _observations(reasons: tuple[ReasonLine, ...], signals: tuple[str, ...]) -> tuple[ReasonLine, ...]:
    """Return at most five observations: the reasons of the outcome first, then signals."""
    lines = list(reasons) + [ReasonLine("signal", "", text) for text in signals]
    return tuple(lines[:MAX_OBSERVATIONS])


def _judgement(
    judgement: str | None, chosen_tier: str | None, reason: str | None,
    labels: Mapping[str, str], _: Gettext,
) -> Judgement:
    """Write the judgement in the third person: the summary is for the file."""
    if judgement not in JUDGEMENTS:
        return Judgement(None, _("De professional heeft nog geen oordeel gegeven."))
    if judgement == "agree":
        return Judgement("agree", _("De professional is het eens met de uitkomst."))
    chosen = labels.get(chosen_tier or "", chosen_tier or "")
    reason = (reason or "").strip() or None
    if reason is None:
        return Judgement("other", _("De professional kiest %(outcome)s.") % {"outcome": chosen},
                         chosen)
    text = _("De professional kiest %(outcome)s, omdat:") % {"outcome": chosen}
    return Judgement("other", text, chosen, reason)


def _notes(notes: Mapping[str, str], instrument: Instrument, language: str,
           words: Words) -> tuple[Note, ...]:
    """Return non-empty notes in section order, then notes on other keys by key."""
    ordered = []
    for section in instrument.sections:
        text = notes.get(section.id, "")
        if text.strip():
            ordered.append(Note(section.id, section.title.get(language), text))
    known = {section.id for section in instrument.sections}
    for key in sorted(set(notes) - known):
        if notes[key].strip():
            ordered.append(Note(key, key or words.notes, notes[key]))
    return tuple(ordered)


def _could_become(
    instrument: Instrument, result: Result, language: str, labels: Mapping[str, str], _: Gettext
) -> str | None:
    """Say what the outcome could still become, and which unknown questions decide it."""
    tier = result.could_become
    if not tier or tier == result.tier:
        return None
    label = labels.get(tier, tier)
    decisive = [_question(instrument, item_id, language) for item_id in result.decisive[:3]]
    if not decisive:
        return label
    return _("%(outcome)s, als dit anders blijkt: %(questions)s") % {
        "outcome": label, "questions": "; ".join(decisive)}


@lru_cache(maxsize=8)
def _locale(language: str) -> Locale:
    """Return Babel's locale, parsed once: Babel parses a name again on every call."""
    return Locale.parse(language)


def _moment(moment: datetime, language: str) -> str:
    locale = _locale(language)
    return f"{format_date(moment, 'long', locale=locale)} {format_time(moment, 'short', locale=locale)}"


def _next_screening(plan: Plan | None, routes: Iterable[Route], moment: datetime, language: str,
                    words: Words) -> str | None:
    """Return what the summary says about the next screening.

    A finalised screening has a plan (the owner may change or clear it): its day, else the
    Meldcode steps it waits for, else that nothing is planned. Without a plan (a draft) the
    soonest interval of the shown routes is suggested; a route that waits for the Meldcode
    steps prints that instead of a date.
    """
    if plan is not None:
        if plan.on is not None:
            return format_date(plan.on, "long", locale=_locale(language))
        return words.after_meldcode if plan.after is not None else words.nothing_planned
    routes = tuple(routes)
    if any(route.rescreen_after is not None for route in routes):
        return words.after_meldcode
    weeks = [route.rescreen_weeks for route in routes if route.rescreen_weeks is not None]
    if not weeks:
        return None
    return format_date(moment + timedelta(weeks=min(weeks)), "long", locale=_locale(language))


def _domains(instrument: Instrument, result: Result, language: str) -> tuple[DomainLine, ...]:
    return tuple(
        DomainLine(section.id, section.title.get(language), value.score, value.max)
        for section in instrument.sections
        if (value := result.domain_scores.get(section.id)) is not None
    )


def _signals(instrument: Instrument, result: Result, language: str) -> tuple[str, ...]:
    raised = set(result.flags)
    return tuple(flag.label.get(language) for flag in instrument.flags
                 if flag.id in raised and flag.safety is None)


def _status(draft: bool, when: str, _: Gettext) -> str:
    """Say whether the summary is a draft or final, with its date."""
    if draft:
        return _("Concept, nog niet afgerond (%(date)s)") % {"date": when}
    return _("Afgerond op %(date)s") % {"date": when}


def _completeness(result: Result, _: Gettext) -> str:
    """Count the questions so that the parts add up to the whole."""
    c = result.completeness
    return _("%(answered)s beantwoord + %(unknown)s onbekend + %(unanswered)s nog niet "
             "ingevuld = %(shown)s vragen.") % {
        "answered": c.answered, "shown": c.shown, "unknown": c.unknown,
        "unanswered": c.unanswered}


def _outlook(result: Result) -> str | None:
    """Return the tier the outcome could still become, None when nothing open matters."""
    outlook = result.could_become
    if outlook is None or (outlook == result.tier and not result.decisive):
        return None  # nothing open that matters: say nothing extra
    return outlook


def build_summary(
    *, instrument: Instrument, answers: Mapping[str, str | int], result: Result, language: str,
    gettext: Gettext, organisation: str, case_reference: str, filled_in_by: str, profession: str,
    screened_at: datetime, draft: bool, judgement: str | None, chosen_tier: str | None,
    judgement_reason: str | None, notes: Mapping[str, str],
    contacts: Mapping[str, Contact] | None = None, provisional: bool = False,
    plan: Plan | None = None, appendix: bool = True, words: Words | None = None,
) -> Summary:
    """Resolve a scored screening into the plain data of its printed summary.

    `screened_at` is shown as given: pass it in the reader's time zone. `plan` is the next
    screening as stored for a finalised screening; None (a draft) suggests one from the
    routes. `appendix=False` leaves out the answers per section and the notes (the page
    shows neither); with it, raise AnswerError when an answer does not fit the instrument.
    `words` may pass `summary_words(gettext)` when the caller keeps them.
    """
    _, words = gettext, words or summary_words(gettext)
    tier_labels = translated(TIER_TEXTS, _)
    # The fallback reason ("geen signalen") only when nothing else explains the outcome.
    reasons = tuple(_reason_line(r, instrument, language, words) for r in result.shown_reasons)
    outcome_reasons = tuple(r for r in reasons if r.decision != "safety")
    signals = _signals(instrument, result, language)
    routes = _routes(instrument, result, language, contacts or {}, _)
    tier_route = next((route for route in routes if not route.safety), None)
    shown_routes = [r for r in instrument.routes if r.id in result.routes]
    when = _moment(screened_at, language)
    title, outlook = instrument.title.get(language), _outlook(result)
    return Summary(
        words=words, language=language, title=title,
        document_title=f"{title} — {words.summary}",
        version=instrument.version, short_hash=instrument.hash[:HASH_LENGTH],
        organisation=organisation, case_reference=case_reference,
        filled_in_by=", ".join(part for part in (filled_in_by, profession) if part),
        screened_at=screened_at, date_text=when, draft=draft,
        status_text=_status(draft, when, _),
        safety=result.safety,
        safety_label=translated(SAFETY_TEXTS, _).get(result.safety, result.safety),
        safety_reasons=tuple(r for r in reasons if r.decision == "safety"),
        tier=result.tier, tier_label=tier_labels.get(result.tier, result.tier),
        could_become=_could_become(instrument, result, language, tier_labels, _),
        parenting=result.parenting,
        parenting_label=translated(PARENTING_TEXTS, _).get(result.parenting, result.parenting),
        reasons=outcome_reasons, observations=_observations(outcome_reasons, signals),
        signals=signals,
        completeness=_completeness(result, _),
        domains=_domains(instrument, result, language),
        to_find_out=tuple(_question(instrument, i, language) for i in result.open_questions),
        routes=routes,
        first_steps=tier_route.steps[:FIRST_STEPS] if tier_route else (),
        contacts=_page_one_contacts(routes, result.safety, contacts or {}, _),
        next_screening=_next_screening(plan, shown_routes, screened_at, language, words),
        judgement=_judgement(judgement, chosen_tier, judgement_reason, tier_labels, _),
        notes=_notes(notes, instrument, language, words) if appendix else (),
        sections=_sections(instrument, answers, language, words) if appendix else (),
        disclaimer=instrument.disclaimer.get(language),
        outlook_tier=outlook,
        outlook_label=tier_labels.get(outlook, outlook) if outlook else "",
        decisive=tuple(_question(instrument, i, language) for i in result.decisive),
        provisional=provisional,
    )
