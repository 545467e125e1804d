"""Figures pages: a coordinator's organisation, or a region's organisations together.

Both read the kept counts (never the screenings) and show only rounded numbers
(screening.figures); neither ever shows a screening.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from datetime import date
from functools import wraps
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import format_date, to_user_timezone
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice, SelectField
from wtforms.validators import Optional

from screening import audit, charts
from screening.db import db
from screening.figures import (
    OUTCOMES,
    PATTERNS,
    REFERENCE_SPLIT,
    SAFETY,
    Figures,
    load_counts,
    months_back,
    publish,
    to_csv,
)
from screening.form_base import Form
from screening.labels import PARENTING_LABELS, PROFESSION_LABELS, SAFETY_LABELS, TIER_LABELS
from screening.models import Organisation, utcnow

bp = Blueprint("region", __name__, url_prefix="/regio")

UNKNOWN_PROFESSION_LABEL = _l("Beroep onbekend")
SHORT_SAFETY = {
    "none": _l("Geen signalen"), "unknown": _l("Nog niet uitgezocht"),
    "concern": _l("Zorgen"), "acute": _l("Acuut"),
}


class FiguresFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter changes nothing

    gemeente = SelectField(_l("Gemeente"), validate_choice=False, validators=[Optional()])
    beroep = SelectField(_l("Beroep van wie screende"), validate_choice=False,
                         validators=[Optional()])


def rounding_key() -> bytes:
    """A key of its own for the rounding draws, derived from the app's secret key."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, b"figures-rounding", hashlib.sha256).digest()


def profession_label(code: str) -> str:
    return str(PROFESSION_LABELS.get(code, UNKNOWN_PROFESSION_LABEL))


def month_label(month: str) -> str:
    year, number = month.split("-")
    return str(format_date(date(int(year), int(number), 1), "MMM yyyy"))


def build(organisation_ids: Iterable[int]) -> tuple[Figures, FiguresFilterForm, date]:
    """Rounded figures of the last 12 months, narrowed by the filter in the address."""
    today: date = to_user_timezone(utcnow()).date()
    counts = load_counts(db.session, organisation_ids, months_back(today)[0])
    everything = publish(counts, rounding_key(), today)
    form = FiguresFilterForm(request.args)
    form.gemeente.choices = [SelectChoice("", _l("Alle gemeenten"))] + [
        SelectChoice(m) for m in everything.municipalities]
    form.beroep.choices = [SelectChoice("", _l("Alle beroepen"))] + [
        SelectChoice(p, profession_label(p)) for p in everything.professions]
    municipality = form.gemeente.data if form.gemeente.data in everything.municipalities else None
    profession = form.beroep.data if form.beroep.data in everything.professions else None
    if municipality is None and profession is None:
        return everything, form, today
    return publish(counts, rounding_key(), today, municipality=municipality,
                   profession=profession), form, today


def render(organisation_ids: list[int], template: str, csv_endpoint: str,
           **context: Any) -> ResponseReturnValue:
    figures, form, _today = build(organisation_ids)
    months = {month: month_label(month) for month in figures.months}
    outcome_chart = charts.stacked_bars(figures.outcome_by_month, OUTCOMES, months,
                                        figures.current_month, figures.running_total)
    safety_chart = charts.stacked_bars(figures.safety_by_month, SAFETY, months,
                                       figures.current_month, figures.running_total)
    return render_template(
        template, figures=figures, form=form, months=months, outcome_chart=outcome_chart,
        safety_chart=safety_chart, outcomes=OUTCOMES, safety_levels=SAFETY, patterns=PATTERNS,
        reference=REFERENCE_SPLIT, tier_labels=TIER_LABELS, safety_labels=SAFETY_LABELS,
        short_safety=SHORT_SAFETY, parenting_labels=PARENTING_LABELS,
        profession_label=profession_label, csv_endpoint=csv_endpoint,
        arguments={k: v for k, v in request.args.items() if k in ("gemeente", "beroep") and v},
        **context)


def csv_response(organisation_ids: list[int]) -> Response:
    figures, _form, _today = build(organisation_ids)
    labels = {**{k: str(v) for k, v in TIER_LABELS.items()},
              **{k: str(v) for k, v in SAFETY_LABELS.items()},
              **{k: str(v) for k, v in PARENTING_LABELS.items()},
              "due": str(_l("Te screenen")), "in_time": str(_l("Op tijd opnieuw gescreend"))}

    def label(section: str, code: str) -> str:
        if section.endswith("_by_profession") and code in figures.professions:
            text = profession_label(code)
        elif code == figures.current_month:
            text = f"{code} ({_l('lopende maand, nog niet compleet')})"
        else:
            text = labels.get(code, code)
        # A cell that starts like a formula stays text in a spreadsheet.
        return "'" + text if text[:1] in ("=", "+", "-", "@") else text

    audit.record("export")
    db.session.commit()
    return Response(to_csv(figures, label), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="cijfers.csv"'})


def region_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_region or not current_user.organisation.region:
            audit.record_now("access_refused")
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def region_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).where(
        Organisation.region == current_user.organisation.region).order_by(Organisation.name)))


@bp.get("/")
@region_required
def index() -> ResponseReturnValue:
    organisations = region_organisations()
    return render([o.id for o in organisations], "region/index.html", "region.figures_csv",
                  region=current_user.organisation.region, organisations=organisations)


@bp.get("/cijfers.csv")
@region_required
def figures_csv() -> ResponseReturnValue:
    return csv_response([o.id for o in region_organisations()])
