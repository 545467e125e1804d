"""The professional's list of screenings: search, filters and pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_timezone
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, func, not_, or_
from sqlalchemy.orm import load_only, selectinload

from screening import audit, screenings, visibility
from screening.db import db
from screening.labels import SAFETY_LABELS, STATUS_LABELS, TIER_LABELS, UNFINISHED
from screening.models import Screening
from screening.paging import day_conditions, filter_arguments, keyset_paginate
from screening.views.casework import bp, language, registry
from screening.views.casework.followup import due_this_week
from screening.views.casework.forms import SORT_LABELS, ListFilterForm

PAGE_SIZE = 20
# The list counts at most this many matches (50 pages); beyond it, a search narrows things down.
COUNT_LIMIT = 1000
# What a row of the list shows; the answers, notes and result stay in the database.
LISTED = (Screening.id, Screening.owner_id, Screening.organisation_id, Screening.case_reference,
          Screening.status, Screening.tier, Screening.chosen_tier, Screening.safety,
          Screening.shown_safety, Screening.reached_end, Screening.instrument_id,
          Screening.instrument_version, Screening.current_step, Screening.created_at,
          Screening.updated_at, Screening.lock_version)


def translated(labels: Mapping[str, Any]) -> dict[str, str]:
    return {code: str(label) for code, label in labels.items()}


@bp.get("/screenings")
def index() -> ResponseReturnValue:
    form = ListFilterForm(request.args)
    form.validate()
    conditions = list_conditions(form)
    sort = form.sort.data if form.sort.data in SORT_LABELS else next(iter(SORT_LABELS))
    column = Screening.created_at if sort == "gestart" else Screening.updated_at

    def fetch(more: Sequence[Any], descending: bool, limit: int, skip: int) -> Select[Screening]:
        order = ((column.desc(), Screening.id.desc()) if descending
                 else (column.asc(), Screening.id.asc()))
        # Owner names without a query per row; only the columns a row shows.
        return (visibility.visible_rows(current_user, [*conditions, *more], order, limit, skip)
                .options(selectinload(Screening.owner), load_only(*LISTED)))

    # Counting stops at COUNT_LIMIT; the page itself is found by cursor, not by offset.
    total, more = visibility.count_visible(db.session, current_user, conditions, COUNT_LIMIT)
    page = keyset_paginate(db.session, fetch, (column, Screening.id), total, more,
                           request.args, PAGE_SIZE)
    arguments = filter_arguments(form, request.args)
    audit.record("search")
    db.session.commit()
    return render_template(
        "casework/index.html", form=form, page=page, arguments=arguments,
        # Translated once here rather than once per row.
        tier_labels=translated(TIER_LABELS), safety_labels=translated(SAFETY_LABELS),
        status_labels=translated(STATUS_LABELS),
        sort=sort,
        unfinished={row.id: step_title(row) for row in page.rows
                    if not screenings.has_verdict(row)},
        due_this_week=due_this_week(),
    )


def list_conditions(form: ListFilterForm) -> list[ColumnElement[bool]]:
    """What the search and filters ask of a screening; a wrong value is ignored."""
    conditions: list[ColumnElement[bool]] = []
    if form.q.data and not form.q.errors:
        pattern = "%" + form.q.data.strip().replace("%", "").replace("_", r"\_") + "%"
        conditions.append(Screening.case_reference.ilike(pattern, escape="\\"))
    # A draft whose last page was not reached shows no verdict, so no filter finds it by one.
    verdict = or_(Screening.status == "final", Screening.reached_end.is_(True))
    if form.outcome.data in TIER_LABELS:
        conditions += [verdict,
                       func.coalesce(Screening.chosen_tier, Screening.tier) == form.outcome.data]
    if form.safety.data in SAFETY_LABELS:
        conditions += [verdict,
                       func.coalesce(Screening.shown_safety, Screening.safety) == form.safety.data]
    if form.status.data in STATUS_LABELS:
        conditions.append(Screening.status == form.status.data)
    elif form.status.data == UNFINISHED:
        conditions.append(not_(verdict))
    return conditions + day_conditions(Screening.created_at, form, get_timezone())


def step_title(row: Screening) -> str:
    """Return the title of the page a draft stands on, for "nog niet af"."""
    try:
        instrument = registry().get(row.instrument_id, row.instrument_version)
        return instrument.section(row.current_step or "").title.get(language())
    except KeyError:
        return ""
