"""The coordinator's pages: the organisation's accounts (never individual screenings)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from screening import audit
from screening.accounts import AccountExists, issue_link, link_url, set_active
from screening.accounts import create_account as new_account
from screening.db import db
from screening.limits import FREE_FAILURES
from screening.models import AuditEvent, OrganisationMunicipality, User, utcnow
from screening.views import figures as figures_view
from screening.views.auth_forms import AccountForm, ActiveForm, ConfirmForm

bp = Blueprint("admin", __name__, url_prefix="/beheer")


def coordinator_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_coordinator:
            audit.record_now("access_refused")
            abort(403)
        return view(*args, **kwargs)

    return wrapped


Owned = TypeVar("Owned", User, OrganisationMunicipality)


def own_or_404(model: type[Owned], record_id: int) -> Owned:
    """A record of the coordinator's own organisation; others do not exist for them."""
    record = db.session.get(model, record_id)
    if record is None or record.organisation_id != current_user.organisation_id:
        abort(404)
    return record


@bp.get("/")
@coordinator_required
def index() -> ResponseReturnValue:
    return figures_view.render([current_user.organisation_id], "admin/index.html",
                               "admin.figures_csv", organisation=current_user.organisation)


@bp.get("/cijfers.csv")
@coordinator_required
def figures_csv() -> ResponseReturnValue:
    return figures_view.csv_response([current_user.organisation_id])


@bp.get("/gebruikers")
@coordinator_required
def accounts() -> ResponseReturnValue:
    return _accounts_page(AccountForm())


def failed_logins(organisation_id: int) -> dict[int, int]:
    """Failed logins per account of the organisation in the last 24 hours, from the log.

    The coordinator's notice that someone may be guessing: the account itself is never
    locked (see screening.limits), so a person has to look.
    """
    since = utcnow() - timedelta(hours=24)
    rows = db.session.execute(
        select(AuditEvent.user_id, func.count())
        .where(AuditEvent.event == "login_failed", AuditEvent.organisation_id == organisation_id,
               AuditEvent.at >= since, AuditEvent.user_id.is_not(None))
        .group_by(AuditEvent.user_id))
    return {user_id: count for user_id, count in rows if user_id is not None and count >= FREE_FAILURES}


def _accounts_page(form: AccountForm) -> ResponseReturnValue:
    users = db.session.scalars(
        select(User).where(User.organisation_id == current_user.organisation_id).order_by(User.name)
    ).all()
    return render_template("admin/accounts.html", users=users, form=form, confirm=ConfirmForm(),
                           failures=failed_logins(current_user.organisation_id))


@bp.post("/gebruikers")
@coordinator_required
def create_account() -> ResponseReturnValue:
    form = AccountForm()
    if not form.validate_on_submit():
        return _accounts_page(form)
    try:
        user = new_account(
            db.session, email=form.email.data, name=form.name.data, role=form.role.data,
            profession=form.profession.data, organisation=current_user.organisation)
    except AccountExists:
        form.email.errors.append(_("Er bestaat al een account met dit e-mailadres."))
        return _accounts_page(form)
    return _hand_out_link(user, new=True)


@bp.post("/gebruikers/<int:user_id>/wachtwoordlink")
@coordinator_required
def reset_account(user_id: int) -> ResponseReturnValue:
    user = own_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _hand_out_link(user, new=False)


def _hand_out_link(user: User, *, new: bool) -> ResponseReturnValue:
    """Issue a password link for a new or existing account, audit it, and show it once."""
    link = link_url("reset", issue_link(user))
    audit.record("account_change", target_user_id=user.id)
    db.session.commit()
    current_app.logger.info("%s for account %s by %s", "created" if new else "reset link",
                            user.id, current_user.id)
    return render_template("admin/link.html", account=user, link=link, new=new)


@bp.post("/gebruikers/<int:user_id>/actief")
@coordinator_required
def set_account_active(user_id: int) -> ResponseReturnValue:
    user = own_or_404(User, user_id)
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash(_("Je kunt je eigen account niet uitzetten."), "error")
        return redirect(url_for("admin.accounts"))
    # A second click on "switch off" finds the account off already and leaves it so.
    if set_active(user, form.active.data == "1"):
        audit.record("account_change", target_user_id=user.id)
    db.session.commit()
    current_app.logger.info("account %s active=%s by %s", user.id, user.active, current_user.id)
    flash(_("Account aangezet.") if user.active else _("Account uitgezet."), "success")
    return redirect(url_for("admin.accounts"))
