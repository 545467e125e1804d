"""Who may see which screenings, and the list's page and count queries over them.

A professional sees their own screenings and those shared with them, within their
organisation; coordinators and region accounts see none. Both branches are index lookups
(owner; shares by user) rather than one OR, and every condition goes into both, so the
cost follows the page or the user's rows, never the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, select, union_all
from sqlalchemy.orm import Session

from screening.models import Screening, Share, User


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


def _own_and_shared(user: User, conditions: Sequence[ColumnElement[bool]]) -> tuple[Select[Any], Select[Any]]:
    """The ids of the user's own screenings, and of those shared with them, that meet `conditions`."""
    in_organisation = Screening.organisation_id == user.organisation_id
    own = select(Screening.id).where(Screening.owner_id == user.id, in_organisation, *conditions)
    shared = (select(Screening.id).join(Share, Share.screening_id == Screening.id)
              .where(Share.user_id == user.id, Screening.owner_id != user.id, in_organisation,
                     *conditions))
    return own, shared


def visible_rows(user: User, conditions: Sequence[ColumnElement[bool]], order: Sequence[Any],
                 limit: int, skip: int = 0) -> Select[Screening]:
    """Select, in `order`, rows `skip` up to `skip + limit` of what `visible_to` sees and meets `conditions`.

    Each branch (own; shared with me) walks its index (owner, organisation, moment, id) in
    order and stops after `skip + limit` rows, so a page costs about its own rows: not the
    table's size, nor how many screenings the user has.
    """
    if user.role != "professional":
        return select(Screening).where(false())
    ids = union_all(*(select(branch.order_by(*order).limit(skip + limit).subquery().c.id)
                      for branch in _own_and_shared(user, conditions)))
    return (select(Screening).where(Screening.id.in_(ids))
            .order_by(*order).limit(limit).offset(skip))


def count_visible(session: Session, user: User, conditions: Sequence[ColumnElement[bool]],
                  limit: int) -> tuple[int, bool]:
    """How many screenings `visible_rows` can page through, counting up to `limit`; and whether
    there are more."""
    if user.role != "professional":
        return 0, False
    ids = union_all(*(select(branch.limit(limit + 1).subquery().c.id)
                      for branch in _own_and_shared(user, conditions)))
    total = session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    return min(total, limit), total > limit
