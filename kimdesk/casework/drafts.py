"""Drafts: what was typed into a form, kept in the encrypted store until saved or discarded.

Keys name the form and what it belongs to, e.g. ``contact:case:42`` or ``client:new``.
Payloads are small JSON dicts of field values.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Draft


@dataclass(frozen=True)
class SavedDraft:
    key: str
    payload: dict[str, Any]
    updated_at: datetime


class DraftService:
    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def save(self, key: str, payload: dict[str, Any]) -> None:
        with self.store.session() as s, s.begin():
            row = s.get(Draft, key)
            if row is None:
                s.add(Draft(key=key, payload=dict(payload)))
            else:
                row.payload = dict(payload)
                row.updated_at = datetime.now()

    def load(self, key: str) -> SavedDraft | None:
        with self.store.session() as s:
            row = s.get(Draft, key)
            return None if row is None else SavedDraft(row.key, dict(row.payload),
                                                       row.updated_at)

    def discard(self, key: str) -> None:
        with self.store.session() as s, s.begin():
            s.execute(delete(Draft).where(Draft.key == key))

    def keys(self, prefix: str = "") -> list[str]:
        with self.store.session() as s:
            stmt = select(Draft.key).order_by(Draft.key)
            if prefix:
                stmt = stmt.where(Draft.key.startswith(prefix, autoescape=True))
            return list(s.scalars(stmt))
