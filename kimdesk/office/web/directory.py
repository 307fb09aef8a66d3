"""The district's service directory (Versorgungssystem) as the coordination edits it,
and its publication to the laptops as numbered versions."""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kimdesk.office import publications
from kimdesk.office.models import Publication, utcnow
from kimdesk.office.web.models import DirectoryEntry, DirectoryVersion
from kimdesk.sync.protocol.payloads import ID
from kimdesk.sync.protocol.publications import validate_publication
from kimdesk.sync.protocol.schema import SchemaError


class DirectoryError(ValueError):
    """``field`` names the form field; ``str()`` is German."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class VersionView:
    version: int
    published_at: datetime
    entries: int
    last_seq: int


def slug(name: str) -> str:
    text = name.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return (text or "stelle")[:60]


def to_wire(e: DirectoryEntry) -> dict:
    entry: dict = {"id": e.id, "name": e.name, "type": e.type}
    if e.municipality:
        entry["municipality"] = e.municipality
    if e.life_areas:
        entry["life_areas"] = list(e.life_areas)
    if e.languages:
        entry["languages"] = list(e.languages)
    contact = {k: v for k, v in (("phone", e.phone), ("email", e.email),
                                 ("address", e.address)) if v}
    if contact:
        entry["contact"] = contact
    return entry


class Directory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def entries(self) -> list[DirectoryEntry]:
        with Session(self.engine) as s:
            return list(s.scalars(select(DirectoryEntry).order_by(DirectoryEntry.name)))

    def get(self, entry_id: str) -> DirectoryEntry | None:
        with Session(self.engine) as s:
            return s.get(DirectoryEntry, entry_id)

    def save(self, entry_id: str | None, name: str, type_: str, municipality: str,
             life_areas: list[str], languages: list[str], phone: str, email: str,
             address: str) -> str:
        name = name.strip()
        if not name:
            raise DirectoryError("name", "Bitte den Namen der Stelle eingeben.")
        if not type_:
            raise DirectoryError("art", "Bitte die Art der Stelle wählen.")
        if email.strip() and "@" not in email:
            raise DirectoryError("email", "Die E-Mail-Adresse braucht ein @.")
        with Session(self.engine) as s, s.begin():
            if entry_id:
                row = s.get(DirectoryEntry, entry_id)
                if row is None:
                    raise DirectoryError("name", "Diesen Eintrag gibt es nicht mehr.")
            else:
                base = slug(name)
                new_id, n = base, 2
                while s.get(DirectoryEntry, new_id) is not None:
                    new_id, n = f"{base}-{n}", n + 1
                row = DirectoryEntry(id=new_id)
                s.add(row)
            row.name, row.type, row.municipality = name, type_, municipality.strip()
            row.life_areas, row.languages = list(life_areas), list(languages)
            row.phone, row.email, row.address = phone.strip(), email.strip(), address.strip()
            row.updated_at = utcnow()
            try:
                validate_publication("service", row.id, to_wire(row))
            except SchemaError as exc:
                field = {"name": "name", "type": "art", "municipality": "kommune"}.get(
                    exc.path.split(".")[1] if "." in exc.path else "", "name")
                raise DirectoryError(field, f"Nicht gespeichert: {exc}") from exc
            if not re.fullmatch(ID, row.id):
                raise DirectoryError("name", "Der Name ergibt keine gültige Kennung.")
            return row.id

    def import_entries(self, entries: list[dict]) -> int:
        """Take over a shipped directory (``catalogues.service_directory``) as a start."""
        with Session(self.engine) as s, s.begin():
            for e in entries:
                contact = e.get("contact") or {}
                s.merge(DirectoryEntry(
                    id=e["id"], name=e["name"], type=e["type"],
                    municipality=e.get("municipality", ""),
                    life_areas=list(e.get("life_areas", [])),
                    languages=list(e.get("languages", [])), phone=contact.get("phone", ""),
                    email=contact.get("email", ""), address=contact.get("address", ""),
                    updated_at=utcnow()))
        return len(entries)

    def publish(self) -> VersionView:
        wire = [to_wire(e) for e in self.entries()]
        if not wire:
            raise DirectoryError("eintraege", "Das Versorgungssystem ist noch leer.")
        publications.publish(self.engine, "service", wire)
        with Session(self.engine) as s, s.begin():
            last = s.scalar(select(func.max(Publication.seq))) or 0
            v = DirectoryVersion(published_at=utcnow(), entries=len(wire), last_seq=last)
            s.add(v)
            s.flush()
            return VersionView(v.version, v.published_at, v.entries, v.last_seq)

    def versions(self) -> list[VersionView]:
        with Session(self.engine) as s:
            return [VersionView(v.version, v.published_at, v.entries, v.last_seq)
                    for v in s.scalars(select(DirectoryVersion)
                                       .order_by(DirectoryVersion.version.desc()))]

    def changed_since_publication(self) -> int:
        with Session(self.engine) as s:
            last = s.scalar(select(func.max(DirectoryVersion.published_at)))
            q = select(func.count()).select_from(DirectoryEntry)
            if last is not None:
                q = q.where(DirectoryEntry.updated_at > last)
            return s.scalar(q) or 0
