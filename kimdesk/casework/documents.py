"""Printed documents: every printout handed to a client is recorded in the case file.

A printout gets its stamp (document id, version, date) *before* it is rendered, because
the footer shows them; it is recorded once it was really printed or saved. The version
counts per client, case, household member and kind of document.
"""

import secrets
from datetime import datetime

from sqlalchemy import func, select

from kimdesk.casework import audit
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.printing.read_models import KINDS, DocumentStamp
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Client, PrintedDocument

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


def new_document_id(kind: str, when: datetime) -> str:
    prefix = KINDS[kind][0]
    suffix = "".join(secrets.choice(_ALPHABET) for _ in range(6))
    return f"{prefix}-{when:%Y%m%d}-{suffix}"


class DocumentService:
    def __init__(self, store: CaseStore, actor: str = "") -> None:
        self.store = store
        self.actor = actor

    def stamp(self, client_id: int, kind: str, language: str = "de",
              case_id: int | None = None, member_id: int | None = None,
              now: datetime | None = None) -> DocumentStamp:
        """The next version's stamp; nothing is written yet (see :meth:`record`)."""
        if kind not in KINDS:
            raise DomainError(f"Unbekannte Art von Ausdruck: {kind}.")
        when = (now or datetime.now()).replace(microsecond=0)
        with self.store.session() as s:
            if s.get(Client, client_id) is None:
                raise NotFoundError("Diese Person ist nicht (mehr) im Datenbestand.")
            version = self._last_version(s, client_id, kind, case_id, member_id) + 1
        return DocumentStamp(new_document_id(kind, when), kind, version, when, client_id,
                             case_id, member_id, language)

    @staticmethod
    def _last_version(s, client_id: int, kind: str, case_id: int | None,
                      member_id: int | None) -> int:
        stmt = select(func.max(PrintedDocument.version)).where(
            PrintedDocument.client_id == client_id, PrintedDocument.kind == kind)
        stmt = stmt.where(PrintedDocument.case_id.is_(None) if case_id is None
                          else PrintedDocument.case_id == case_id)
        stmt = stmt.where(PrintedDocument.member_id.is_(None) if member_id is None
                          else PrintedDocument.member_id == member_id)
        return s.scalar(stmt) or 0

    def record(self, stamp: DocumentStamp) -> int:
        """Note in the case file that this printout was handed out (printed or saved)."""
        with self.store.session() as s, s.begin():
            if s.get(Client, stamp.client_id) is None:
                raise NotFoundError("Diese Person ist nicht (mehr) im Datenbestand.")
            exists = s.scalar(select(PrintedDocument.id).where(
                PrintedDocument.document_id == stamp.document_id))
            if exists is not None:
                return exists  # printed twice from the same preview: one record
            row = PrintedDocument(document_id=stamp.document_id, client_id=stamp.client_id,
                                  case_id=stamp.case_id, member_id=stamp.member_id,
                                  kind=stamp.kind, version=stamp.version,
                                  language=stamp.language, printed_at=stamp.printed_at)
            s.add(row)
            s.flush()
            audit.record(s, "printed", "printed_document", row.id, stamp.client_id,
                         summary=f"{stamp.kind} v{stamp.version} {stamp.language}",
                         actor=self.actor)
            return row.id

    def history(self, client_id: int, kind: str | None = None) -> list[PrintedDocument]:
        """Printouts of a client, newest first."""
        with self.store.session() as s:
            stmt = select(PrintedDocument).where(PrintedDocument.client_id == client_id)
            if kind:
                stmt = stmt.where(PrintedDocument.kind == kind)
            return list(s.scalars(stmt.order_by(PrintedDocument.printed_at.desc(),
                                                PrintedDocument.id.desc())))
