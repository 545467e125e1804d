"""The database schema: SQLAlchemy 2 typed models, one module per concern.

Importing this package imports every model module, so `Base.metadata` (and Alembic's
autogenerate) sees every table, and `from screening.models import X` keeps working.
"""

from screening.models.accounts import OneTimeToken, Organisation, OrganisationMunicipality, User
from screening.models.audit import AUDIT_EVENTS, AuditEvent
from screening.models.base import (
    JUDGEMENTS,
    NAMING_CONVENTION,
    PARENTING_CODES,
    PROFESSIONS,
    ROLES,
    SAFETY_CODES,
    STATUSES,
    TIER_CODES,
    Base,
    UTCDateTime,
    utcnow,
)
from screening.models.figures import FigureCount, LocalContact
from screening.models.screenings import Screening, Share

__all__ = [
    "AUDIT_EVENTS",
    "JUDGEMENTS",
    "NAMING_CONVENTION",
    "PARENTING_CODES",
    "PROFESSIONS",
    "ROLES",
    "SAFETY_CODES",
    "STATUSES",
    "TIER_CODES",
    "AuditEvent",
    "Base",
    "FigureCount",
    "LocalContact",
    "OneTimeToken",
    "Organisation",
    "OrganisationMunicipality",
    "Screening",
    "Share",
    "UTCDateTime",
    "User",
    "utcnow",
]
