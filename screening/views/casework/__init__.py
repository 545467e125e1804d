"""The professional's casework: list, start and answer screenings, results, sharing and records.

One blueprint for the whole area. Every page here belongs to a professional: coordinators
manage accounts and never see individual screenings.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from screening import audit, screenings
from screening.answer_text import AnswerWords
from screening.db import db
from screening.instrument import Instrument, Registry
from screening.models import Screening

bp = Blueprint("casework", __name__)


@bp.before_request
def professionals_only() -> None:
    """Coordinators manage accounts and regions see figures: neither sees a screening."""
    if current_user.is_authenticated and current_user.role != "professional":
        audit.record_now("access_refused")
        abort(403)


def language() -> str:
    return str(get_locale() or "nl")


def answer_words() -> AnswerWords:
    """The words for an open answer in the current language."""
    return AnswerWords(not_answered=_("Niet ingevuld"), unknown=_("Onbekend"))


def registry() -> Registry:
    return current_app.extensions["instruments"]  # type: ignore[no-any-return]


def screening_or_404(screening_id: int) -> Screening:
    """Load a screening the current user needs to know; anything else does not exist."""
    screening = screenings.find_for(db.session, current_user, screening_id)
    if screening is None:
        audit.record_now("access_refused", screening_id=screening_id)
        abort(404)
    return screening


def back_to_result(screening_id: int, message: str, category: str,
                   anchor: str = "") -> ResponseReturnValue:
    """Say what happened (or why not) and go back to the result page, at an anchor."""
    flash(message, category)
    return redirect(url_for("casework.result", screening_id=screening_id) + anchor)


def instrument_for(screening: Screening) -> Instrument:
    try:
        return screenings.instrument_of(registry(), screening)
    except screenings.InstrumentMissing:
        current_app.logger.error("instrument version of screening %s is not loaded", screening.id)
        abort(503)


def case_screenings(case_reference: str) -> list[Screening]:
    """Load the current user's own case, or refuse as if it did not exist."""
    rows = list(db.session.scalars(screenings.case_of(current_user, case_reference)))
    if not rows:
        audit.record_now("access_refused", case_reference=case_reference)
        abort(404)
    return rows


def is_current(form: FlaskForm, screening: Screening) -> bool:
    """Whether the form was filled in on the screening as it is now (its version travels along)."""
    return bool(form.lock_version.data == str(screening.lock_version))


def explain_conflict(screening: Screening, form: FlaskForm, message: str) -> None:
    """After a concurrent change: keep what the user typed, take the newer version, explain.

    The caller shows its page again with status 409, so the user can check and save again.
    """
    db.session.refresh(screening)
    form.lock_version.data = str(screening.lock_version)
    flash(message, "error")


def step_url(screening: Screening, step: str | None) -> str:
    """The page of a step: a section, the review, or the result."""
    if step in (None, screenings.RESULT_STEP):
        return url_for("casework.result", screening_id=screening.id)
    if step == screenings.REVIEW_STEP:
        return url_for("casework.review", screening_id=screening.id)
    return url_for("casework.step", screening_id=screening.id, section_id=step)


# The pages register their routes on bp when imported.
from screening.views.casework import (  # noqa: E402
    answering,
    followup,
    listing,
    printing,
    records,
    results,
    sharing,
)

__all__ = ["answering", "bp", "followup", "listing", "printing", "records", "results",
           "sharing"]
