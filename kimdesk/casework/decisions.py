"""Steering-group decisions as the laptop received them (``feedback`` publications, stored
by the sync's pull), for the panel on Heute: newest first, unread marked as new."""

from dataclasses import dataclass
from datetime import datetime

from kimdesk.store.case_store import CaseStore
from kimdesk.store.reader import as_datetime

#: newest first, unread before read (plain SQL: the panel is on Heute, the first screen,
#: read before SQLAlchemy is loaded)
_RECENT = """
SELECT uid, title, body, published_at, received_at, read_at IS NULL FROM office_messages
WHERE kind = 'feedback'
ORDER BY read_at IS NOT NULL, published_at DESC, id DESC LIMIT ?"""


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
        with self.store.read() as db:
            rows = db.rows(_RECENT, (limit,))
        return [DecisionNote(uid, title, body, as_datetime(published),
                             as_datetime(received) or datetime.min, bool(new))
                for uid, title, body, published, received, new in rows]

    def unread(self) -> int:
        return sum(1 for d in self.recent(500) if d.new)

    def mark_read(self, uids: list[str] | None = None) -> None:
        """Mark the given (or all) decisions as read."""
        from sqlalchemy import update

        from kimdesk.store.models.base import utcnow
        from kimdesk.store.models.sync import OfficeMessage

        with self.store.session() as s:
            q = update(OfficeMessage).where(OfficeMessage.read_at.is_(None),
                                            OfficeMessage.kind == "feedback")
            if uids is not None:
                q = q.where(OfficeMessage.uid.in_(uids))
            s.execute(q.values(read_at=utcnow()))
            s.commit()
