"""Clients (Klient*innen), their household and their consents."""

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kimdesk.store.models.base import Base, record_key_column, utcnow


class Client(Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[int] = record_key_column()
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    family_name: Mapped[str] = mapped_column(String(200))
    given_names: Mapped[str] = mapped_column(String(200), default="")
    name_variants: Mapped[str] = mapped_column(Text, default="")  # other spellings, ";"-separated
    birth_date: Mapped[str | None] = mapped_column(String(10))  # partial ISO date
    sex: Mapped[str] = mapped_column(String(1), default="x")
    nationalities: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    residence_status: Mapped[str] = mapped_column(String(40), default="unknown")
    residence_paragraph: Mapped[str] = mapped_column(String(60), default="")
    residence_expires_on: Mapped[date | None] = mapped_column(Date)
    arrived_germany: Mapped[str | None] = mapped_column(String(10))  # partial ISO
    arrived_municipality: Mapped[str | None] = mapped_column(String(10))  # partial ISO
    municipality_id: Mapped[str] = mapped_column(String(80), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    household: Mapped[list["HouseholdMember"]] = relationship(
        back_populates="client", cascade="all, delete-orphan",
        foreign_keys="HouseholdMember.client_id", order_by="HouseholdMember.id")
    consents: Mapped[list["Consent"]] = relationship(
        back_populates="client", cascade="all, delete-orphan", order_by="Consent.id")

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_names}" if self.given_names else self.family_name


class HouseholdMember(Base):
    __tablename__ = "household_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(40))
    family_name: Mapped[str] = mapped_column(String(200), default="")
    given_names: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[str | None] = mapped_column(String(10))
    sex: Mapped[str] = mapped_column(String(1), default="x")
    member_client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"))  # when the member is a client too

    client: Mapped[Client] = relationship(back_populates="household", foreign_keys=[client_id])

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.family_name) if p)


class Consent(Base):
    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(40))
    institution: Mapped[str] = mapped_column(String(200), default="")
    given_on: Mapped[date] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    client: Mapped[Client] = relationship(back_populates="consents")

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None


class ConsentException(Base):
    """Acting without the consent a rule asks for (e.g. danger to a child): recorded with
    the reason, never silent (issue #12, point 3)."""

    __tablename__ = "consent_exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"),
                                           index=True)
    scope: Mapped[str] = mapped_column(String(40))
    institution: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(40))  # what it allowed, e.g. "referral"
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), default="")


class Appointment(Base):
    __tablename__ = "appointments"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    duration_min: Mapped[int] = mapped_column(Integer, default=30)
    place: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
