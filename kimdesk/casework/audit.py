"""The Verlauf: which record changed when, written in the same transaction as the change.

Entries name fields and ids, never the values — the log is for accountability
("Überprüfung der Dokumentationspflichten"), not a second copy of the file. Each entry is a
link of a hash chain (:mod:`kimdesk.store.audit_chain`), so a rewritten log is noticed.
"""

from sqlalchemy.orm import Session

from kimdesk.store import audit_chain

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
    "exported": "exportiert",
    "corrected": "korrigiert",
    "merged": "zusammengeführt",
    "cancelled": "abgesagt",
    "moved": "verlegt",
    "erased": "vollständig gelöscht",
    "redacted": "geschwärzt (Person gelöscht)",
    "kept_longer": "länger aufbewahrt",
    "consent_exception": "ohne Einwilligung (Ausnahme begründet)",
    "handed_over": "übergeben",
    "received": "übernommen",
}


def record(session: Session, action: str, entity: str, entity_id: int | None,
           client_id: int | None, summary: str = "", actor: str = "", reason: str = "") -> None:
    audit_chain.append(session, action, entity, entity_id, client_id, summary, actor, reason)
