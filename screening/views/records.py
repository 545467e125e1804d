"""AVG rights on a case: an access export (JSON plus PDFs) and erasure on request."""

from __future__ import annotations

import io
import zipfile

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from screening import audit, records
from screening.db import commit_unless_changed, db
from screening.models import utcnow
from screening.pdf import render_summary
from screening.views.results import summary_of
from screening.views.screenings import case_screenings, instrument_for, language, professionals_only

bp = Blueprint("records", __name__)
bp.before_request(professionals_only)


class EraseForm(FlaskForm):
    confirm = StringField(
        _l("Typ het casusnummer over om te bevestigen"),
        validators=[InputRequired(message=_l("Typ het casusnummer over.")), Length(max=40)])




@bp.get("/cases/<case_reference>/export")
def export(case_reference: str) -> ResponseReturnValue:
    """Everything stored about one case, for an access request (inzageverzoek)."""
    rows = case_screenings(case_reference)
    pairs = [(row, instrument_for(row)) for row in rows]
    pointer = audit.case_pointer(current_user.organisation_id, case_reference)
    document = records.export_document(
        case_reference, current_user.organisation.name, utcnow(), pairs,
        records.audit_rows_for(db.session, rows, [pointer]), language())
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


@bp.route("/cases/<case_reference>/wissen", methods=["GET", "POST"])
def erase(case_reference: str) -> ResponseReturnValue:
    """Erase one's own screenings of a case on request; the audit log keeps a pointer only."""
    rows = case_screenings(case_reference)
    form = EraseForm()
    if form.validate_on_submit():
        if form.confirm.data.strip() != case_reference:
            form.confirm.errors.append(_("Dit is niet hetzelfde casusnummer."))
        else:
            for row in rows:
                audit.record("erase", screening=row)
                db.session.delete(row)
            if not commit_unless_changed():
                flash(_("Deze casus is intussen gewijzigd. Kijk hem na en wis opnieuw."), "error")
                return redirect(url_for("screenings.case", case_reference=case_reference))
            current_app.logger.info("%s screenings erased on request", len(rows))
            flash(_("De casus is gewist."), "success")
            return redirect(url_for("screenings.index"))
    return render_template("screenings/erase.html", form=form, case_reference=case_reference,
                           count=len(rows)), 400 if form.errors else 200
