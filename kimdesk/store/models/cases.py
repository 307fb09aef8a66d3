"""Cases (Fälle), their history, contacts and assessment."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kimdesk.store.models.base import Base, record_key_column
from kimdesk.store.models.clients import Client


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[int] = record_key_column()
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    case_type: Mapped[str] = mapped_column(String(30))
    access_path: Mapped[int] = mapped_column(Integer, default=1)  # Ebene 1 or 2
    referred_by_type: Mapped[str] = mapped_column(String(40), default="")
    referred_by: Mapped[str] = mapped_column(String(200), default="")
    phase: Mapped[str] = mapped_column(String(20), default="intake")
    opened_on: Mapped[date] = mapped_column(Date, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    close_reason: Mapped[str] = mapped_column(String(40), default="")
    case_manager: Mapped[str] = mapped_column(String(200), default="")

    client: Mapped[Client] = relationship()
    events: Mapped[list["CaseEvent"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseEvent.id")
    contacts: Mapped[list["Contact"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Contact.date")

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class CaseEvent(Base):
    """History of a case: opened, type changed, phase changed, closed, re-opened."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    from_value: Mapped[str] = mapped_column(String(40), default="")
    to_value: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="events")


class Contact(Base):
    __tablename__ = "contacts"
    #: contacts by form and period with their key sums from this index alone (migration 0015)
    __table_args__ = (Index("ix_contacts_form_date_key", "form", "date", "record_key"),
                      Index("ix_contacts_case_id_date", "case_id", "date"))  # migration 0014

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[int] = record_key_column()
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date, index=True)
    duration_min: Mapped[int] = mapped_column(Integer, default=30)
    form: Mapped[str] = mapped_column(String(30))
    place: Mapped[str] = mapped_column(String(200), default="")
    interpreter_used: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="contacts")
    life_areas: Mapped[list["ContactLifeArea"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin")


class ContactLifeArea(Base):
    __tablename__ = "contact_life_areas"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    life_area: Mapped[str] = mapped_column(String(40), primary_key=True)


class Assessment(Base):
    """The picture of one life area at one time: resources, problems, the client's view."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("case_id", "life_area", "assessed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    life_area: Mapped[str] = mapped_column(String(40))
    assessed_on: Mapped[date] = mapped_column(Date)
    resources: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    client_view: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[int] = mapped_column(Integer, default=2)  # 1 high, 2 medium, 3 low
