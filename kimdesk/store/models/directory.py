"""The local service directory (Versorgungssystem) and small system tables."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kimdesk.store.models.base import Base, utcnow


class Service(Base):
    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    institution_type: Mapped[str] = mapped_column(String(40))
    municipality_id: Mapped[str] = mapped_column(String(80), default="")
    life_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="local")


class Setting(Base):
    """Profile settings (district, case manager's name …) as key/JSON value."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)


class AuditEntry(Base):
    """What changed when (Verlauf) — field names and ids, never the values themselves.

    A hash chain (:mod:`kimdesk.store.audit_chain`): ``content_hash`` over the entry's
    canonical fields, ``chain_hash`` over the previous entry's link and this content hash.
    ``redacted_by`` names the erasure that emptied an entry of an erased client.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column()
    client_id: Mapped[int | None] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")  # of a correction
    content_hash: Mapped[str] = mapped_column(String(64), default="")  # migration 0010
    chain_hash: Mapped[str] = mapped_column(String(64), default="")
    redacted_by: Mapped[int | None] = mapped_column(Integer)
