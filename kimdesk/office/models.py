"""The office database (SQLite by default, PostgreSQL in production)."""

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class OfficeBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Device(OfficeBase):
    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUIDv7
    name: Mapped[str] = mapped_column(String(120))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: the app version from the device's User-Agent, and the publication cursor it last
    #: reported (what it has applied), for the workspace's Geräte page
    app_version: Mapped[str | None] = mapped_column(String(40))
    pull_cursor: Mapped[int | None] = mapped_column(Integer)
    #: the regional team (planning area id) the device works for, set in the workspace
    team: Mapped[str | None] = mapped_column(String(80))


class EnrollmentCode(OfficeBase):
    """A one-time code; only its hash is kept."""

    __tablename__ = "enrollment_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    device_id: Mapped[str | None] = mapped_column(String(36))


class SeenNonce(OfficeBase):
    """Nonces of accepted requests within the clock-skew window (replay protection)."""

    __tablename__ = "seen_nonces"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class ReceivedItem(OfficeBase):
    """One delivered item, stored once by its client-made id; older snapshots of the same
    device and period stay as history with ``current = False``."""

    __tablename__ = "received_items"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    dedupe_key: Mapped[str] = mapped_column(String(120))
    payload: Mapped[dict] = mapped_column(JSON)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    superseded_by: Mapped[str | None] = mapped_column(String(36))

    __table_args__ = (Index("ix_received_items_device_key", "device_id", "dedupe_key"),)


class Publication(OfficeBase):
    """Reference data for the laptops; ``seq`` orders what a device has not seen yet."""

    __tablename__ = "publications"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    uid: Mapped[str] = mapped_column(String(80))
    body: Mapped[dict] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_publications_kind_uid", "kind", "uid", unique=True),)


class AuditHeadRecord(OfficeBase):
    """A head of a device's Verlauf (``kimdesk.sync.protocol.audit_head``): every accepted
    one (``ok``), and every one that showed a cut-off or rewritten log, as evidence."""

    __tablename__ = "audit_heads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(BigInteger)
    chain_hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12))
    #: for a rewritten log: the first number whose link hash differs from the kept one
    broken_seq: Mapped[int | None] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_audit_heads_device_status_seq", "device_id", "status", "seq"),)
