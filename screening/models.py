"""The database schema: SQLAlchemy 2 typed models."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from screening.instrument import CONTACT_KINDS, PARENTING, SAFETY_LEVELS, TIERS

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


def _in(column: str, values: tuple[str, ...]) -> str:
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


class Organisation(Base):
    """A team or organisation whose professionals share a coordinator."""

    __tablename__ = "organisations"
    # Ids are never reused (SQLite reuses the highest id after a delete without this):
    # the audit log points at organisations, accounts and screenings by id.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # Organisations of one region may share their figures (never a screening) with it.
    region: Mapped[str | None] = mapped_column(String(120), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set by the coordinator; shown in the footer and the privacy and accessibility statements.
    contact_email: Mapped[str | None] = mapped_column(String(254))
    privacy_officer_email: Mapped[str | None] = mapped_column(String(254))

    municipalities: Mapped[list[OrganisationMunicipality]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="OrganisationMunicipality.name",
    )
    users: Mapped[list[User]] = relationship(back_populates="organisation")

    @property
    def municipality_names(self) -> list[str]:
        return [m.name for m in self.municipalities]


class OrganisationMunicipality(Base):
    """A municipality an organisation works in."""

    __tablename__ = "organisation_municipalities"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(80))
    # The CBS code (GM0153); empty for municipalities chosen before the national list shipped.
    code: Mapped[str | None] = mapped_column(String(6))

    organisation: Mapped[Organisation] = relationship(back_populates="municipalities")


class User(Base):
    """An account: a professional who screens, or a coordinator who manages accounts."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="role"),
        CheckConstraint(
            f"profession IS NULL OR {_in('profession', PROFESSIONS)}", name="profession"
        ),
        CheckConstraint("session_version >= 1", name="session_version"),
        # Unique per organisation: a coordinator never learns about another organisation's
        # addresses, and one person may work for two organisations.
        UniqueConstraint("organisation_id", "email"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    profession: Mapped[str | None] = mapped_column(String(40))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # Raised on logout and password change: sessions carrying an older number are void.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship(back_populates="users")

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"

    @property
    def is_region(self) -> bool:
        """A region account sees the figures of its region's organisations, nothing else."""
        return self.role == "region"

    # Flask-Login's user protocol.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"


class OneTimeToken(Base):
    """A single-use link token for first-run setup or a password reset (stored hashed)."""

    __tablename__ = "one_time_tokens"
    __table_args__ = (CheckConstraint(_in("purpose", ("setup", "reset")), name="purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class Screening(Base):
    """One screening of one case, pinned to the instrument version it was taken with."""

    __tablename__ = "screenings"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(f"judgement IS NULL OR {_in('judgement', JUDGEMENTS)}", name="judgement"),
        CheckConstraint(f"tier IS NULL OR {_in('tier', TIER_CODES)}", name="tier"),
        CheckConstraint(f"chosen_tier IS NULL OR {_in('chosen_tier', TIER_CODES)}",
                        name="chosen_tier"),
        CheckConstraint(f"safety IS NULL OR {_in('safety', SAFETY_CODES)}", name="safety"),
        CheckConstraint(f"parenting IS NULL OR {_in('parenting', PARENTING_CODES)}",
                        name="parenting"),
        CheckConstraint(f"shown_safety IS NULL OR {_in('shown_safety', SAFETY_CODES)}",
                        name="shown_safety"),
        # Finalised means frozen: the result and the moment are both there.
        CheckConstraint("status = 'draft' OR (result IS NOT NULL AND finalised_at IS NOT NULL "
                        "AND judgement IS NOT NULL)", name="final_is_complete"),
        CheckConstraint("judgement IS NULL OR judgement = 'agree' OR "
                        "(chosen_tier IS NOT NULL AND judgement_reason IS NOT NULL)",
                        name="other_needs_reason"),
        Index("ix_screenings_owner_updated", "owner_id", "updated_at"),
        Index("ix_screenings_case", "organisation_id", "case_reference"),
        # "Opnieuw screenen": one owner's screenings by their next date.
        Index("ix_screenings_owner_rescreen", "owner_id", "rescreen_on"),
        # Whether a screening was followed up: looked up by the one it follows.
        Index("ix_screenings_previous_id", "previous_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    case_reference: Mapped[str] = mapped_column(String(40))
    municipality: Mapped[str] = mapped_column(String(80))
    instrument_id: Mapped[str] = mapped_column(String(80))
    instrument_version: Mapped[str] = mapped_column(String(20))
    instrument_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    current_step: Mapped[str | None] = mapped_column(String(80))
    # The outcome as computed from the answers so far; frozen at finalisation.
    tier: Mapped[str | None] = mapped_column(String(20))
    safety: Mapped[str | None] = mapped_column(String(20))
    parenting: Mapped[str | None] = mapped_column(String(20))
    # The safety every surface shows: as scored, or 'unknown' when the app-level safety gate
    # of a version locked before the gate was a role is open (instrument.honest_view).
    shown_safety: Mapped[str | None] = mapped_column(String(20))
    # A draft has no verdict until its last page was reached (then it goes to the review).
    reached_end: Mapped[bool] = mapped_column(default=False, server_default=false())
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    judgement: Mapped[str | None] = mapped_column(String(10))
    chosen_tier: Mapped[str | None] = mapped_column(String(20))
    judgement_reason: Mapped[str | None] = mapped_column(Text)
    lock_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finalised_at: Mapped[datetime | None]
    # Follow-up: the day to screen this family again (set at finalising, the professional
    # may change or clear it), and the screening of the same case this one follows.
    rescreen_on: Mapped[date | None] = mapped_column(Date)
    # When the first follow-up of this screening was started (for "followed up in time").
    followed_up_at: Mapped[datetime | None]
    # The owner's profession when finalising: the figures count by it.
    screener_profession: Mapped[str | None] = mapped_column(String(40))
    # A plain number, not a foreign key: ids are never reused, and erasing the previous
    # screening leaves the follow-up without a link (see migration 0008_followup).
    previous_id: Mapped[int | None]
    # The local contacts as they were at finalisation: a re-print gives the same bytes.
    final_contacts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # With a safety concern the parent letter waits until the professional confirms that
    # informing the parents is safe (the Meldcode's "tenzij"); who and when is in the audit log.
    letter_safe_at: Mapped[datetime | None]

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    organisation: Mapped[Organisation] = relationship()
    shares: Mapped[list[Share]] = relationship(
        back_populates="screening", cascade="all, delete-orphan")

    # Two tabs saving the same draft: the second save fails instead of overwriting.
    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def is_final(self) -> bool:
        return self.status == "final"

    @property
    def outcome(self) -> str | None:
        """The outcome that counts: the professional's choice, else the computed tier."""
        return self.chosen_tier or self.tier


class FigureCount(Base):
    """How many finalised screenings share one combination of what the figures show.

    Kept up to date in the same transaction as the screenings (screening.figure_counts),
    so figures never count every screening; `screening figures rebuild` recounts them.
    """

    __tablename__ = "figure_counts"
    __table_args__ = (
        # Also the index of the figures query: one organisation (or a few), a month range.
        UniqueConstraint("organisation_id", "month", "municipality", "profession", "outcome",
                         "safety", "parenting", "due_month", "followed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM of finalising, UTC
    municipality: Mapped[str] = mapped_column(String(80))
    profession: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(20))
    safety: Mapped[str] = mapped_column(String(20))
    parenting: Mapped[str] = mapped_column(String(20))
    due_month: Mapped[str] = mapped_column(String(7))  # YYYY-MM of the rescreen date, or ""
    followed: Mapped[str] = mapped_column(String(10))  # no | in_time | late
    count: Mapped[int] = mapped_column(default=0)


class LocalContact(Base):
    """A local contact a route refers to, kept by the coordinator per municipality and kind."""

    __tablename__ = "local_contacts"
    __table_args__ = (
        UniqueConstraint("organisation_id", "municipality", "kind"),
        CheckConstraint(_in("kind", CONTACT_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"))
    municipality: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Share(Base):
    """A screening shared by its owner with a colleague of the same organisation."""

    __tablename__ = "shares"
    # The list looks shares up by the colleague they were shared with.
    __table_args__ = (UniqueConstraint("screening_id", "user_id"), Index("ix_shares_user_id", "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[int] = mapped_column(ForeignKey("screenings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    shared_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    screening: Mapped[Screening] = relationship(back_populates="shares")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


AUDIT_EVENTS = (
    "view", "search", "create", "edit", "finalise", "print", "export", "share", "unshare",
    "erase", "login", "login_failed", "logout", "account_change", "access_refused", "audit_view",
    "settings_change",
)


class AuditEvent(Base):
    """One line of the audit log (NEN 7513 style): who did what to which record, when.

    It points at records (ids, a keyed hash of a case reference), never holds content.
    The app only ever inserts: database triggers refuse updates, deletes and an insert
    over an existing id. Rows form a chain: `row_hash` is a keyed hash over the row and
    the previous row's hash (see screening.audit_chain); rows from before the chain
    started have none.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        CheckConstraint(_in("event", AUDIT_EVENTS), name="event"),
        Index("ix_audit_events_organisation_at", "organisation_id", "at"),
        # An access export looks rows up by screening and by case.
        Index("ix_audit_events_screening_id", "screening_id"),
        Index("ix_audit_events_case_pointer", "case_pointer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    event: Mapped[str] = mapped_column(String(20))
    # Plain numbers, not foreign keys: the log outlives the records it points at.
    user_id: Mapped[int | None]
    organisation_id: Mapped[int | None]
    screening_id: Mapped[int | None]
    case_pointer: Mapped[str | None] = mapped_column(String(32))
    target_user_id: Mapped[int | None]
    client_address: Mapped[str | None] = mapped_column(String(45))
    row_hash: Mapped[str | None] = mapped_column(String(64))
