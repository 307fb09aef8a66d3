"""The local service directory (Versorgungssystem): browse, search, pick when referring."""

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kimdesk.core.errors import DomainError
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Service


def load_entries_into(session: Session, entries: list[dict[str, Any]], source: str) -> int:
    """Insert or update directory entries by uid inside the caller's transaction."""
    existing = {row.uid: row for row in session.scalars(select(Service))}
    for entry in entries:
        contact = entry.get("contact", {})
        values = dict(name=entry["name"], institution_type=entry["type"],
                      municipality_id=entry.get("municipality", ""),
                      life_areas=list(entry.get("life_areas", [])),
                      languages=list(entry.get("languages", [])),
                      phone=contact.get("phone", ""), email=contact.get("email", ""),
                      address=contact.get("address", ""), source=source)
        row = existing.get(entry["id"])
        if row is None:
            session.add(Service(uid=entry["id"], **values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
    return len(entries)


class DirectoryService:
    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def load_entries(self, entries: list[dict[str, Any]], source: str = "catalogue") -> int:
        """Insert or update entries by uid (from the district catalogue or the office)."""
        with self.store.session() as s, s.begin():
            return load_entries_into(s, entries, source)

    def add(self, name: str, institution_type: str, municipality_id: str = "",
            life_areas: list[str] | None = None, languages: list[str] | None = None,
            phone: str = "", email: str = "", address: str = "") -> int:
        if not name.strip():
            raise DomainError("Bitte den Namen der Stelle angeben.")
        with self.store.session() as s, s.begin():
            count = s.scalar(select(func.count(Service.id))) or 0
            row = Service(uid=f"local-{count + 1}-{name.strip()[:40]}", name=name.strip(),
                          institution_type=institution_type, municipality_id=municipality_id,
                          life_areas=life_areas or [], languages=languages or [], phone=phone,
                          email=email, address=address, source="local")
            s.add(row)
            s.flush()
            return row.id

    def search(self, text: str = "", municipality_id: str = "", life_area: str = "",
               institution_type: str = "") -> list[Service]:
        with self.store.session() as s:
            stmt = select(Service).order_by(Service.name)
            if text.strip():
                like = f"%{text.strip()}%"
                stmt = stmt.where(or_(Service.name.ilike(like), Service.address.ilike(like)))
            if municipality_id:
                stmt = stmt.where(Service.municipality_id == municipality_id)
            if institution_type:
                stmt = stmt.where(Service.institution_type == institution_type)
            rows = list(s.scalars(stmt))
        if life_area:
            rows = [r for r in rows if life_area in (r.life_areas or [])]
        return rows

    def references(self) -> list[tuple[int, str, str]]:
        """(id, name, institution type) of every entry, in the order they were added."""
        with self.store.session() as s:
            return [(r.id, r.name, r.institution_type)
                    for r in s.scalars(select(Service).order_by(Service.id))]

    def get(self, service_id: int) -> Service | None:
        with self.store.session() as s:
            return s.get(Service, service_id)
