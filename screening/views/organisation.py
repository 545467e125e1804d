"""The coordinator's organisation settings: contact addresses and municipalities (audited)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice, StringField
from wtforms.validators import InputRequired, Length, Optional

from screening import audit
from screening.db import db
from screening.form_base import Form
from screening.models import Organisation, OrganisationMunicipality
from screening.municipalities import load as load_municipalities
from screening.views.admin import coordinator_required
from screening.views.auth_forms import EMAIL, CheckboxesField, SetupForm

bp = Blueprint("organisation", __name__, url_prefix="/beheer/organisatie")

MUNICIPALITIES_REQUIRED = InputRequired(message=_l("Kies minstens één gemeente."))


def municipality_choices() -> list[SelectChoice]:
    return [SelectChoice(m.code, m.name) for m in load_municipalities().municipalities]


class SettingsForm(Form):
    contact_email = SetupForm.contact_email
    privacy_officer_email = StringField(
        _l("E-mailadres van de functionaris gegevensbescherming (FG)"),
        description=_l("Niet verplicht. Staat in de privacyverklaring."),
        validators=[Optional(), Length(max=254), EMAIL])
    municipalities = CheckboxesField(_l("Gemeenten waar je organisatie werkt"),
                                     validators=[MUNICIPALITIES_REQUIRED])


def set_municipalities(organisation: Organisation, codes: list[str]) -> tuple[list[str], list[str]]:
    """Make the organisation's municipalities the chosen ones; return the names added and removed."""
    known = load_municipalities().by_code()
    wanted = {known[code].name: code for code in codes if code in known}
    removed = [m.name for m in organisation.municipalities if m.name not in wanted]
    organisation.municipalities = [m for m in organisation.municipalities if m.name in wanted]
    current = {m.name for m in organisation.municipalities}
    for m in organisation.municipalities:
        m.code = wanted[m.name]
    added = sorted(name for name in wanted if name not in current)
    organisation.municipalities.extend(
        OrganisationMunicipality(name=name, code=wanted[name]) for name in added)
    return added, removed


def selected_codes(organisation: Organisation) -> list[str]:
    by_name = {m.name: m.code for m in load_municipalities().municipalities}
    return [m.code or by_name.get(m.name, "") for m in organisation.municipalities]


@bp.route("/", methods=["GET", "POST"])
@coordinator_required
def settings() -> ResponseReturnValue:
    organisation: Organisation = current_user.organisation
    form = SettingsForm()
    form.municipalities.choices = municipality_choices()
    if form.validate_on_submit():
        organisation.contact_email = form.contact_email.data.strip()
        organisation.privacy_officer_email = (form.privacy_officer_email.data or "").strip() or None
        added, removed = set_municipalities(organisation, form.municipalities.data)
        audit.record("settings_change", organisation_id=organisation.id)
        db.session.commit()
        flash(_("De instellingen zijn opgeslagen."), "success")
        if added:
            flash(_("Gemeenten toegevoegd: %(names)s.", names=", ".join(added)), "success")
        if removed:
            flash(_("Gemeenten verwijderd: %(names)s.", names=", ".join(removed)), "success")
        return redirect(url_for("organisation.settings"))
    if not form.is_submitted():
        form.contact_email.data = organisation.contact_email
        form.privacy_officer_email.data = organisation.privacy_officer_email
        form.municipalities.data = selected_codes(organisation)
    legacy = [m.name for m in organisation.municipalities if m.code is None
              and m.name not in {x.name for x in load_municipalities().municipalities}]
    return render_template("admin/organisation.html", form=form, organisation=organisation,
                           municipality_list=load_municipalities(), legacy=legacy)
