"""Sync with the district office: the outbox, the persisted sync state, the device
identity (its Ed25519 private key lives only here, in the encrypted file) and what the
office published back (steering-group feedback, catalogues)."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kimdesk.store.models.base import Base, utcnow

QUEUED = "queued"
SENDING = "sending"
DELIVERED = "delivered"
REJECTED = "rejected"
OUTBOX_STATES = (QUEUED, SENDING, DELIVERED, REJECTED)


class OutboxItem(Base):
    """One thing that may leave the laptop; written in the transaction that caused it."""

    __tablename__ = "outbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUIDv7, made here
    kind: Mapped[str] = mapped_column(String(30))
    payload: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(12), default=QUEUED, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")  # German, for rejected items
    dedupe_key: Mapped[str] = mapped_column(String(120), default="")
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)


class SyncState(Base):
    """The single row the planner reads: where a round stands and how the last one ended."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    stage: Mapped[str] = mapped_column(String(20), default="idle")
    run_id: Mapped[str] = mapped_column(String(36), default="")
    pull_cursor: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    last_error_kind: Mapped[str] = mapped_column(String(30), default="")
    aggregates_fingerprint: Mapped[str] = mapped_column(String(64), default="")


class SyncIdentity(Base):
    """This device as the office knows it (one row)."""

    __tablename__ = "sync_identity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    device_id: Mapped[str] = mapped_column(String(36))
    device_name: Mapped[str] = mapped_column(String(120), default="")
    office_url: Mapped[str] = mapped_column(String(300))
    private_key: Mapped[bytes] = mapped_column(LargeBinary)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class OfficeMessage(Base):
    """Steering-group feedback and other notes the office publishes to case managers."""

    __tablename__ = "office_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(30), default="feedback")
    title: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)


class OfficeCatalogue(Base):
    """A catalogue published by the office (e.g. institution types), newest version."""

    __tablename__ = "office_catalogues"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[str] = mapped_column(String(40), default="")
    body: Mapped[object] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
