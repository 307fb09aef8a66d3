"""Steering-group decisions as the laptop received them (``feedback`` publications, stored
by the sync's pull), for the panel on Heute: newest first, unread marked as new."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from kimdesk.store.case_store import CaseStore
from kimdesk.store.models.base import utcnow
from kimdesk.store.models.sync import OfficeMessage


@dataclass(frozen=True)
class DecisionNote:
    uid: str
    title: str
    body: str
    published_at: datetime | None
    received_at: datetime
    new: bool


class DecisionService:
    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def recent(self, limit: int = 20) -> list[DecisionNote]:
        with self.store.session() as s:
            rows = s.scalars(select(OfficeMessage).where(OfficeMessage.kind == "feedback")
                             .order_by(OfficeMessage.read_at.is_not(None),
                                       OfficeMessage.published_at.desc(),
                                       OfficeMessage.id.desc()).limit(limit))
            return [DecisionNote(m.uid, m.title, m.body, m.published_at, m.received_at,
                                 m.read_at is None) for m in rows]

    def unread(self) -> int:
        return sum(1 for d in self.recent(500) if d.new)

    def mark_read(self, uids: list[str] | None = None) -> None:
        """Mark the given (or all) decisions as read."""
        with self.store.session() as s:
            q = update(OfficeMessage).where(OfficeMessage.read_at.is_(None),
                                            OfficeMessage.kind == "feedback")
            if uids is not None:
                q = q.where(OfficeMessage.uid.in_(uids))
            s.execute(q.values(read_at=utcnow()))
            s.commit()
