"""The professional's list of screenings: search, filters and pages."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_timezone
from flask_login import current_user
from sqlalchemy import ColumnElement, bindparam, func, not_, or_, select

from screening import audit, visibility
from screening.db import db
from screening.labels import SAFETY_LABELS, STATUS_LABELS, TIER_LABELS, UNFINISHED
from screening.models import User
from screening.paging import Cursor, beyond, filter_arguments, form_day_bounds, keyset_paginate
from screening.views.casework import bp, language, registry
from screening.views.casework.followup import due_count, due_values
from screening.views.casework.forms import SORT_LABELS, ListFilterForm
from screening.views.casework.list_rows import ListRow, Writer

PAGE_SIZE = 20
# The list counts at most this many matches (50 pages); beyond it, a search narrows things down.
COUNT_LIMIT = 1000

# The list's conditions and columns are built once (its statements are kept per shape in
# screening.visibility); a request binds only their values.
SCREENINGS = visibility.SCREENINGS
USERS = User.__table__.c
# A draft whose last page was not reached shows no verdict, so no filter finds it by one.
VERDICT = or_(SCREENINGS.status == "final", SCREENINGS.reached_end.is_(True))
# What each search or filter asks of a screening, in a fixed order; its value is bound.
FILTERS: dict[str, tuple[ColumnElement[bool], ...]] = {
    "pattern": (SCREENINGS.case_reference.ilike(bindparam("pattern"), escape="\\"),),
    "outcome": (VERDICT, func.coalesce(SCREENINGS.chosen_tier, SCREENINGS.tier)
                == bindparam("outcome")),
    "safety": (VERDICT, func.coalesce(SCREENINGS.shown_safety, SCREENINGS.safety)
               == bindparam("safety")),
    "status": (SCREENINGS.status == bindparam("status"),),
    UNFINISHED: (not_(VERDICT),),
    "start": (SCREENINGS.created_at >= bindparam("start"),),
    "end": (SCREENINGS.created_at < bindparam("end"),),
}
# The columns of a ListRow, in its order: the screening's own, and two computed ones.
COMPUTED = {
    "verdict": VERDICT,
    "owner_name": select(USERS.name).where(USERS.id == SCREENINGS.owner_id).scalar_subquery(),
}
LISTED = tuple((COMPUTED[name] if name in COMPUTED else SCREENINGS[name]).label(name)
               for name in ListRow._fields)


@bp.get("/screenings")
def index() -> ResponseReturnValue:
    user = current_user._get_current_object()  # once, not through the proxy at every use
    form = ListFilterForm(request.args)
    form.validate()
    values = list_filters(form)
    conditions = tuple(condition for name, conditions in FILTERS.items() if name in values
                       for condition in conditions)
    sort = form.sort.data if form.sort.data in SORT_LABELS else next(iter(SORT_LABELS))
    column = SCREENINGS.created_at if sort == "gestart" else SCREENINGS.updated_at

    def fetch(cursor: Cursor | None, descending: bool, limit: int, skip: int) -> list[ListRow]:
        past = (beyond(column, SCREENINGS.id, descending),) if cursor is not None else ()
        return [ListRow._make(row) for row in visibility.visible_rows(
            db.session, user, LISTED, conditions + past, (column, SCREENINGS.id),
            descending, {**values, **(cursor.values() if cursor is not None else {})}, limit, skip)]

    # Counting stops at COUNT_LIMIT; the page itself is found by cursor, not by offset.
    # How many cases are due this week comes along in the same query.
    total, more, (due,) = visibility.count_visible(
        db.session, user, conditions, {**values, **due_values()}, COUNT_LIMIT,
        beside=(due_count(),))
    page = keyset_paginate(fetch, column.key, total, more, request.args, PAGE_SIZE)
    arguments = filter_arguments(form, request.args)
    audit.record("search")
    db.session.commit()
    shown_language = language()
    steps = step_titles([row for row in page.rows if not row.verdict], shown_language)
    writer = Writer.for_request(user.id, shown_language)
    return render_template(
        "casework/index.html", form=form, page=page, arguments=arguments, sort=sort,
        table=writer.table(sort, page.rows, steps),
        due_this_week=due,
    )


def list_filters(form: ListFilterForm) -> dict[str, Any]:
    """The values of the search and filters asked for (names of FILTERS); a wrong one is ignored."""
    values: dict[str, Any] = {}
    if form.q.data and not form.q.errors:
        values["pattern"] = "%" + form.q.data.strip().replace("%", "").replace("_", r"\_") + "%"
    if form.outcome.data in TIER_LABELS:
        values["outcome"] = form.outcome.data
    if form.safety.data in SAFETY_LABELS:
        values["safety"] = form.safety.data
    if form.status.data in STATUS_LABELS:
        values["status"] = form.status.data
    elif form.status.data == UNFINISHED:
        values[UNFINISHED] = True
    start, end = form_day_bounds(form, get_timezone())
    if start:
        values["start"] = start
    if end:
        values["end"] = end
    return values


def step_titles(drafts: list[ListRow], shown_language: str) -> dict[int, str]:
    """The title of the page each draft stands on, for "nog niet af"; each page looked up once."""
    @cache
    def title(instrument_id: str, version: str, step: str) -> str:
        try:
            return registry().get(instrument_id, version).section(step).title.get(shown_language)
        except KeyError:
            return ""

    return {row.id: title(row.instrument_id, row.instrument_version, row.current_step or "")
            for row in drafts}
