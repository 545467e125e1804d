"""Lists on a page: database-side pagination, filter links and day filters in the user's time zone."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Integer, Select, bindparam, func, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session
from wtforms import DateField
from wtforms.validators import Optional, ValidationError

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of rows, with what a pager needs."""

    rows: list[T]
    number: int
    pages: int
    total: int
    more: bool = False  # there are more than `total` rows: counting stopped there
    # Keyset paging: the cursors of the previous and next page (None: no such page).
    previous: str | None = None
    next: str | None = None
    keyset: bool = False


def paginate(session: Session, query: Select[T], number: int | None, size: int,
             count_limit: int | None = None) -> Page[T]:
    """Count on the database (up to `count_limit`), clamp the page number, fetch that page's rows.

    With a limit, the count stops after that many rows: its cost stays bounded however many
    there are, and the pager reaches as far as the limit.
    """
    counted = query.order_by(None)
    if count_limit is not None:
        counted = counted.limit(count_limit + 1)
    total = session.scalar(select(func.count()).select_from(counted.subquery())) or 0
    more = count_limit is not None and total > count_limit
    if more:
        total = count_limit  # type: ignore[assignment]
    pages = max(1, -(-total // size))
    number = min(max(1, number or 1), pages)
    rows = list(session.scalars(query.limit(size).offset((number - 1) * size)))
    return Page(rows, number, pages, total, more)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CURSOR = re.compile(r"(\d{1,18})-(\d{1,18})")


@dataclass(frozen=True)
class Cursor:
    """Where a page starts or ends: the sort moment and the id of a row, nothing personal.

    In a link it reads `<microseconds since 1970>-<id>`; a malformed one is ignored.
    """

    moment: datetime
    id: int

    def __str__(self) -> str:
        return f"{(self.moment - EPOCH) // timedelta(microseconds=1)}-{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> Cursor | None:
        match = CURSOR.fullmatch(text or "")
        if not match:
            return None
        try:
            moment = EPOCH + timedelta(microseconds=int(match.group(1)))
        except OverflowError:
            return None
        return cls(moment, int(match.group(2)))

    def values(self) -> dict[str, Any]:
        """The values of the condition `beyond` gives: where this cursor stands."""
        return {"cursor_moment": self.moment, "cursor_id": self.id}


@lru_cache(maxsize=16)
def beyond(column: Any, tie: Any, descending: bool) -> ColumnElement[bool]:
    """Rows after a cursor in the order (column, tie), descending or ascending.

    Built once per order: the cursor itself is bound when the statement runs (`Cursor.values`).
    """
    key = tuple_(column, tie)
    here = tuple_(bindparam("cursor_moment", type_=column.type),
                  bindparam("cursor_id", type_=Integer()))
    return key < here if descending else key > here


# Fetch up to `limit` rows beyond a cursor (or from the start), newest (descending) or oldest
# first, skipping `skip`.
Fetch = Callable[[Cursor | None, bool, int, int], Sequence[Any]]


def keyset_paginate(fetch: Fetch, key: str, total: int, more: bool, args: Mapping[str, str],
                    size: int) -> Page[Any]:
    """One page in descending order of the moment a row names `key` (then its id), reached by
    cursors instead of ever larger offsets.

    `na` (after) and `voor` (before) carry a cursor; `pagina` only numbers the page for the
    reader. An old link with only `pagina` still answers, with an offset that the count
    limit keeps small.
    """
    pages = max(1, -(-total // size))
    asked = args.get("pagina", "1")
    number = max(1, int(asked) if asked.isdecimal() and len(asked) < 6 else 1)
    after, before = Cursor.parse(args.get("na")), Cursor.parse(args.get("voor"))
    if (after is None and before is None) or not more:
        number = min(number, pages)  # an offset stays within the counted rows
    page = _keyset_rows(fetch, after, before, number, size)
    if not page[0] and (after or before):  # a cursor past the end (rows were erased): start over
        page = _keyset_rows(fetch, None, None, 1, size)
    rows, earlier, later = page
    # The number is for reading only; keep it within what the links allow.
    number = 1 if not earlier else max(2, number)
    if not later and not more:
        number = max(number, pages)

    def cursor(row: Any) -> str:
        return str(Cursor(getattr(row, key), row.id))

    return Page(rows, number, max(pages, number), total, more,
                previous=cursor(rows[0]) if earlier else None,
                next=cursor(rows[-1]) if later else None, keyset=True)


def _keyset_rows(fetch: Fetch, after: Cursor | None, before: Cursor | None, number: int,
                 size: int) -> tuple[list[Any], bool, bool]:
    """The page's rows, newest first, and whether there are rows before and after them."""
    if before is not None:
        rows = list(fetch(before, False, size + 1, 0))
        earlier, later = len(rows) > size, True
        rows = rows[:size][::-1]
    else:
        skip = 0 if after is not None else (number - 1) * size
        rows = list(fetch(after, True, size + 1, skip))
        earlier, later = after is not None or skip > 0, len(rows) > size
        rows = rows[:size]
    return rows, bool(rows) and earlier, bool(rows) and later


FIRST_YEAR, LAST_YEAR = 1900, 2100


def plausible_day(form: Any, field: Any) -> None:
    """Refuse dates no screening can have (and that would overflow date arithmetic)."""
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(str(_l("Kies een datum tussen %(first)s en %(last)s.",
                                     first=FIRST_YEAR, last=LAST_YEAR)))


def filter_arguments(form: Any, args: Mapping[str, str]) -> dict[str, str]:
    """Keep the filter's own fields from a query string, to build pager and export links."""
    return {field.name: args[field.name] for field in form if args.get(field.name)}


def day_bounds(first: date | None, last: date | None, zone: Any) -> tuple[datetime | None, datetime | None]:
    """Turn 'from day' and 'up to and including day' into moments, in the user's time zone."""
    tz = zone if zone is not None else ZoneInfo("UTC")
    start = datetime.combine(first, time.min, tzinfo=tz) if first else None
    end = datetime.combine(last, time.min, tzinfo=tz) + timedelta(days=1) if last else None
    return start, end


def day_range_fields() -> tuple[DateField, DateField]:
    """The 'from' and 'up to and including' day fields of a filter form."""
    return (DateField(_l("Vanaf"), validators=[Optional(), plausible_day]),
            DateField(_l("Tot en met"), validators=[Optional(), plausible_day]))


def form_day_bounds(form: Any, zone: Any) -> tuple[datetime | None, datetime | None]:
    """The moments of the form's day range (`day_bounds`); a wrong day is ignored."""
    return day_bounds(form.date_from.data if not form.date_from.errors else None,
                      form.date_to.data if not form.date_to.errors else None, zone)


def day_conditions(column: InstrumentedAttribute[datetime], form: Any,
                   zone: Any) -> list[ColumnElement[bool]]:
    """The rows whose moment falls within the form's day range; a wrong day is ignored."""
    start, end = form_day_bounds(form, zone)
    return ([column >= start] if start else []) + ([column < end] if end else [])


def within_days(query: Select[T], column: InstrumentedAttribute[datetime], form: Any,
                zone: Any) -> Select[T]:
    """Keep the rows whose moment falls within the form's day range; a wrong day is ignored."""
    return query.where(*day_conditions(column, form, zone))
