"""What a professional prints: the summary for the file and the letter for the parents.

Every print is audited. A finalised screening prints the same bytes every time: its result,
moment and local contacts were frozen when it was finalised.
"""

from __future__ import annotations

import re
from functools import cache

from babel.support import Translations
from flask import current_app, make_response
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import to_user_timezone

from screening import audit, local_contacts, screenings
from screening.db import db
from screening.models import Screening, utcnow
from screening.pdf import render_letter, render_summary
from screening.summary import Gettext
from screening.summary.letter import Letter, build_letter
from screening.views.casework import back_to_result, bp, instrument_for, screening_or_404
from screening.views.casework.forms import LetterSafeForm
from screening.views.casework.results import letter_unfinished, letter_waits, summary_of

_UNSAFE_IN_NAMES = re.compile(r"[^A-Za-z0-9_.-]+")


@cache
def catalogue(directory: str, language: str) -> Gettext:
    """Return the gettext of one language, whatever the reader's own language is."""
    return Translations.load(directory, [language]).gettext


def download_name(kind: str, screening: Screening) -> str:
    """Name a download: kind, case reference and date, and '-concept' for a draft."""
    moment = to_user_timezone(screening.finalised_at or screening.created_at)
    reference = _UNSAFE_IN_NAMES.sub("-", screening.case_reference).strip("-") or "casus"
    draft = "" if screening.is_final or kind != "screening" else "-concept"
    return f"{kind}-{reference}-{moment:%Y-%m-%d}{draft}.pdf"


def _pdf(data: bytes, name: str) -> ResponseReturnValue:
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    # Inline with a name: the browser shows it, and a saved copy is named after the case.
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@bp.get("/screenings/<int:screening_id>/samenvatting.pdf")
def summary_pdf(screening_id: int) -> ResponseReturnValue:
    screening = screening_or_404(screening_id)
    pdf = render_summary(summary_of(instrument_for(screening), screening))
    audit.record("print", screening=screening)
    db.session.commit()
    current_app.logger.info("screening %s printed", screening.id)
    return _pdf(pdf, download_name("screening", screening))


def letter_of(screening: Screening) -> Letter:
    """Build the parent letter of a screening, Dutch with English beside it."""
    instrument = instrument_for(screening)
    result = screenings.current_result(instrument, screening)
    safety_route = instrument.route_map.for_safety(result.safety)
    kinds = tuple(kind for route_id in result.routes if route_id != safety_route
                  for kind in instrument.route(route_id).contacts)
    directory = str(current_app.config["BABEL_TRANSLATION_DIRECTORIES"]).split(";")[0]
    return build_letter(
        tier=screening.chosen_tier or result.tier, route_kinds=kinds,
        contacts=local_contacts.for_screening(db.session, screening),
        dutch=catalogue(directory, "nl"), english=catalogue(directory, "en"),
        moment=to_user_timezone(screening.finalised_at or screening.created_at),
        sender=f"{screening.owner.name}, {screening.organisation.name}",
    )


@bp.get("/screenings/<int:screening_id>/brief.pdf")
def letter_pdf(screening_id: int) -> ResponseReturnValue:
    screening = screening_or_404(screening_id)
    if letter_unfinished(screening):
        return back_to_result(screening.id, _("Vul eerst alle pagina's van de screening in. Daarna kun je "
                                              "de brief printen."), "warning", "#brief")
    if letter_waits(screening):
        return back_to_result(screening.id, _("Weeg eerst af of het veilig is om de ouders te informeren. "
                                              "Daarna kun je de brief printen."), "warning", "#brief")
    pdf = render_letter(letter_of(screening))
    audit.record("print", screening=screening)
    db.session.commit()
    current_app.logger.info("screening %s letter printed", screening.id)
    return _pdf(pdf, download_name("brief", screening))


@bp.post("/screenings/<int:screening_id>/brief/veilig")
def confirm_letter_safe(screening_id: int) -> ResponseReturnValue:
    """Record that informing the parents is safe; audited as a change of the screening."""
    screening = screening_or_404(screening_id)
    form = LetterSafeForm()
    if not form.validate_on_submit():
        return back_to_result(screening.id, _("Vink aan dat je hebt afgewogen dat het veilig is om de "
                                              "ouders te informeren."), "error", "#brief")
    if screening.letter_safe_at is None:
        screening.letter_safe_at = utcnow()
        audit.record("edit", screening=screening)
        db.session.commit()
    return back_to_result(screening.id, _("Vastgelegd. Je kunt de brief voor de ouders nu printen."),
                          "success", "#brief")
