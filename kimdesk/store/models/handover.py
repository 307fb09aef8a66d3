"""Handover of case files between two stores (issue 12, point 6): the receiving store's
one-time keys and the record of every package sent or taken over."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kimdesk.store.models.base import Base, utcnow


class HandoverKey(Base):
    """A one-time X25519 key pair whose public half is the handover code the receiving
    store shows. The private half is emptied once a package for it was taken over."""

    __tablename__ = "handover_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    public_key: Mapped[str] = mapped_column(String(64))
    private_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


class Handover(Base):
    """One package: ``out`` at the sender (its clients stay until ``confirmed_at``), ``in``
    at the receiver (the receipt code it showed, so a second import shows it again)."""

    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[str] = mapped_column(String(32), index=True)
    direction: Mapped[str] = mapped_column(String(3))
    client_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    clients: Mapped[int] = mapped_column(Integer, default=0)
    receipt: Mapped[str] = mapped_column(String(64))  # out: its SHA-256; in: the code
    audit_seq: Mapped[int] = mapped_column(Integer, default=0)  # out: the Verlauf at export
    peer_store: Mapped[str] = mapped_column(String(36), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
