"""The Verlauf: which record changed when, written in the same transaction as the change.

Entries name fields and ids, never the values — the log is for accountability
("Überprüfung der Dokumentationspflichten"), not a second copy of the file.
"""

from sqlalchemy.orm import Session

from kimdesk.store.models import AuditEntry

ACTION_LABELS = {
    "created": "angelegt",
    "updated": "geändert",
    "deleted": "gelöscht",
    "opened": "eröffnet",
    "closed": "abgeschlossen",
    "reopened": "wieder aufgenommen",
    "type_changed": "Fallart geändert",
    "phase_changed": "Phase geändert",
    "withdrawn": "widerrufen",
    "imported": "importiert",
    "printed": "gedruckt",
    "corrected": "korrigiert",
    "merged": "zusammengeführt",
    "cancelled": "abgesagt",
    "moved": "verlegt",
}


def record(session: Session, action: str, entity: str, entity_id: int | None,
           client_id: int | None, summary: str = "", actor: str = "", reason: str = "") -> None:
    session.add(AuditEntry(action=action, entity=entity, entity_id=entity_id,
                           client_id=client_id, summary=summary, actor=actor, reason=reason))
