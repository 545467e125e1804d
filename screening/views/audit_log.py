"""The coordinator reads, filters and exports the organisation's audit log (itself logged)."""

from __future__ import annotations

import csv
import io
import re

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import Select, select
from wtforms import SelectChoice, SelectField
from wtforms.validators import Optional

from screening import audit
from screening.db import db
from screening.form_base import Form
from screening.models import AUDIT_EVENTS, AuditEvent, User
from screening.paging import day_range_fields, filter_arguments, paginate, within_days
from screening.views.admin import coordinator_required

bp = Blueprint("audit_log", __name__, url_prefix="/beheer/logboek")
ACCOUNT_ID = re.compile(r"[0-9]{1,9}")
PAGE_SIZE = 50

EVENT_LABELS = {
    "view": _l("Bekeken"), "search": _l("Gezocht"), "create": _l("Aangemaakt"),
    "edit": _l("Gewijzigd"), "finalise": _l("Afgerond"), "print": _l("Geprint"),
    "export": _l("Geëxporteerd"), "share": _l("Gedeeld"), "unshare": _l("Delen gestopt"),
    "erase": _l("Gewist"), "login": _l("Ingelogd"), "login_failed": _l("Inloggen mislukt"),
    "logout": _l("Uitgelogd"), "account_change": _l("Account gewijzigd"),
    "access_refused": _l("Toegang geweigerd"), "audit_view": _l("Logboek bekeken"),
    "settings_change": _l("Instellingen gewijzigd"),
}


class AuditFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter changes nothing

    event = SelectField(_l("Gebeurtenis"), validate_choice=False, validators=[Optional()], choices=[
        SelectChoice("", _l("Alle gebeurtenissen")),
        *(SelectChoice(e, EVENT_LABELS[e]) for e in AUDIT_EVENTS)])
    account = SelectField(_l("Account"), validate_choice=False, validators=[Optional()])
    date_from, date_to = day_range_fields()


def filtered(form: AuditFilterForm) -> Select[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.organisation_id == current_user.organisation_id)
    if form.event.data in AUDIT_EVENTS:
        query = query.where(AuditEvent.event == form.event.data)
    if form.account.data and ACCOUNT_ID.fullmatch(form.account.data):
        query = query.where(AuditEvent.user_id == int(form.account.data))
    return within_days(query, AuditEvent.at, form, get_timezone())


def _form() -> tuple[AuditFilterForm, dict[int, str]]:
    form = AuditFilterForm(request.args)
    form.validate()
    accounts = {user_id: name for user_id, name in db.session.execute(select(User.id, User.name).where(
        User.organisation_id == current_user.organisation_id).order_by(User.name))}
    form.account.choices = [SelectChoice("", _l("Alle accounts"))] + [
        SelectChoice(str(uid), name) for uid, name in accounts.items()]
    return form, accounts


@bp.get("/")
@coordinator_required
def index() -> ResponseReturnValue:
    form, accounts = _form()
    page = paginate(db.session, filtered(form).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()),
                    request.args.get("pagina", 1, type=int), PAGE_SIZE)
    audit.record("audit_view")
    db.session.commit()
    arguments = filter_arguments(form, request.args)
    return render_template("admin/audit.html", form=form, page=page, accounts=accounts,
                           labels=EVENT_LABELS, arguments=arguments)


@bp.get("/logboek.csv")
@coordinator_required
def export() -> ResponseReturnValue:
    form, accounts = _form()
    rows = db.session.scalars(filtered(form).order_by(AuditEvent.at, AuditEvent.id)).all()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "at_utc", "event", "user_id", "user_name", "screening_id",
                     "case_pointer", "target_user_id", "client_address"])
    for row in rows:
        writer.writerow([row.id, row.at.isoformat(), row.event, row.user_id or "",
                         _spreadsheet_safe(accounts.get(row.user_id, "")) if row.user_id else "",
                         row.screening_id or "", row.case_pointer or "", row.target_user_id or "",
                         row.client_address or ""])
    audit.record("export")
    db.session.commit()
    return Response(buffer.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="logboek.csv"'})


def _spreadsheet_safe(value: str) -> str:
    """Keep a spreadsheet from reading a name as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
