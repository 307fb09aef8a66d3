"""Plans (Zielvereinbarung): goals and steps; referrals, reminders and gap reports."""

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kimdesk.store.models.base import Base, record_key_column


class Goal(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("household_members.id", ondelete="SET NULL"))  # None: the client
    life_area: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(Text)
    #: the goal in the client's language (``other_language``), printed beside the German
    title_other: Mapped[str] = mapped_column(Text, default="", server_default="")
    other_language: Mapped[str] = mapped_column(String(10), default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_on: Mapped[date] = mapped_column(Date)

    steps: Mapped[list["PlanStep"]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="PlanStep.id")


class PlanStep(Base):
    __tablename__ = "plan_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    description_other: Mapped[str] = mapped_column(Text, default="", server_default="")
    responsible: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    done_on: Mapped[date | None] = mapped_column(Date)

    goal: Mapped[Goal] = relationship(back_populates="steps")


class Referral(Base):
    """Verweisberatung: who the client was referred to, why, and what came of it."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[int] = record_key_column()
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("services.id", ondelete="SET NULL"))
    institution_name: Mapped[str] = mapped_column(String(200))
    institution_type: Mapped[str] = mapped_column(String(40), default="other")
    life_area: Mapped[str] = mapped_column(String(40), default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    referred_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(30), default="pending")
    follow_up_on: Mapped[date | None] = mapped_column(Date, index=True)


class Reminder(Base):
    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(Text)
    done_on: Mapped[date | None] = mapped_column(Date)
    #: the entry the Wiedervorlage was made from (Heute opens the Akte there): its kind
    #: ("step", "follow_up", "appointment", "expiring", "no_contact") and id; '' when none
    source_kind: Mapped[str] = mapped_column(String(20), default="", server_default="")
    source_id: Mapped[int | None] = mapped_column(default=None)


class GapReport(Base):
    """A gap or barrier met in a case (Versorgungslücke, Schnittstellenproblem)."""

    __tablename__ = "gap_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_key: Mapped[int] = record_key_column()
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    reported_on: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(40))
    institution_type: Mapped[str] = mapped_column(String(40), default="")
    institution_name: Mapped[str] = mapped_column(String(200), default="")
    legal_system: Mapped[str] = mapped_column(String(20), default="")
    life_area: Mapped[str] = mapped_column(String(40), default="")
    description: Mapped[str] = mapped_column(Text, default="")
