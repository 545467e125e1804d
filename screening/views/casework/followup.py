"""Follow-up: the day to screen a case again, and the list of cases due ("Opnieuw screenen")."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user
from sqlalchemy import Select, bindparam, func, select

from screening import audit, figure_counts, screenings
from screening.db import db
from screening.instrument import Instrument, Result
from screening.instrument.followup import Plan, planned
from screening.labels import SAFETY_LABELS, TIER_LABELS
from screening.models import Screening, utcnow
from screening.paging import paginate
from screening.views.casework import back_to_result, bp, screening_or_404
from screening.views.casework.forms import RescreenForm
from screening.visibility import BOUND_USER

PAGE_SIZE = 20
# "Due": the coming week and everything overdue.
DUE_WITHIN = timedelta(days=7)


def today() -> date:
    """The professional's own day, in their time zone."""
    day: date = to_user_timezone(utcnow()).date()
    return day


def plan_of(instrument: Instrument, screening: Screening, result: Result | None = None) -> Plan | None:
    """Return the next screening as planned, the one source of the pages, PDF and export.

    A finalised screening has a plan: its stored day, else the Meldcode steps its routes wait
    for, else nothing. A draft has none (None): the pages suggest a day from its routes.
    `result` may pass the screening's result when the caller has it already.
    """
    if not screening.is_final:
        return None
    if result is None:
        result = screenings.current_result(instrument, screening)
    return planned(instrument, result, screening.rescreen_on)


def suggested_rescreen(instrument: Instrument, result: Result) -> screenings.Rescreen:
    """Return the next screening a draft would get when finalised today."""
    return screenings.suggested_rescreen(instrument, result, today())


def as_plan(suggestion: screenings.Rescreen) -> Plan:
    """Return a suggested next screening as the plan the summary prints."""
    return Plan(suggestion.on, suggestion.after)


def end_of_week(day: date) -> date:
    """The Sunday of the week a day falls in."""
    return day + timedelta(days=6 - day.weekday())


def due_values() -> dict[str, Any]:
    """The value `due_count` binds besides the user's: the Sunday of this week."""
    return {"until": end_of_week(today())}


@cache
def due_count() -> Select[int]:
    """Count the user's cases due by Sunday, overdue ones included (the list shows it).

    Built once; the user (`visibility.user_values`) and the day (`due_values`) are bound
    when it runs.
    """
    due = screenings.due_for(BOUND_USER, bindparam("until"))  # type: ignore[arg-type]
    return select(func.count()).select_from(due.order_by(None).subquery())


@bp.get("/opnieuw-screenen")
def due() -> ResponseReturnValue:
    """Cases to screen again: overdue and due in the coming week, soonest first."""
    day = today()
    page = paginate(db.session, screenings.due_for(current_user, day + DUE_WITHIN),
                    request.args.get("pagina", 1, type=int), PAGE_SIZE)
    # Safety cases without a date: the next screening waits for the Meldcode steps.
    waiting = db.session.scalars(
        screenings.waiting_without_date(current_user).limit(PAGE_SIZE + 1)).all()
    audit.record("search")
    db.session.commit()
    return render_template("casework/due.html", page=page, today=day, arguments={},
                           waiting=waiting[:PAGE_SIZE], more_waiting=len(waiting) > PAGE_SIZE,
                           tier_labels=TIER_LABELS, safety_labels=SAFETY_LABELS)


@bp.post("/screenings/<int:screening_id>/opnieuw-screenen")
def set_rescreen(screening_id: int) -> ResponseReturnValue:
    """Change or clear the day to screen again; the owner plans their own case."""
    screening = screening_or_404(screening_id)
    if screening.owner_id != current_user.id or not screening.is_final:
        abort(403)
    form = RescreenForm()
    if not form.validate_on_submit():
        for error in form.rescreen_on.errors:
            flash(str(error), "error")
        return redirect(url_for("casework.result", screening_id=screening.id) + "#opnieuw")
    with figure_counts.moved(screening):
        screening.rescreen_on = form.rescreen_on.data
    audit.record("edit", screening=screening)
    db.session.commit()
    return back_to_result(screening.id, _("De datum voor een nieuwe screening is opgeslagen.")
                          if screening.rescreen_on else _("Er staat geen nieuwe screening meer gepland."),
                          "success", "#opnieuw")
