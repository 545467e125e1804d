"""Who may see which screenings, and the list's page and count queries over them.

A professional sees their own screenings and those shared with them, within their
organisation; coordinators and region accounts see none. Both branches are index lookups
(owner; shares by user) rather than one OR, and every condition goes into both, so the
cost follows the page or the user's rows, never the table.

The list's statements are built once per shape (which conditions, which order) and kept:
building and cache-keying a statement costs more than running it. Their values (the user,
the search, the cursor, the page's bounds) are bound parameters, given when they run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, bindparam, false, func, select, union_all
from sqlalchemy.orm import Session

from screening.models import Screening, Share, User

SCREENINGS = Screening.__table__.c
SHARES = Share.__table__.c
# The user of a kept statement: bound when it runs (`user_values`).
BOUND_USER = SimpleNamespace(role="professional", id=bindparam("user_id"),
                             organisation_id=bindparam("organisation_id"))


def user_values(user: User) -> dict[str, int]:
    """The values of BOUND_USER for this user."""
    return {"user_id": user.id, "organisation_id": user.organisation_id}


def visible_to(user: User, *conditions: ColumnElement[bool]) -> Select[Screening]:
    """Select the screenings a professional may see: their own and those shared with them.

    `conditions` go into both branches, so a lookup by id reads one row, not all of them.
    """
    if user.role != "professional":
        return select(Screening).where(false())  # defence in depth: views refuse them first
    # Two index lookups (owner; shares by user) instead of an OR, which PostgreSQL can only
    # answer by scanning every screening: the cost follows the user's rows, not the table.
    # The organisation is checked inside each branch, so no planner picks the organisation
    # index and walks all of its screenings.
    return select(Screening).where(
        Screening.id.in_(union_all(*_own_and_shared(user, conditions))), *conditions)


def _own_and_shared(user: Any, conditions: Sequence[ColumnElement[bool]]) -> tuple[Select[Any], Select[Any]]:
    """The ids of the user's own screenings, and of those shared with them, that meet `conditions`."""
    in_organisation = SCREENINGS.organisation_id == user.organisation_id
    own = select(SCREENINGS.id).where(SCREENINGS.owner_id == user.id, in_organisation, *conditions)
    shared = (select(SCREENINGS.id).join(Share.__table__, SHARES.screening_id == SCREENINGS.id)
              .where(SHARES.user_id == user.id, SCREENINGS.owner_id != user.id, in_organisation,
                     *conditions))
    return own, shared


def visible_rows(session: Session, user: User, columns: tuple[Any, ...],
                 conditions: tuple[ColumnElement[bool], ...], key: tuple[Any, Any],
                 descending: bool, values: Mapping[str, Any], limit: int,
                 skip: int = 0) -> list[Row[Any]]:
    """Rows `skip` up to `skip + limit`, in `key` order, of what `visible_to` sees and meets
    `conditions`; each row has `columns`.

    Each branch (own; shared with me) walks its index (owner, organisation, moment, id) in
    order and stops after `skip + limit` rows, so a page costs about its own rows: not the
    table's size, nor how many screenings the user has. `columns`, `conditions` and `key`
    must be built once (their values bound parameters, given in `values`): the statement
    is kept per combination of them.
    """
    if user.role != "professional":
        return []
    statement = _rows_statement(columns, conditions, key, descending)
    return list(session.execute(statement, {  # all at once: one fetch, not one per row
        **values, **user_values(user), "limit": limit, "skip": skip, "reach": skip + limit}).all())


def count_visible(session: Session, user: User, conditions: tuple[ColumnElement[bool], ...],
                  values: Mapping[str, Any], limit: int,
                  beside: tuple[Select[Any], ...] = ()) -> tuple[int, bool, list[int]]:
    """How many screenings `visible_rows` can page through, counting up to `limit`; whether
    there are more; and the counts of `beside` (statements of one count each that the page
    also needs, built once: they run in the same query, with the same `values`).

    `conditions` must be built once, as for `visible_rows`. Who sees no screenings counts none.
    """
    if user.role != "professional":
        return 0, False, [0] * len(beside)
    total, *others = session.execute(_count_statement(conditions, beside), {
        **values, **user_values(user), "reach": limit + 1}).one()
    return min(total, limit), total > limit, [count or 0 for count in others]


@lru_cache(maxsize=256)
def _rows_statement(columns: tuple[Any, ...], conditions: tuple[ColumnElement[bool], ...],
                    key: tuple[Any, Any], descending: bool) -> Select[Any]:
    order = [part.desc() if descending else part.asc() for part in key]
    ids = union_all(*(select(branch.order_by(*order).limit(bindparam("reach")).subquery().c.id)
                      for branch in _own_and_shared(BOUND_USER, conditions)))
    return (select(*columns).where(SCREENINGS.id.in_(ids))
            .order_by(*order).limit(bindparam("limit")).offset(bindparam("skip")))


@lru_cache(maxsize=64)
def _count_statement(conditions: tuple[ColumnElement[bool], ...],
                     beside: tuple[Select[Any], ...]) -> Select[Any]:
    ids = union_all(*(select(branch.limit(bindparam("reach")).subquery().c.id)
                      for branch in _own_and_shared(BOUND_USER, conditions)))
    counted = select(func.count()).select_from(ids.subquery())
    return select(counted.scalar_subquery(), *(other.scalar_subquery() for other in beside))
