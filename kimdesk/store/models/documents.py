"""Printed documents: every printed plan is recorded in the case (version, date)."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from kimdesk.store.models.base import Base, utcnow


class PrintedDocument(Base):
    __tablename__ = "printed_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[str] = mapped_column(String(40), unique=True)  # printed in the footer
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"),
                                           index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("household_members.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))  # plan, consent, slip, export
    version: Mapped[int] = mapped_column(Integer, default=1)
    language: Mapped[str] = mapped_column(String(10), default="de")
    printed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Attachment(Base):
    """A scan or photo kept with a person (a Bescheid, a residence title): the bytes live
    inside the encrypted store, never as a file of their own."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"),
                                           index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10))  # pdf, jpeg, png
    filename: Mapped[str] = mapped_column(String(255), default="")
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
