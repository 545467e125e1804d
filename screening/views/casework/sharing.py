"""Share a screening with a colleague of the same organisation, and withdraw it."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from screening import audit, screenings
from screening.db import db
from screening.models import Screening, Share
from screening.views.auth_forms import ConfirmForm
from screening.views.casework import bp, screening_or_404
from screening.views.casework.forms import ShareForm


def own_screening_or_404(screening_id: int) -> Screening:
    """Only the owner shares: a colleague it was shared with cannot pass it on."""
    screening = screening_or_404(screening_id)
    if screening.owner_id != current_user.id:
        audit.record_now("access_refused", screening_id=screening.id)
        abort(404)
    return screening


def _page(screening: Screening, form: ShareForm, status: int = 200) -> ResponseReturnValue:
    available = screenings.share_candidates(db.session, screening)
    form.colleague.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(user.id), f"{user.name} ({user.email})") for user in available]
    return render_template("casework/share.html", screening=screening, form=form,
                           confirm=ConfirmForm(), available=available), status


@bp.get("/screenings/<int:screening_id>/delen")
def sharing(screening_id: int) -> ResponseReturnValue:
    screening = own_screening_or_404(screening_id)
    audit.record("view", screening=screening)
    db.session.commit()
    return _page(screening, ShareForm())


@bp.post("/screenings/<int:screening_id>/delen")
def share(screening_id: int) -> ResponseReturnValue:
    screening = own_screening_or_404(screening_id)
    form = ShareForm()
    if not form.validate_on_submit():
        return _page(screening, form, status=400)
    chosen = screenings.share(db.session, screening, form.colleague.data, current_user)
    if chosen is None:
        form.colleague.errors.append(_("Kies een collega uit de lijst."))
        return _page(screening, form, status=400)
    audit.record("share", screening=screening, target_user_id=chosen.id)
    try:
        db.session.commit()
    except IntegrityError:  # a double click: the first request shared it already
        db.session.rollback()
        return redirect(url_for("casework.sharing", screening_id=screening_id))
    current_app.logger.info("screening %s shared with account %s", screening.id, chosen.id)
    flash(_("Gedeeld met %(name)s.", name=chosen.name), "success")
    return redirect(url_for("casework.sharing", screening_id=screening.id))


@bp.post("/screenings/<int:screening_id>/delen/<int:share_id>/intrekken")
def withdraw_share(screening_id: int, share_id: int) -> ResponseReturnValue:
    screening = own_screening_or_404(screening_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    share = db.session.get(Share, share_id)
    if share is None or share.screening_id != screening.id:
        abort(404)
    name = share.user.name
    db.session.delete(share)
    audit.record("unshare", screening=screening, target_user_id=share.user_id)
    db.session.commit()
    current_app.logger.info("screening %s no longer shared with account %s", screening.id,
                            share.user_id)
    flash(_("Niet meer gedeeld met %(name)s.", name=name), "success")
    return redirect(url_for("casework.sharing", screening_id=screening.id))
