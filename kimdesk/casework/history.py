"""The Verlauf of a client file: which record changed when, read from the audit log."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from kimdesk import catalogues
from kimdesk.casework.audit import ACTION_LABELS
from kimdesk.core.vocabulary import CASE_TYPE_LABELS, PHASE_LABELS, CaseType, Phase
from kimdesk.store import audit_chain
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import AuditEntry

ENTITY_LABELS = {
    "client": "Stammdaten",
    "household_member": "Haushalt",
    "consent": "Einwilligung",
    "case": "Fall",
    "contact": "Kontakt",
    "assessment": "Assessment",
    "goal": "Ziel",
    "plan_step": "Schritt",
    "referral": "Vermittlung",
    "gap_report": "Lücke",
    "document": "Dokument",
    "appointment": "Termin",
    "reminder": "Wiedervorlage",
    "attachment": "Anhang",
}

FIELD_LABELS = {
    "family_name": "Familienname", "given_names": "Vorname(n)", "name_variants": "Schreibweisen",
    "birth_date": "Geburtsdatum", "sex": "Geschlecht", "nationalities": "Staatsangehörigkeit",
    "languages": "Sprachen", "interpreter_needed": "Sprachmittlung",
    "residence_status": "Aufenthaltsstatus", "residence_paragraph": "Rechtsgrundlage",
    "residence_expires_on": "Titel gültig bis", "municipality_id": "Kommune",
    "address": "Adresse", "phone": "Telefon", "email": "E-Mail", "status": "Status",
    "outcome": "Ergebnis",
    "date": "Datum", "form": "Form", "duration_min": "Dauer", "life_areas": "Lebensbereiche",
    "place": "Ort", "interpreter_used": "Sprachmittlung", "note": "Notiz",
    "life_area": "Lebensbereich", "assessed_on": "Datum", "priority": "Priorität",
    "resources": "Ressourcen", "problems": "Problemlagen", "client_view": "Sicht der Person",
    "title": "Ziel", "member_id": "Für", "description": "Beschreibung",
    "responsible": "Wer", "due_on": "Frist", "institution_name": "Stelle",
    "purpose": "Anliegen", "referred_on": "Vermittelt am", "follow_up_on": "Nachfassen am",
    "category": "Art", "reported_on": "Festgestellt am", "legal_system": "Rechtskreis",
    "scope": "Art", "institution": "Stelle", "given_on": "Erteilt am", "relation": "Beziehung",
    "starts_at": "Zeitpunkt", "title_other": "Übersetzung",
    "description_other": "Übersetzung",
}


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    what: str  # "Kontakt angelegt"
    detail: str  # readable summary without personal values
    actor: str
    reason: str = ""  # why an entry was corrected or deleted


def _value_label(value: str) -> str:
    try:
        return CASE_TYPE_LABELS[CaseType(value)]
    except ValueError:
        pass
    try:
        return PHASE_LABELS[Phase(value)]
    except ValueError:
        return value


#: entries whose summary is a catalogue id (a consent's kind, an assessment's life area)
_CATALOGUED = {("created", "consent"): "consent_scopes", ("withdrawn", "consent"):
               "consent_scopes", ("updated", "assessment"): "life_areas"}


def _detail(entry: AuditEntry) -> str:
    summary = entry.summary or ""
    catalogue = _CATALOGUED.get((entry.action, entry.entity))
    if catalogue and summary:
        return catalogues.label(catalogue, summary)
    if "→" in summary:
        old, new = summary.split("→", 1)
        return f"{_value_label(old)} → {_value_label(new)}" if old else _value_label(new)
    if entry.action in ("updated", "corrected") and "," in summary or \
            entry.action == "corrected":
        return ", ".join(FIELD_LABELS.get(f.strip(), f.strip()) for f in summary.split(",")
                         if f.strip())
    if entry.action == "updated" and entry.entity == "client" and summary:
        return ", ".join(FIELD_LABELS.get(f.strip(), f.strip()) for f in summary.split(","))
    return FIELD_LABELS.get(summary, summary)


class HistoryService:
    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def for_client(self, client_id: int, limit: int = 500) -> list[HistoryEntry]:
        """Newest first."""
        with self.store.session() as s:
            ids = audit_chain.client_ids(s, client_id)
            rows = s.scalars(select(AuditEntry).where(AuditEntry.client_id.in_(ids))
                             .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                             .limit(limit)).all()
            return [HistoryEntry(
                at=r.at,
                what=f"{ENTITY_LABELS.get(r.entity, r.entity)} "
                     f"{ACTION_LABELS.get(r.action, r.action)}",
                detail=_detail(r), actor=r.actor, reason=r.reason or "") for r in rows]
