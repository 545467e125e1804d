"""The coordinator's page of local contacts: per municipality of the organisation, per kind."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional, Regexp

from screening import audit, local_contacts
from screening.db import db
from screening.form_base import Form
from screening.instrument import CONTACT_KINDS
from screening.labels import CONTACT_KIND_LABELS
from screening.models import OrganisationMunicipality
from screening.summary import Contact
from screening.summary.contacts import NATIONAL_DEFAULTS, is_empty
from screening.views.admin import coordinator_required, own_or_404

bp = Blueprint("contacts", __name__, url_prefix="/beheer/contacten")


class ContactForm(Form):
    name = StringField(_l("Naam"), validators=[Optional(), Length(max=120)],
                       description=_l("Bijvoorbeeld: Wijkteam Almelo-Noord."))
    phone = StringField(_l("Telefoonnummer"), validators=[
        Optional(), Length(max=40),
        Regexp(r"^[0-9+()\- ]*$", message=_l("Gebruik alleen cijfers, spaties en + - ( )."))])
    website = StringField(_l("Website"), validators=[
        Optional(), Length(max=200),
        Regexp(r"^https?://[^\s<>\"']+$", message=_l("Begin met https:// en gebruik geen spaties."))])
    note = TextAreaField(_l("Korte notitie"), validators=[Optional(), Length(max=300)],
                         description=_l("Bijvoorbeeld: bereikbaar op werkdagen van 9 tot 17 uur."))


@bp.get("")
@coordinator_required
def index() -> ResponseReturnValue:
    municipalities = sorted(current_user.organisation.municipalities, key=lambda m: m.name)
    rows = {m.id: local_contacts.known(db.session, current_user.organisation_id, m.name)
            for m in municipalities}
    return render_template("contacts/index.html", municipalities=municipalities, rows=rows,
                           kinds=CONTACT_KINDS, labels=CONTACT_KIND_LABELS)


def _edit_page(municipality: OrganisationMunicipality, kind: str, form: ContactForm,
               status: int = 200) -> ResponseReturnValue:
    return render_template("contacts/edit.html", municipality=municipality, kind=kind,
                           label=CONTACT_KIND_LABELS[kind], form=form,
                           default=NATIONAL_DEFAULTS.get(kind)), status


def _kind_or_404(kind: str) -> str:
    if kind not in CONTACT_KINDS:
        abort(404)
    return kind


@bp.get("/<int:municipality_id>/<kind>")
@coordinator_required
def edit(municipality_id: int, kind: str) -> ResponseReturnValue:
    municipality = own_or_404(OrganisationMunicipality, municipality_id)
    contact = local_contacts.current(db.session, current_user.organisation_id, municipality.name,
                                     _kind_or_404(kind))
    form = ContactForm(data={"name": contact.name, "phone": contact.phone,
                             "website": contact.website, "note": contact.note})
    return _edit_page(municipality, kind, form)


@bp.post("/<int:municipality_id>/<kind>")
@coordinator_required
def save(municipality_id: int, kind: str) -> ResponseReturnValue:
    municipality = own_or_404(OrganisationMunicipality, municipality_id)
    form = ContactForm()
    if not form.validate_on_submit():
        return _edit_page(municipality, _kind_or_404(kind), form, status=400)
    contact = Contact(_kind_or_404(kind), "", name=form.name.data or "", phone=form.phone.data or "",
                      website=form.website.data or "", note=form.note.data or "")
    local_contacts.save(db.session, current_user.organisation, municipality.name, kind, contact)
    audit.record("edit", organisation_id=current_user.organisation_id)
    db.session.commit()
    if is_empty(contact):
        flash(_("Het contact is leeggemaakt. Op papier staat nu: nog niet ingevuld door de "
                "coördinator."), "warning")
    else:
        flash(_("Het contact is opgeslagen."), "success")
    return redirect(url_for("contacts.index") + f"#gemeente-{municipality.id}")
