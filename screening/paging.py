"""Lists on a page: database-side pagination, filter links and day filters in the user's time zone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
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


def within_days(query: Select[T], column: InstrumentedAttribute[datetime], form: Any,
                zone: Any) -> Select[T]:
    """Keep the rows whose moment falls within the form's day range; a wrong day is ignored."""
    start, end = day_bounds(form.date_from.data if not form.date_from.errors else None,
                            form.date_to.data if not form.date_to.errors else None, zone)
    if start:
        query = query.where(column >= start)
    if end:
        query = query.where(column < end)
    return query
