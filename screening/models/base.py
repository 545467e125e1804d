"""What every model shares: the declarative base, the UTC time type, the code lists."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

from screening.instrument import PARENTING, SAFETY_LEVELS, TIERS

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("professional", "coordinator", "region")
STATUSES = ("draft", "final")
JUDGEMENTS = ("agree", "other")
TIER_CODES, SAFETY_CODES, PARENTING_CODES = TIERS, SAFETY_LEVELS, PARENTING
PROFESSIONS = ("school_social_worker", "youth_health_nurse", "welfare_worker", "other")


def utcnow() -> datetime:
    """Return the current time in UTC (a callable default for time columns)."""
    return datetime.now(UTC)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """Build the SQL of a check constraint that a column holds one of the values."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class UTCDateTime(TypeDecorator[datetime]):
    """Store UTC without a zone (portable); hand back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime}
