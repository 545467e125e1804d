"""The result of a screening: safety first, outcome, reasons, route; judgement and finalising."""

from __future__ import annotations

from flask import abort, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user

from screening import audit, local_contacts, screenings
from screening.db import commit_unless_changed, db
from screening.i18n import gettext
from screening.instrument import Instrument, Result, honest_view
from screening.instrument.followup import Plan
from screening.models import Screening
from screening.summary import Gettext, Summary, build_summary, summary_words
from screening.summary.words import Words
from screening.views.casework import (
    back_to_result,
    bp,
    explain_conflict,
    instrument_for,
    is_current,
    language,
    result_forms,
    result_lists,
    screening_or_404,
)
from screening.views.casework.followup import (
    as_plan,
    plan_of,
    suggested_rescreen,
    today,
)
from screening.views.casework.forms import (
    FinaliseForm,
    JudgementForm,
    LetterSafeForm,
    RescreenForm,
)

# The summary's fixed words (headings, labels of codes, sentences) per language. They come
# from the shipped catalogue, which does not change while the app runs, and are the same
# for everyone: remembered, a summary costs dozens of catalogue look-ups less.
_FIXED_WORDS: dict[str, dict[str, str]] = {}


def fixed_gettext(lang: str) -> Gettext:
    """Return gettext for the summary's fixed messages in `lang`, remembering each one."""
    remembered = _FIXED_WORDS.setdefault(lang, {})

    def lookup(message: str) -> str:
        found = remembered.get(message)
        if found is None:
            found = remembered[message] = gettext(message)
        return found
    return lookup


_WORDS: dict[str, Words] = {}


def fixed_words(lang: str) -> Words:
    """Return the summary's headings and sentences in `lang`, made once per language."""
    found = _WORDS.get(lang)
    if found is None:
        found = _WORDS[lang] = summary_words(fixed_gettext(lang))
    return found


def summary_of(instrument: Instrument, screening: Screening, appendix: bool = True,
               current: Result | None = None, plan: Plan | None = None) -> Summary:
    """Resolve a screening into what its result page and its PDF show.

    The result page passes `appendix=False`: it shows neither the answers per section nor
    the notes, which the PDF prints after page one. It also passes the screening's current
    result and the plan to print, which it shows itself too.
    """
    # The plan follows the routes the screening was (or will be) finalised with; the page
    # shows the honest view of that same result. One scoring, both uses.
    if current is None:
        current = screenings.current_result(instrument, screening)
    if plan is None:  # a draft prints the day its result page suggests, the same words as the page
        plan = (plan_of(instrument, screening, current)
                or as_plan(suggested_rescreen(instrument, current)))
    result = honest_view(instrument, current, screening.answers)
    profession_item = instrument.app_roles.screener_role or ""
    profession_code = screening.answers.get(profession_item)
    try:
        profession = instrument.item(profession_item).option(str(profession_code))
    except KeyError:
        profession = None
    lang = language()
    return build_summary(
        instrument=instrument, answers=screening.answers, result=result, language=lang,
        gettext=fixed_gettext(lang), words=fixed_words(lang), organisation=screening.organisation.name,
        case_reference=screening.case_reference, filled_in_by=screening.owner.name,
        profession=profession.label.get(lang) if profession else "",
        screened_at=to_user_timezone(screening.finalised_at or screening.created_at),
        draft=not screening.is_final, judgement=screening.judgement,
        chosen_tier=screening.chosen_tier, judgement_reason=screening.judgement_reason,
        notes=screening.notes, contacts=local_contacts.for_screening(db.session, screening),
        provisional=not screenings.has_verdict(screening),
        plan=plan,
        appendix=appendix,
    )


# Safety levels at which the parents hear of the screening only after the professional
# has weighed that informing them is safe (the Meldcode's "tenzij"). 'unknown' too: safety was
# not looked into, so it cannot have been weighed (an unknown never makes anything milder).
LETTER_WAITS_FOR = ("unknown", "concern", "acute")


def letter_waits(screening: Screening, safety: str | None = None) -> bool:
    """Tell whether the parent letter waits for the professional's safety check."""
    if safety is None:
        safety = screenings.shown_result(instrument_for(screening), screening).safety
    return safety in LETTER_WAITS_FOR and screening.letter_safe_at is None


def letter_unfinished(screening: Screening) -> bool:
    """Tell whether the letter waits for the last page: a draft without a verdict has no route."""
    return not screenings.has_verdict(screening)


def _page(screening: Screening, form: JudgementForm | None = None, status: int = 200) -> ResponseReturnValue:
    """Render the result page; every rendering is a read of the screening.

    Each form is built only when the page shows it: a final screening has no judgement
    form, a draft no date form, and the letter's check only shows while the letter waits.
    """
    audit.record("view", screening=screening)
    db.session.commit()
    instrument = instrument_for(screening)
    current = screenings.current_result(instrument, screening)  # the summary's, plan's, suggestion's
    plan, suggested = plan_of(instrument, screening, current), suggested_rescreen(instrument, current)
    summary = summary_of(instrument, screening, appendix=False, current=current,
                         plan=plan or as_plan(suggested))
    if screening.is_final:
        judgement_form = None
    else:
        judgement_form = result_forms.from_form(form) if form else result_forms.for_screening(screening)
    previous = (screenings.find_for(db.session, current_user, screening.previous_id)
                if screening.previous_id else None)
    waits, unfinished = letter_waits(screening, summary.safety), letter_unfinished(screening)
    return render_template(
        "casework/result.html", screening=screening, instrument=instrument, summary=summary,
        judgement=judgement_form, language=language(), previous=previous,
        rescreen=(result_forms.field_texts(RescreenForm, "rescreen_on")
                  if screening.is_final and screening.owner_id == current_user.id else None),
        plan=plan, suggested=suggested,
        letter_waits=waits, letter_unfinished=unfinished,
        domain_bars=result_lists.domain_bars(summary.domains),
        to_find_out=result_lists.questions_to_find_out(
            summary.to_find_out, summary.decisive, _("(kan de uitkomst veranderen)")),
        letter_safe=LetterSafeForm() if waits and not unfinished else None,
    ), status


@bp.get("/screenings/<int:screening_id>/uitkomst")
def result(screening_id: int) -> ResponseReturnValue:
    return _page(screening_or_404(screening_id))


@bp.post("/screenings/<int:screening_id>/oordeel")
def judge(screening_id: int) -> ResponseReturnValue:
    screening = screening_or_404(screening_id)
    if screening.is_final:
        return back_to_result(screening.id, _("Deze screening is afgerond. Je kunt niets meer veranderen."),
                              "error")
    form = JudgementForm()
    if not form.validate_on_submit():
        return _page(screening, form, status=400)
    if is_current(form, screening):
        screenings.judge(screening, form.judgement.data, form.chosen_tier.data, form.reason.data)
        audit.record("edit", screening=screening)
        if commit_unless_changed():
            return back_to_result(screening.id, _("Je oordeel is opgeslagen."), "success", "#afronden")
    explain_conflict(screening, form, _(
        "Deze screening is intussen in een ander venster of door een collega gewijzigd. "
        "Kijk de uitkomst opnieuw na en sla je oordeel opnieuw op."))
    return _page(screening, form, status=409)


@bp.get("/screenings/<int:screening_id>/afronden")
def confirm_finalise(screening_id: int) -> ResponseReturnValue:
    """Show what finalising freezes, and ask; the POST below does it."""
    screening = screening_or_404(screening_id)
    if screening.is_final:
        return back_to_result(screening.id, _("Deze screening was al afgerond."), "warning")
    audit.record("view", screening=screening)
    db.session.commit()
    summary = summary_of(instrument_for(screening), screening, appendix=False)
    return render_template(
        "casework/finalise.html", screening=screening, summary=summary,
        finalise=FinaliseForm(data={"lock_version": str(screening.lock_version)}),
        final_months=int(current_app.config["RETENTION_FINAL_MONTHS"]))


@bp.post("/screenings/<int:screening_id>/afronden")
def finalise(screening_id: int) -> ResponseReturnValue:
    """Freeze the screening once; a second, concurrent finalisation changes nothing."""
    screening = screening_or_404(screening_id)
    form = FinaliseForm()
    if not form.validate_on_submit():
        abort(400)
    if screening.is_final:
        return back_to_result(screening.id, _("Deze screening was al afgerond."), "warning")
    if not is_current(form, screening):
        # The page it was pressed on showed another state: finalise only what was seen.
        return back_to_result(screening.id, _("Deze screening is intussen gewijzigd. Kijk de uitkomst "
                                              "opnieuw na voordat je afrondt."), "error")
    if screening.judgement is None:
        return back_to_result(screening.id, _("Geef eerst je professionele oordeel. Daarna kun je afronden."),
                              "error", "#oordeel")
    instrument = instrument_for(screening)
    screenings.finalise(instrument, screening, today())
    local_contacts.freeze(db.session, screening)
    audit.record("finalise", screening=screening)
    if not commit_unless_changed():
        return back_to_result(screening_id, _("Deze screening was al afgerond of intussen gewijzigd. "
                                              "Kijk de uitkomst na."), "warning")
    current_app.logger.info("screening %s finalised", screening.id)
    return back_to_result(screening.id, _("De screening is afgerond. Je kunt de samenvatting nu printen."),
                          "success")
