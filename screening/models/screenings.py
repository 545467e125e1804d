"""Screenings and the shares of a screening with colleagues."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from screening.models.base import (
    JUDGEMENTS,
    PARENTING_CODES,
    SAFETY_CODES,
    STATUSES,
    TIER_CODES,
    Base,
    one_of,
    utcnow,
)

if TYPE_CHECKING:
    from screening.models.accounts import Organisation, User


class Screening(Base):
    """One screening of one case, pinned to the instrument version it was taken with."""

    __tablename__ = "screenings"
    __table_args__ = (
        CheckConstraint(one_of("status", STATUSES), name="status"),
        CheckConstraint(f"judgement IS NULL OR {one_of('judgement', JUDGEMENTS)}", name="judgement"),
        CheckConstraint(f"tier IS NULL OR {one_of('tier', TIER_CODES)}", name="tier"),
        CheckConstraint(f"chosen_tier IS NULL OR {one_of('chosen_tier', TIER_CODES)}",
                        name="chosen_tier"),
        CheckConstraint(f"safety IS NULL OR {one_of('safety', SAFETY_CODES)}", name="safety"),
        CheckConstraint(f"parenting IS NULL OR {one_of('parenting', PARENTING_CODES)}",
                        name="parenting"),
        CheckConstraint(f"shown_safety IS NULL OR {one_of('shown_safety', SAFETY_CODES)}",
                        name="shown_safety"),
        # Finalised means frozen: the result and the moment are both there.
        CheckConstraint("status = 'draft' OR (result IS NOT NULL AND finalised_at IS NOT NULL "
                        "AND judgement IS NOT NULL)", name="final_is_complete"),
        CheckConstraint("judgement IS NULL OR judgement = 'agree' OR "
                        "(chosen_tier IS NOT NULL AND judgement_reason IS NOT NULL)",
                        name="other_needs_reason"),
        # The list: one owner's screenings (within their organisation) newest first, by last
        # change or by start, with the id as tie-break; a page reads only its own rows.
        Index("ix_screenings_owner_list", "owner_id", "organisation_id", "updated_at", "id"),
        Index("ix_screenings_owner_started", "owner_id", "organisation_id", "created_at", "id"),
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
    # Whether the routes of the frozen result wait for the Meldcode steps (`rescreen_after`):
    # without a date, the plan then waits for them ("Opnieuw screenen" lists it). Set at
    # finalising from the result, which never changes after.
    rescreen_waits: Mapped[bool] = mapped_column(default=False, server_default=false())
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


class Share(Base):
    """A screening shared by its owner with a colleague of the same organisation."""

    __tablename__ = "shares"
    # The list looks shares up by the colleague they were shared with, from the index alone.
    __table_args__ = (UniqueConstraint("screening_id", "user_id"),
                      Index("ix_shares_user_screening", "user_id", "screening_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[int] = mapped_column(ForeignKey("screenings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    shared_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    screening: Mapped[Screening] = relationship(back_populates="shares")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
