"""Declarative base and shared column types."""

import secrets
from datetime import UTC, datetime

from sqlalchemy import BigInteger, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_record_key() -> int:
    """A random 32-bit record key (cell key method; see docs/disclosure-control.md)."""
    return secrets.randbits(32)


def record_key_column() -> Mapped[int]:
    """``record_key``: every record the figures count gets one when it is created; it
    never leaves the store.  Bulk inserts may pass their own (demo data: seeded)."""
    return mapped_column(BigInteger, default=new_record_key, nullable=False)
