"""Start a screening, answer it step by step, review it, and move it to a newer version."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from screening import audit, screenings
from screening.answer_text import answer_text
from screening.db import commit_unless_changed, db
from screening.forms import StepBase, field_name, step_form, submitted_answers
from screening.instrument import AnswerError, Instrument, Section, carry_answers, visible_items
from screening.models import Screening
from screening.pseudonyms import personal_data_signs
from screening.views.auth_forms import ConfirmForm
from screening.views.casework import (
    answer_words,
    bp,
    explain_conflict,
    instrument_for,
    is_current,
    language,
    registry,
    screening_or_404,
    step_url,
)
from screening.views.casework.forms import StartForm, start_form
from screening.views.casework.questions import (
    progress_html,
    question_of,
    questions_html,
    section_questions,
    step_words,
    stored_values,
    submitted_values,
)

PSEUDONYM_WARNINGS = {
    "bsn": _l("Dit lijkt op een BSN."),
    "date": _l("Dit lijkt op een datum, misschien een geboortedatum."),
    "name": _l("Dit lijkt op een naam."),
}


def _start_form() -> tuple[StartForm, list[Instrument], list[str]]:
    published = registry().published()
    if not published:
        abort(503)
    municipalities = current_user.organisation.municipality_names
    return start_form(published[-1], language(), municipalities, published), published, municipalities


def _new_page(form: StartForm, warnings: list[str], status: int = 200) -> ResponseReturnValue:
    newest = registry().published()[-1]
    questions = [question_of(newest.item(item_id), language(), name=item_id)
                 for item_id in form.start_items if item_id in form]
    return render_template("casework/new.html", form=form, warnings=warnings, questions=questions,
                           values=submitted_values(form, [q.name for q in questions])), status


@bp.get("/screenings/nieuw")
def new() -> ResponseReturnValue:
    form, published, municipalities = _start_form()
    default = published[-1]
    form.case_reference.data = request.args.get("casus", "")[:40] or None
    form.instrument.data = f"{default.id}@{default.version}"
    if len(municipalities) == 1:
        form.municipality.data = municipalities[0]
    profession_item = default.app_roles.screener_role
    if profession_item and profession_item in form:
        form[profession_item].data = screenings.profession_answer(default, current_user.profession)
    return _new_page(form, [])


@bp.post("/screenings/nieuw")
def start() -> ResponseReturnValue:
    form, published, municipalities = _start_form()
    if not form.validate_on_submit():
        return _new_page(form, [])
    instrument = next((i for i in published if f"{i.id}@{i.version}" == form.instrument.data), None)
    if form.municipality.data not in municipalities:
        form.municipality.errors.append(_("Kies een gemeente van je organisatie."))
        return _new_page(form, [])
    if instrument is None:
        form.instrument.errors.append(_("Kies een vragenlijst."))
        return _new_page(form, [])
    reference = form.case_reference.data.strip()
    warnings = [str(PSEUDONYM_WARNINGS[s]) for s in personal_data_signs(reference)]
    if warnings and not form.confirm_pseudonym.data:
        return _new_page(form, warnings)
    start_answers = {item_id: form[item_id].data for item_id in form.start_items
                     if item_id in form and form[item_id].data}
    try:
        screening = screenings.start(
            db.session, current_user, instrument, case_reference=reference,
            municipality=form.municipality.data, start_answers=start_answers)
    except AnswerError:
        abort(400)
    audit.record("create", screening=screening)
    db.session.commit()
    current_app.logger.info("screening %s started", screening.id)
    return redirect(step_url(screening, screening.current_step))


@bp.get("/screenings/<int:screening_id>")
def show(screening_id: int) -> ResponseReturnValue:
    """Resume a draft at its step; a final screening shows its result as taken."""
    screening = screening_or_404(screening_id)
    if screening.is_final:
        return redirect(url_for("casework.result", screening_id=screening.id))
    return redirect(step_url(screening, screening.current_step))


def _step_context(instrument: Instrument, screening: Screening, section: Section,
                  answers: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    try:
        shown = {item.id for item in visible_items(instrument, answers)}
    except AnswerError:
        shown = {item.id for item in visible_items(instrument, screening.answers)}
    all_steps = screenings.steps(instrument)
    lang = language()
    return {
        "screening": screening, "instrument": instrument, "section": section,
        "questions": section_questions(instrument, section, lang), "values": values,
        "hidden": [item.id for item in section.items if item.id not in shown],
        "steps": all_steps, "position": all_steps.index(section.id), "language": lang,
    }


def _open_step(screening_id: int, section_id: str) -> tuple[Screening, Instrument, Section]:
    """Load a draft and one of its sections; a final screening answers with its result."""
    screening = screening_or_404(screening_id)
    if screening.is_final:
        abort(redirect(url_for("casework.result", screening_id=screening.id)))
    instrument = instrument_for(screening)
    try:
        return screening, instrument, instrument.section(section_id)
    except KeyError:
        abort(404)


@bp.get("/screenings/<int:screening_id>/stap/<section_id>")
def step(screening_id: int, section_id: str) -> ResponseReturnValue:
    """Show one step of a draft with its saved answers.

    No form object is built: the page is written from the stored answers, and the form
    that checks what comes back is built when it comes back (save_step).
    """
    screening, instrument, section = _open_step(screening_id, section_id)
    context = _step_context(instrument, screening, section, screening.answers,
                            stored_values(section, screening.answers))
    audit.record("view", screening=screening)
    db.session.commit()
    return render_template("casework/step.html", form=None,
                           note=screening.notes.get(section.id) or "",
                           lock_version=screening.lock_version,
                           hidden_items=" ".join(context["hidden"]), **context)


@bp.post("/screenings/<int:screening_id>/stap/<section_id>")
def save_step(screening_id: int, section_id: str) -> ResponseReturnValue:
    """Save one step and move on; conflicts and new follow-up questions keep the user here."""
    screening, instrument, section = _open_step(screening_id, section_id)
    form = step_form(section, language())
    if not form.validate_on_submit():
        return _render_step(form, instrument, screening, section, status=400)
    if is_current(form, screening):
        saved = _save_answers(form, instrument, screening, section)
        if saved is not None:
            return saved
    explain_conflict(screening, form, _(
        "Deze screening is intussen in een ander venster of door een collega gewijzigd. "
        "Je antwoorden hieronder zijn nog niet opgeslagen: kijk ze na en sla opnieuw op."))
    return _render_step(form, instrument, screening, section, status=409)


def _save_answers(form: StepBase, instrument: Instrument, screening: Screening,
                  section: Section) -> ResponseReturnValue | None:
    """Save a checked step and go on; None when a concurrent change refused the save."""
    action = request.form.get("action", "next")
    answers = submitted_answers(form, section)
    try:
        evaluation = screenings.section_evaluation(instrument, screening, section, answers)
    except AnswerError as error:
        if error.item_id in {i.id for i in section.items}:
            form[field_name(error.item_id)].errors.append(
                _("Dit antwoord past niet bij deze vraag. Kies een ander antwoord."))
        return _render_step(form, instrument, screening, section, status=400)
    shown_now = {item.id for item in evaluation.shown}
    was_hidden = set((form.hidden_items.data or "").split())
    follow_ups = [i.id for i in section.items
                  if i.id in shown_now and i.id in was_hidden and i.id not in answers]
    target = _next_step(instrument, section, action, bool(follow_ups))
    if not screenings.save_section(db.session, instrument, screening, section, evaluation,
                                   form.note.data or "", target):
        db.session.rollback()
        return None
    audit.record("edit", screening=screening)
    db.session.commit()
    if follow_ups and action == "next":
        flash(_("Er zijn vervolgvragen bijgekomen. Vul ze in als je het antwoord weet."), "warning")
    elif action == "save":
        flash(_("Opgeslagen. Je kunt later verder waar je was."), "success")
        return redirect(url_for("casework.index"))
    return redirect(step_url(screening, target))


def _next_step(instrument: Instrument, section: Section, action: str, follow_ups: bool) -> str:
    """Where a button leads: new follow-up questions on this page are shown first."""
    all_steps = screenings.steps(instrument)
    position = all_steps.index(section.id)
    if (follow_ups and action == "next") or action == "save":
        return section.id
    if action == "back":
        return all_steps[max(0, position - 1)]
    return all_steps[position + 1]


def _render_step(form: StepBase, instrument: Instrument, screening: Screening, section: Section,
                 status: int) -> ResponseReturnValue:
    answers = {**screening.answers, **submitted_answers(form, section)}
    values = submitted_values(form, [field_name(item.id) for item in section.items])
    context = _step_context(instrument, screening, section, answers, values)
    audit.record("view", screening=screening)  # the page shows the screening again
    db.session.commit()
    return render_template("casework/step.html", form=form, note=form.note._value(),
                           lock_version=form.lock_version.data or "",
                           hidden_items=form.hidden_items.data or "", **context), status


@bp.get("/screenings/<int:screening_id>/controle")
def review(screening_id: int) -> ResponseReturnValue:
    screening = screening_or_404(screening_id)
    instrument = instrument_for(screening)
    words = answer_words()
    answers = {item.id: answer_text(item, screening.answers.get(item.id), language(), words)
               for item in visible_items(instrument, screening.answers)}
    audit.record("view", screening=screening)
    db.session.commit()
    return render_template(
        "casework/review.html", screening=screening, instrument=instrument,
        answers=answers, language=language(), steps=screenings.steps(instrument),
    )


bp.add_app_template_global(questions_html)
bp.add_app_template_global(progress_html)
bp.add_app_template_global(step_words)


@bp.app_template_global()
def newer_instrument(screening: Screening) -> Instrument | None:
    """Let draft pages offer the move to a newer instrument version."""
    return screenings.newer_version(registry(), screening)


def _move_preview(screening: Screening, old: Instrument, newer: Instrument,
                  form: ConfirmForm) -> ResponseReturnValue:
    preview = carry_answers(screening.answers, old, newer)
    audit.record("view", screening=screening)
    db.session.commit()
    return render_template("casework/move.html", screening=screening, old=old, new=newer,
                           preview=preview, form=form, language=language())


def _with_newer_version(screening_id: int) -> tuple[Screening, Instrument | None]:
    """Load a screening with the version it can move to (None: a final or newest one)."""
    screening = screening_or_404(screening_id)
    return screening, screenings.newer_version(registry(), screening)


@bp.get("/screenings/<int:screening_id>/overzetten")
def move(screening_id: int) -> ResponseReturnValue:
    """Show what changes when a draft moves to the newest instrument version."""
    screening, newer = _with_newer_version(screening_id)
    if newer is None:
        return redirect(url_for("casework.show", screening_id=screening.id))
    return _move_preview(screening, instrument_for(screening), newer, ConfirmForm())


@bp.post("/screenings/<int:screening_id>/overzetten")
def confirm_move(screening_id: int) -> ResponseReturnValue:
    """Move a draft to the newest instrument version."""
    screening, newer = _with_newer_version(screening_id)
    if newer is None:
        return redirect(url_for("casework.show", screening_id=screening.id))
    old = instrument_for(screening)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _move_preview(screening, old, newer, form)
    screenings.move_to(old, newer, screening)
    audit.record("edit", screening=screening)
    if not commit_unless_changed():
        flash(_("Deze screening is intussen gewijzigd. Bekijk de wijzigingen opnieuw."), "error")
        return redirect(url_for("casework.move", screening_id=screening_id))
    flash(_("De screening gebruikt nu versie %(version)s van de vragenlijst.",
            version=newer.version), "success")
    return redirect(url_for("casework.show", screening_id=screening.id))
