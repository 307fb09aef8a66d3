"""Case reconstructions (Fallrekonstruktionen, Kleve 5.5.1) and their PII reviews.

A reconstruction starts from one case and stays linked to it here, in the encrypted file;
what leaves the laptop is only the reviewed, abstracted payload in the outbox.
"""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kimdesk.store.models.base import Base, utcnow

DRAFT = "draft"          # being written; no valid scrub
IN_REVIEW = "in_review"  # scrubbed, findings waiting for decisions
REVIEWED = "reviewed"    # every finding decided; text unchanged since
QUEUED = "queued"        # the payload is in the outbox
RECONSTRUCTION_STATES = (DRAFT, IN_REVIEW, REVIEWED, QUEUED)


class Reconstruction(Base):
    __tablename__ = "reconstructions"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # random; the payload id
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    goal: Mapped[str] = mapped_column(Text, default="")  # Zielsetzung of the analysis
    narrative: Mapped[str] = mapped_column(Text, default="")
    generative_theme: Mapped[str] = mapped_column(Text, default="")
    life_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    timeline: Mapped[list[dict]] = mapped_column(JSON, default=list)
    factors: Mapped[list[dict]] = mapped_column(JSON, default=list)
    dependencies: Mapped[list[dict]] = mapped_column(JSON, default=list)
    chain: Mapped[dict] = mapped_column(JSON, default=dict)  # nodes, hand-offs, positions
    state: Mapped[str] = mapped_column(String(12), default=DRAFT, index=True)
    review: Mapped[dict | None] = mapped_column(JSON)  # findings and decisions, local only
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    outbox_item_id: Mapped[str] = mapped_column(String(36), default="")
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    queued_at: Mapped[datetime | None] = mapped_column(DateTime)

    reviews: Mapped[list["ReconstructionReview"]] = relationship(
        back_populates="reconstruction", cascade="all, delete-orphan",
        order_by="ReconstructionReview.id")


class ReconstructionReview(Base):
    """A completed review: who, when, how many findings of which kind, what was decided."""

    __tablename__ = "reconstruction_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    reconstruction_id: Mapped[int] = mapped_column(
        ForeignKey("reconstructions.id", ondelete="CASCADE"), index=True)
    reviewed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reviewed_by: Mapped[str] = mapped_column(String(200), default="")
    findings_total: Mapped[int] = mapped_column(Integer, default=0)
    findings_by_kind: Mapped[dict] = mapped_column(JSON, default=dict)
    decisions: Mapped[dict] = mapped_column(JSON, default=dict)  # accepted/edited/dismissed
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    outbox_item_id: Mapped[str] = mapped_column(String(36), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    reconstruction: Mapped[Reconstruction] = relationship(back_populates="reviews")
