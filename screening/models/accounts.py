"""Organisations, their municipalities, accounts and one-time link tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from screening.models.base import PROFESSIONS, ROLES, Base, one_of, utcnow


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
        CheckConstraint(one_of("role", ROLES), name="role"),
        CheckConstraint(
            f"profession IS NULL OR {one_of('profession', PROFESSIONS)}", name="profession"
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
    __table_args__ = (CheckConstraint(one_of("purpose", ("setup", "reset")), name="purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
