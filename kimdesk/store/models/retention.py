"""Löschkonzept: a case file kept beyond its retention period, with the reason and a date."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kimdesk.store.models.base import Base, utcnow


class RetentionHold(Base):
    """"Must be kept longer" (e.g. a running procedure) until ``keep_until``; the newest
    hold of a client counts. Deleted with the client."""

    __tablename__ = "retention_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"),
                                           index=True)
    keep_until: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), default="")
