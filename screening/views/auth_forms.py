"""Forms of logging in, first-run setup and setting a password (shape checks only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from screening.form_base import Form
from screening.labels import PROFESSION_LABELS
from screening.models import PROFESSIONS
from screening.passwords import MAX_LENGTH, password_problem

EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Vul een geldig e-mailadres in."))
REQUIRED = InputRequired(message=_l("Vul dit veld in."))

# The codes are the model's, the labels labels.py's: a missing label fails at import.
PROFESSION_CHOICES = [SelectChoice(code, PROFESSION_LABELS[code]) for code in PROFESSIONS]
# What each role may do, for the coordinator's choice; region accounts are made on the
# command line, never by a coordinator.
ROLE_CHOICES = [
    SelectChoice("professional", _l("Professional: doet screenings")),
    SelectChoice("coordinator", _l("Coördinator: beheert accounts, ziet geen screenings")),
]


class CheckboxesField(SelectMultipleField):
    """A group of checkboxes; each choice one box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class NewPassword:
    """Check a new password against the rules, with the person's own words as weak hints."""

    def __call__(self, form: FlaskForm, field: PasswordField) -> None:
        personal = tuple(
            str(getattr(form, name).data or "") for name in ("email", "name") if hasattr(form, name)
        )
        problem = password_problem(field.data or "", personal=personal)
        if problem:
            raise ValidationError(str(problem))


def _password_fields() -> tuple[PasswordField, PasswordField]:
    return (
        PasswordField(_l("Nieuw wachtwoord"), validators=[REQUIRED, NewPassword()],
                      description=_l("Minstens 12 tekens. Een zin van vier losse woorden werkt goed.")),
        PasswordField(_l("Herhaal het wachtwoord"), validators=[
            REQUIRED, EqualTo("password", message=_l("De twee wachtwoorden zijn niet gelijk."))]),
    )


class LoginForm(Form):
    email = StringField(_l("E-mailadres"), validators=[REQUIRED, Length(max=254)])
    password = PasswordField(_l("Wachtwoord"), validators=[REQUIRED, Length(max=MAX_LENGTH)])


class PasswordForm(Form):
    password, confirm = _password_fields()


class SetupForm(Form):
    organisation = StringField(_l("Naam van je organisatie"), validators=[REQUIRED, Length(max=120)])
    municipalities = CheckboxesField(_l("Gemeenten waar je organisatie werkt"), validators=[
        InputRequired(message=_l("Kies minstens één gemeente."))])
    contact_email = StringField(
        _l("Contactadres voor privacy en toegankelijkheid"),
        description=_l("Een e-mailadres van je organisatie, bijvoorbeeld privacy@organisatie.nl. "
                       "Het staat onderaan elke pagina en in de privacyverklaring."),
        validators=[REQUIRED, Length(max=254), EMAIL])
    name = StringField(_l("Je naam"), validators=[REQUIRED, Length(max=120)])
    email = StringField(_l("Je e-mailadres"), validators=[REQUIRED, Length(max=254), EMAIL])
    password, confirm = _password_fields()


class AccountForm(Form):
    name = StringField(_l("Naam"), validators=[REQUIRED, Length(max=120)])
    email = StringField(_l("E-mailadres"), validators=[REQUIRED, Length(max=254), EMAIL])
    role = SelectField(_l("Rol"), choices=ROLE_CHOICES, validators=[REQUIRED])
    profession = SelectField(_l("Beroep"), choices=PROFESSION_CHOICES, validators=[REQUIRED])


class ActiveForm(Form):
    """Switch an account on or off: the target state, so a repeated submit changes nothing."""

    active = SelectField(choices=[SelectChoice("1"), SelectChoice("0")], validators=[REQUIRED])


class ConfirmForm(Form):
    """A form with only its CSRF token: for buttons that change something."""
