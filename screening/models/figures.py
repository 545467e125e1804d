"""Figure counts and the local contacts a coordinator keeps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from screening.instrument import CONTACT_KINDS
from screening.models.base import Base, one_of, utcnow


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
        CheckConstraint(one_of("kind", CONTACT_KINDS), name="kind"),
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
