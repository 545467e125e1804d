"""Start a screening, answer it step by step, review it, and list one's screenings."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from screening import audit, screenings
from screening.db import commit_unless_changed, db
from screening.forms import StepBase, field_name, initial_data, step_form, submitted_answers
from screening.instrument import (
    AnswerError,
    Instrument,
    Registry,
    Section,
    carry_answers,
    visible_items,
)
from screening.listing import day_bounds, filter_arguments, paginate
from screening.models import Screening
from screening.pseudonyms import personal_data_signs
from screening.views.auth_forms import ConfirmForm
from screening.views.screening_forms import (
    PARENTING_LABELS,
    SAFETY_LABELS,
    STATUS_LABELS,
    TIER_LABELS,
    ListFilterForm,
    start_form,
)

bp = Blueprint("screenings", __name__)

PAGE_SIZE = 20
PSEUDONYM_WARNINGS = {
    "bsn": _l("Dit lijkt op een BSN."),
    "date": _l("Dit lijkt op een datum, misschien een geboortedatum."),
    "name": _l("Dit lijkt op een naam."),
}


def professionals_only() -> None:
    """Coordinators manage accounts; they never see individual screenings."""
    if current_user.is_authenticated and current_user.is_coordinator:
        audit.record_now("access_refused")
        abort(403)


bp.before_request(professionals_only)


def language() -> str:
    return str(get_locale() or "nl")


def registry() -> Registry:
    return current_app.extensions["instruments"]  # type: ignore[no-any-return]


def screening_or_404(screening_id: int) -> Screening:
    """Load a screening the current user needs to know; anything else does not exist."""
    screening = screenings.find_for(db.session, current_user, screening_id)
    if screening is None:
        audit.record_now("access_refused", screening_id=screening_id)
        abort(404)
    return screening


def instrument_for(screening: Screening) -> Instrument:
    try:
        return screenings.instrument_of(registry(), screening)
    except screenings.InstrumentMissing:
        current_app.logger.error("instrument version of screening %s is not loaded", screening.id)
        abort(503)


def step_url(screening: Screening, step: str | None) -> str:
    if step in (None, screenings.RESULT_STEP):
        return url_for("results.result", screening_id=screening.id)
    if step == screenings.REVIEW_STEP:
        return url_for("screenings.review", screening_id=screening.id)
    return url_for("screenings.step", screening_id=screening.id, section_id=step)


@bp.get("/screenings")
def index() -> ResponseReturnValue:
    form = ListFilterForm(request.args)
    form.validate()
    query = screenings.visible_to(current_user)
    if form.q.data and not form.q.errors:
        pattern = "%" + form.q.data.strip().replace("%", "").replace("_", r"\_") + "%"
        query = query.where(Screening.case_reference.ilike(pattern, escape="\\"))
    if form.outcome.data in TIER_LABELS:
        query = query.where(func.coalesce(Screening.chosen_tier, Screening.tier) == form.outcome.data)
    if form.status.data in STATUS_LABELS:
        query = query.where(Screening.status == form.status.data)
    start, end = day_bounds(form.date_from.data if not form.date_from.errors else None,
                            form.date_to.data if not form.date_to.errors else None, get_timezone())
    if start:
        query = query.where(Screening.created_at >= start)
    if end:
        query = query.where(Screening.created_at < end)
    query = query.options(selectinload(Screening.owner))  # owner names without a query per row
    page = paginate(db.session, query.order_by(Screening.updated_at.desc(), Screening.id.desc()),
                    request.args.get("pagina", 1, type=int), PAGE_SIZE)
    arguments = filter_arguments(form, request.args)
    audit.record("search")
    db.session.commit()
    return render_template(
        "screenings/index.html", form=form, page=page, arguments=arguments,
        tier_labels=TIER_LABELS, safety_labels=SAFETY_LABELS, status_labels=STATUS_LABELS,
    )


@bp.route("/screenings/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    published = registry().published()
    if not published:
        abort(503)
    default = published[-1]
    municipalities = current_user.organisation.municipality_names
    form = start_form(default, language(), municipalities, published)
    if request.method == "GET":
        form.case_reference.data = request.args.get("casus", "")[:40] or None
        form.instrument.data = f"{default.id}@{default.version}"
        if len(municipalities) == 1:
            form.municipality.data = municipalities[0]
        profession = current_app.config["PROFESSION_ANSWERS"].get(current_user.profession)
        if screenings.PROFESSION_ITEM in form:
            form[screenings.PROFESSION_ITEM].data = profession
    warnings: list[str] = []
    if form.validate_on_submit():
        instrument = next((i for i in published if f"{i.id}@{i.version}" == form.instrument.data), None)
        if form.municipality.data not in municipalities:
            form.municipality.errors.append(_("Kies een gemeente van je organisatie."))
        elif instrument is None:
            form.instrument.errors.append(_("Kies een vragenlijst."))
        else:
            reference = form.case_reference.data.strip()
            warnings = [str(PSEUDONYM_WARNINGS[s]) for s in personal_data_signs(reference)]
            if not warnings or form.confirm_pseudonym.data:
                start_answers = {
                    item_id: form[item_id].data for item_id in
                    (screenings.SETTING_ITEM, screenings.PROFESSION_ITEM)
                    if item_id in form and form[item_id].data
                }
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
    return render_template("screenings/new.html", form=form, warnings=warnings,
                           start_items=[i for i in (screenings.SETTING_ITEM, screenings.PROFESSION_ITEM)
                                        if i in form])


@bp.get("/screenings/<int:screening_id>")
def show(screening_id: int) -> ResponseReturnValue:
    """Resume a draft at its step; a final screening shows its result as taken."""
    screening = screening_or_404(screening_id)
    if screening.is_final:
        return redirect(url_for("results.result", screening_id=screening.id))
    return redirect(step_url(screening, screening.current_step))


def _step_context(instrument: Instrument, screening: Screening, section: Section,
                  answers: dict[str, Any]) -> dict[str, Any]:
    try:
        shown = {item.id for item in visible_items(instrument, answers)}
    except AnswerError:
        shown = {item.id for item in visible_items(instrument, screening.answers)}
    all_steps = screenings.steps(instrument)
    return {
        "screening": screening, "instrument": instrument, "section": section,
        "hidden": [item.id for item in section.items if item.id not in shown],
        "steps": all_steps, "position": all_steps.index(section.id),
        "field_name": field_name, "language": language(),
    }


@bp.route("/screenings/<int:screening_id>/stap/<section_id>", methods=["GET", "POST"])
def step(screening_id: int, section_id: str) -> ResponseReturnValue:
    screening = screening_or_404(screening_id)
    if screening.is_final:
        return redirect(url_for("results.result", screening_id=screening.id))
    instrument = instrument_for(screening)
    try:
        section = instrument.section(section_id)
    except KeyError:
        abort(404)
    if request.method == "GET":
        form = step_form(section, language(), data=initial_data(
            section, screening.answers, screening.notes.get(section.id)))
        form.lock_version.data = str(screening.lock_version)
        context = _step_context(instrument, screening, section, screening.answers)
        form.hidden_items.data = " ".join(context["hidden"])
        audit.record("view", screening=screening)
        db.session.commit()
        return render_template("screenings/step.html", form=form, **context)
    return save_step(instrument, screening, section)


def save_step(instrument: Instrument, screening: Screening, section: Section) -> ResponseReturnValue:
    """Save one step and move on; conflicts and new follow-up questions keep the user here."""
    form = step_form(section, language())
    action = request.form.get("action", "next")
    if not form.validate_on_submit():
        return _render_step(form, instrument, screening, section, status=400)
    if form.lock_version.data != str(screening.lock_version):
        return _conflict(form, instrument, screening, section)
    answers = submitted_answers(form, section)
    others = {k: v for k, v in screening.answers.items() if k not in {i.id for i in section.items}}
    try:
        shown_now = {item.id for item in visible_items(instrument, {**others, **answers})}
    except AnswerError as error:
        if error.item_id in {i.id for i in section.items}:
            form[field_name(error.item_id)].errors.append(
                _("Dit antwoord past niet bij deze vraag. Kies een ander antwoord."))
        return _render_step(form, instrument, screening, section, status=400)
    was_hidden = set((form.hidden_items.data or "").split())
    follow_ups = [i.id for i in section.items
                  if i.id in shown_now and i.id in was_hidden and i.id not in answers]
    all_steps = screenings.steps(instrument)
    position = all_steps.index(section.id)
    if follow_ups and action == "next":
        target = section.id  # new questions appeared on this page: show them first
    elif action == "back":
        target = all_steps[max(0, position - 1)]
    elif action == "save":
        target = section.id
    else:
        target = all_steps[position + 1]
    screenings.save_section(instrument, screening, section, answers, form.note.data or "", target)
    audit.record("edit", screening=screening)
    if not commit_unless_changed():
        return _conflict(form, instrument, screening, section)
    if follow_ups and action == "next":
        flash(_("Er zijn vervolgvragen bijgekomen. Vul ze in als je het antwoord weet."), "warning")
    elif action == "save":
        flash(_("Opgeslagen. Je kunt later verder waar je was."), "success")
        return redirect(url_for("screenings.index"))
    return redirect(step_url(screening, target))


def _render_step(form: StepBase, instrument: Instrument, screening: Screening, section: Section,
                 status: int) -> ResponseReturnValue:
    answers = {**screening.answers, **submitted_answers(form, section)}
    context = _step_context(instrument, screening, section, answers)
    audit.record("view", screening=screening)  # the page shows the screening again
    db.session.commit()
    return render_template("screenings/step.html", form=form, **context), status


def _conflict(form: StepBase, instrument: Instrument, screening: Screening,
              section: Section) -> ResponseReturnValue:
    """Keep what the user typed, take the newer version number, and explain."""
    db.session.refresh(screening)
    form.lock_version.data = str(screening.lock_version)
    flash(_("Deze screening is intussen in een ander venster of door een collega gewijzigd. "
            "Je antwoorden hieronder zijn nog niet opgeslagen: kijk ze na en sla opnieuw op."),
          "error")
    return _render_step(form, instrument, screening, section, status=409)


@bp.get("/screenings/<int:screening_id>/controle")
def review(screening_id: int) -> ResponseReturnValue:
    screening = screening_or_404(screening_id)
    instrument = instrument_for(screening)
    shown = visible_items(instrument, screening.answers)
    audit.record("view", screening=screening)
    db.session.commit()
    return render_template(
        "screenings/review.html", screening=screening, instrument=instrument,
        shown={i.id for i in shown}, language=language(), steps=screenings.steps(instrument),
    )


@bp.app_template_global()
def newer_instrument(screening: Screening) -> Instrument | None:
    """Let draft pages offer the move to a newer instrument version."""
    return screenings.newer_version(registry(), screening)


@bp.route("/screenings/<int:screening_id>/overzetten", methods=["GET", "POST"])
def move(screening_id: int) -> ResponseReturnValue:
    """Move a draft to the newest instrument version, after showing what changes."""
    screening = screening_or_404(screening_id)
    newer = screenings.newer_version(registry(), screening)
    if newer is None:
        return redirect(url_for("screenings.show", screening_id=screening.id))
    old = instrument_for(screening)
    form = ConfirmForm()
    if form.validate_on_submit():
        screenings.move_to(old, newer, screening)
        audit.record("edit", screening=screening)
        if not commit_unless_changed():
            flash(_("Deze screening is intussen gewijzigd. Bekijk de wijzigingen opnieuw."), "error")
            return redirect(url_for("screenings.move", screening_id=screening_id))
        flash(_("De screening gebruikt nu versie %(version)s van de vragenlijst.",
                version=newer.version), "success")
        return redirect(url_for("screenings.show", screening_id=screening.id))
    preview = carry_answers(screening.answers, old, newer)
    audit.record("view", screening=screening)
    db.session.commit()
    return render_template("screenings/move.html", screening=screening, old=old, new=newer,
                           preview=preview, form=form, language=language())


def case_screenings(case_reference: str) -> list[Screening]:
    """Load the current user's own case, or refuse as if it did not exist."""
    rows = list(db.session.scalars(screenings.case_of(current_user, case_reference)))
    if not rows:
        audit.record_now("access_refused", case_reference=case_reference)
        abort(404)
    return rows


@bp.get("/cases/<case_reference>")
def case(case_reference: str) -> ResponseReturnValue:
    """Show one case over time: its screenings and how the domain scores moved."""
    rows = case_screenings(case_reference)
    pinned = [(row, instrument_for(row)) for row in rows]
    timeline = [{"screening": row, "instrument": instrument,
                 "result": screenings.current_result(instrument, row)} for row, instrument in pinned]
    # Columns follow the newest screening's domains; older ones show what they had.
    domains = [section for section in pinned[-1][1].sections if section.score != "none"]
    for row in rows:  # the page shows each screening's outcome: one read each
        audit.record("view", screening=row)
    db.session.commit()
    return render_template(
        "screenings/case.html", case_reference=case_reference, timeline=timeline, domains=domains,
        language=language(), tier_labels=TIER_LABELS, safety_labels=SAFETY_LABELS,
        parenting_labels=PARENTING_LABELS, status_labels=STATUS_LABELS,
    )
