"""Dokumente: scans and photos kept with a person — inside the encrypted store only.

Accepted are PDF, JPEG and PNG (recognised by their first bytes, not by the file name), up
to ``MAX_BYTES``. Exporting writes a plain file (owner-only); exporting and printing are
recorded in the Verlauf; the screens warn before, as for every printout.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from kimdesk.casework import audit
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.store.atomic import write_atomic
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Attachment, Client

MAX_BYTES = 20 * 1024 * 1024
KINDS = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpeg", b"\x89PNG\r\n\x1a\n": "png"}
LABELS = {"pdf": "PDF", "jpeg": "Foto (JPEG)", "png": "Bild (PNG)"}


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    title: str
    kind: str
    filename: str
    size: int
    added_at: datetime


def kind_of(data: bytes) -> str:
    for magic, kind in KINDS.items():
        if data.startswith(magic):
            return kind
    raise DomainError("Diese Datei ist kein PDF, JPEG- oder PNG-Bild. Bitte den Scan als PDF "
                      "oder das Foto als JPEG/PNG speichern und erneut hinzufügen.")


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",") if size >= 1024 * 1024 else \
        f"{max(1, size // 1024)} KB"


class AttachmentService:
    def __init__(self, store: CaseStore, actor: str = "") -> None:
        self.store = store
        self.actor = actor

    def add(self, client_id: int, path: Path | str, title: str = "") -> int:
        source = Path(path)
        try:
            size = source.stat().st_size
            if size > MAX_BYTES:
                raise DomainError(f"Die Datei ist {size_text(size)} groß; erlaubt sind "
                                  f"höchstens {size_text(MAX_BYTES)}. Bitte mit geringerer "
                                  "Auflösung scannen.")
            data = source.read_bytes()
        except OSError:
            raise DomainError(f"Die Datei „{source.name}“ kann nicht gelesen werden.") from None
        return self.add_bytes(client_id, data, title or source.stem, source.name)

    def add_bytes(self, client_id: int, data: bytes, title: str, filename: str = "") -> int:
        if not data:
            raise DomainError("Die Datei ist leer.")
        if len(data) > MAX_BYTES:
            raise DomainError(f"Die Datei ist {size_text(len(data))} groß; erlaubt sind "
                              f"höchstens {size_text(MAX_BYTES)}.")
        kind = kind_of(data)
        with self.store.session() as s, s.begin():
            if s.get(Client, client_id) is None:
                raise NotFoundError("Diese Person ist nicht (mehr) im Datenbestand.")
            row = Attachment(client_id=client_id, title=(title.strip() or filename)[:200],
                             kind=kind, filename=filename[:255], size=len(data), data=data)
            s.add(row)
            s.flush()
            audit.record(s, "created", "attachment", row.id, client_id, summary=kind,
                         actor=self.actor)
            return row.id

    def list(self, client_id: int) -> list[AttachmentInfo]:
        with self.store.session() as s:
            rows = s.execute(select(Attachment.id, Attachment.title, Attachment.kind,
                                    Attachment.filename, Attachment.size, Attachment.added_at)
                             .where(Attachment.client_id == client_id)
                             .order_by(Attachment.added_at.desc(), Attachment.id.desc()))
            return [AttachmentInfo(*row) for row in rows]

    def data(self, attachment_id: int) -> tuple[str, bytes]:
        with self.store.session() as s:
            row = s.get(Attachment, attachment_id)
            if row is None:
                raise NotFoundError("Dieses Dokument gibt es nicht (mehr).")
            return row.kind, bytes(row.data)

    def export(self, attachment_id: int, path: Path | str) -> Path:
        """A plain copy outside the store (after the warning on screen), in the Verlauf."""
        kind, data = self.data(attachment_id)
        target = Path(path)
        write_atomic(target, data)
        self._record(attachment_id, "exported")
        return target

    def record_printed(self, attachment_id: int) -> None:
        """The desk printed the document on paper (after the warning on screen)."""
        self._record(attachment_id, "printed")

    def _record(self, attachment_id: int, action: str) -> None:
        with self.store.session() as s, s.begin():
            row = s.get(Attachment, attachment_id)
            if row is None:
                raise NotFoundError("Dieses Dokument gibt es nicht (mehr).")
            audit.record(s, action, "attachment", row.id, row.client_id, summary=row.kind,
                         actor=self.actor)

    def delete(self, attachment_id: int, reason: str = "") -> None:
        with self.store.session() as s, s.begin():
            row = s.get(Attachment, attachment_id)
            if row is None:
                raise NotFoundError("Dieses Dokument gibt es nicht (mehr).")
            audit.record(s, "deleted", "attachment", row.id, row.client_id, actor=self.actor,
                         reason=reason.strip())
            s.delete(row)
