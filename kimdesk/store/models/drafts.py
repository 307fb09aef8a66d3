"""Autosaved drafts: what was typed survives a lock, a crash or a closed window."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from kimdesk.store.models.base import Base, utcnow


class Draft(Base):
    __tablename__ = "drafts"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # e.g. "contact:case:42"
    payload: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
