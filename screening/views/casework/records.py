"""One case over time, and the AVG rights on it: an access export and erasure on request."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date, to_user_timezone
from flask_babel import gettext as _
from flask_login import current_user

from screening import audit, data_rights, screenings
from screening import charts as charts_geometry
from screening.db import commit_unless_changed, db
from screening.instrument import Instrument
from screening.labels import PARENTING_LABELS, SAFETY_LABELS, STATUS_LABELS, TIER_LABELS
from screening.models import utcnow
from screening.pdf import render_summary
from screening.views.casework import answer_words, bp, case_screenings, instrument_for, language
from screening.views.casework.followup import plan_of
from screening.views.casework.forms import EraseForm
from screening.views.casework.results import summary_of


@bp.get("/casussen/<case_reference>")
def case(case_reference: str) -> ResponseReturnValue:
    """Show one case over time: its screenings and how the domain scores moved."""
    rows = case_screenings(case_reference)
    pinned = [(row, instrument_for(row)) for row in rows]
    timeline = [{"screening": row, "instrument": instrument,
                 "label": format_date(to_user_timezone(row.finalised_at or row.created_at), "short"),
                 "result": screenings.shown_result(instrument, row),
                 "verdict": screenings.has_verdict(row),
                 "step": _step_title(instrument, row.current_step)}
                for row, instrument in pinned]
    # Charts follow the newest screening's domains; older ones show what they had.
    domains = [section for section in pinned[-1][1].sections if section.score != "none"]
    labels = [entry["label"] for entry in timeline]
    charts = [_domain_chart(domain.id, domain.title.get(language()), timeline, labels)
              for domain in domains]
    # A draft that has not reached its end has no outcome yet: it shows as unfinished.
    lanes = charts_geometry.timeline(
        [(e["screening"].outcome or "insufficient") if e["verdict"] else "unfinished"
         for e in timeline],
        [e["result"].safety if e["verdict"] else "unfinished" for e in timeline], labels)
    for row in rows:  # the page shows each screening's outcome: one read each
        audit.record("view", screening=row)
    db.session.commit()
    return render_template(
        "casework/case.html", case_reference=case_reference, timeline=timeline, domains=domains,
        charts=charts, lanes=lanes, plan=plan_of(pinned[-1][1], rows[-1]),
        language=language(), tier_labels=TIER_LABELS, safety_labels=SAFETY_LABELS,
        parenting_labels=PARENTING_LABELS, status_labels=STATUS_LABELS,
    )


def _domain_chart(domain_id: str, title: str, timeline: list[dict[str, Any]],
                  labels: list[str]) -> dict[str, Any]:
    """One domain across the screenings: the line, and the same numbers in words."""
    scores = [entry["result"].domain_scores.get(domain_id) for entry in timeline]
    maximum = max((score.max for score in scores if score is not None), default=0)
    line = charts_geometry.line_chart([score.score if score else None for score in scores],
                                      maximum, labels)
    words = "; ".join(
        f"{label}: {score.score} / {score.max}" if score else f"{label}: {_('niet gescoord')}"
        for label, score in zip(labels, scores, strict=True))
    return {"title": title, "line": line, "description": words}


def _step_title(instrument: Instrument, step: str | None) -> str:
    try:
        return instrument.section(step or "").title.get(language())
    except KeyError:
        return ""


@bp.get("/casussen/<case_reference>/inzage")
def export(case_reference: str) -> ResponseReturnValue:
    """Everything stored about one case, for an access request (inzageverzoek)."""
    rows = case_screenings(case_reference)
    pairs = [(row, instrument_for(row)) for row in rows]
    pointer = audit.case_pointer(current_user.organisation_id, case_reference)
    document = data_rights.export_document(
        case_reference, current_user.organisation.name, utcnow(), pairs,
        data_rights.audit_rows_for(db.session, current_user.organisation_id, rows, [pointer]),
        language(), answer_words())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("casus.json", document)
        for row, instrument in pairs:
            archive.writestr(f"screening-{row.id}.pdf", render_summary(summary_of(instrument, row)))
    for row in rows:
        audit.record("export", screening=row)
    db.session.commit()
    current_app.logger.info("case export by account %s", current_user.id)
    return Response(buffer.getvalue(), mimetype="application/zip", headers={
        "Content-Disposition": 'attachment; filename="inzage-export.zip"'})


def _erase_page(form: EraseForm, case_reference: str, count: int,
                status: int = 200) -> ResponseReturnValue:
    return render_template("casework/erase.html", form=form, case_reference=case_reference,
                           count=count), status


@bp.get("/casussen/<case_reference>/wissen")
def erase(case_reference: str) -> ResponseReturnValue:
    """Ask to confirm the erasure of one's own screenings of a case."""
    rows = case_screenings(case_reference)
    return _erase_page(EraseForm(), case_reference, len(rows))


@bp.post("/casussen/<case_reference>/wissen")
def confirm_erase(case_reference: str) -> ResponseReturnValue:
    """Erase one's own screenings of a case on request; the audit log keeps a pointer only."""
    rows = case_screenings(case_reference)
    form = EraseForm()
    if not form.validate_on_submit():
        return _erase_page(form, case_reference, len(rows), 400 if form.errors else 200)
    if form.confirm.data.strip() != case_reference:
        form.confirm.errors.append(_("Dit is niet hetzelfde casusnummer."))
        return _erase_page(form, case_reference, len(rows), 400)
    for row in rows:
        audit.record("erase", screening=row)
        data_rights.erase(db.session, row)
    if not commit_unless_changed():
        flash(_("Deze casus is intussen gewijzigd. Kijk hem na en wis opnieuw."), "error")
        return redirect(url_for("casework.case", case_reference=case_reference))
    current_app.logger.info("%s screenings erased on request", len(rows))
    flash(_("De casus is gewist."), "success")
    return redirect(url_for("casework.index"))
