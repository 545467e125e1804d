"""Forms of the casework pages: start, judgement, finalise, list filters, sharing and erasure."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Length, Optional, Regexp, ValidationError

from screening.form_base import CopiedFields, Form
from screening.forms import CHOOSE_AN_ANSWER, item_field
from screening.instrument import Instrument
from screening.labels import SAFETY_LABELS, STATUS_LABELS, TIER_LABELS, UNFINISHED
from screening.paging import day_range_fields, plausible_day
from screening.pseudonyms import SHAPE
from screening.screenings import start_items

REASON_MAX_LENGTH = 2000


class StartForm(Form):
    case_reference = StringField(
        _l("Casusnummer"),
        description=_l("Een eigen casusnummer voor dit gezin, bijvoorbeeld ALM-2026-014. "
                       "Geen naam, geen BSN, geen geboortedatum."),
        validators=[InputRequired(message=_l("Vul een casusnummer in.")), Length(max=40),
                    Regexp(SHAPE, message=_l("Gebruik 2 tot 40 letters, cijfers, spaties of - _ ."))],
    )
    municipality = SelectField(_l("Gemeente"), validate_choice=False, validators=[
        InputRequired(message=_l("Kies een gemeente."))])
    instrument = SelectField(_l("Vragenlijst"), validate_choice=False, validators=[
        InputRequired(message=_l("Kies een vragenlijst."))])
    confirm_pseudonym = BooleanField(_l("Dit casusnummer is geen naam, BSN of geboortedatum."))
    start_items: tuple[str, ...] = ()  # the instrument's setting and 'who screens' items


def start_form(instrument: Instrument, language: str, municipalities: list[str],
               versions: list[Instrument], **kwargs: object) -> StartForm:
    """Build the start form; setting and profession are the instrument's own questions."""
    extra: dict[str, object] = {"start_items": start_items(instrument)}
    for item_id in start_items(instrument):
        try:
            extra[item_id] = item_field(instrument.item(item_id), language)
        except KeyError:
            continue
    form_class = type("StartForm", (StartForm,), extra)
    form: StartForm = form_class(**kwargs)
    form.municipality.choices = [SelectChoice(m) for m in municipalities]
    form.instrument.choices = [
        SelectChoice(f"{i.id}@{i.version}", f"{i.title.get(language)} {i.version}") for i in versions]
    return form


class JudgementForm(Form):
    judgement = RadioField(
        _l("Ben je het eens met deze uitkomst?"), validate_choice=False,
        choices=[SelectChoice("agree", _l("Ik ben het eens met deze uitkomst")),
                 SelectChoice("other", _l("Ik kom tot een andere uitkomst"))],
        validators=[InputRequired(message=_l("Kies of je het eens bent met de uitkomst.")),
                    AnyOf(("agree", "other"), message=CHOOSE_AN_ANSWER)],
    )
    chosen_tier = SelectField(
        _l("Welke uitkomst past volgens jou?"), validate_choice=False,
        choices=[SelectChoice("", "—")] + [SelectChoice(code, label) for code, label in TIER_LABELS.items()],
    )
    reason = TextAreaField(
        _l("Waarom kom je tot een andere uitkomst?"),
        description=_l("Schrijf op wat je zag of hoorde en wat niet in de vragenlijst staat."),
        # No Optional(): it would stop the chain before validate_reason runs.
        validators=[Length(max=REASON_MAX_LENGTH, message=_l(
            "Gebruik hoogstens %(max)s tekens.", max=REASON_MAX_LENGTH))],
    )
    lock_version = StringField(validators=[InputRequired()])

    def validate_chosen_tier(self, field: SelectField) -> None:
        if self.judgement.data != "other":
            return
        if field.data not in TIER_LABELS:
            raise ValidationError(str(_l("Kies de uitkomst die volgens jou past.")))

    def validate_reason(self, field: TextAreaField) -> None:
        if self.judgement.data == "other" and not (field.data or "").strip():
            raise ValidationError(str(_l("Schrijf op waarom je tot een andere uitkomst komt.")))


class LetterSafeForm(Form):
    """Confirm that informing the parents is safe (the Meldcode's "tenzij")."""

    confirm = BooleanField(
        _l("Ik heb afgewogen dat het veilig is om de ouders nu te informeren."),
        validators=[InputRequired(message=_l("Vink aan dat je dit hebt afgewogen."))])


class FinaliseForm(Form):
    """Finalise exactly the state the page showed: its version travels with the button."""

    lock_version = HiddenField(validators=[InputRequired()])


# How the list can be sorted, newest first; the first is the default.
SORT_LABELS = {"gewijzigd": _l("Laatst gewijzigd"), "gestart": _l("Gestart")}


class ListFilterForm(Form):
    class Meta(CopiedFields):  # built on every visit of the list: fields copied, not rebuilt
        csrf = False  # a GET search form changes nothing

    q = StringField(_l("Zoek op casusnummer"), validators=[Optional(), Length(max=40)])
    outcome = SelectField(_l("Uitkomst"), validate_choice=False, validators=[Optional()], choices=[
        SelectChoice("", _l("Alle uitkomsten"))] + [SelectChoice(c, lbl) for c, lbl in TIER_LABELS.items()])
    safety = SelectField(_l("Veiligheid"), validate_choice=False, validators=[Optional()], choices=[
        SelectChoice("", _l("Alle"))] + [SelectChoice(c, lbl) for c, lbl in SAFETY_LABELS.items()])
    status = SelectField(_l("Status"), validate_choice=False, validators=[Optional()], choices=[
        SelectChoice("", _l("Alle"))] + [SelectChoice(c, lbl) for c, lbl in STATUS_LABELS.items()]
        + [SelectChoice(UNFINISHED, _l("Nog niet af"))])
    date_from, date_to = day_range_fields()
    sort = SelectField(_l("Sorteer op"), validate_choice=False, validators=[Optional()], choices=[
        SelectChoice(code, label) for code, label in SORT_LABELS.items()])


class ShareForm(Form):
    colleague = SelectField(_l("Collega"), validate_choice=False, validators=[
        InputRequired(message=_l("Kies een collega."))])


class EraseForm(Form):
    confirm = StringField(
        _l("Typ het casusnummer over om te bevestigen"),
        validators=[InputRequired(message=_l("Typ het casusnummer over.")), Length(max=40)])


class RescreenForm(Form):
    """The day to screen a case again; empty means no new screening is planned."""

    rescreen_on = DateField(
        _l("Opnieuw screenen op"),
        description=_l("Laat leeg als er geen nieuwe screening nodig is."),
        validators=[Optional(), plausible_day])
