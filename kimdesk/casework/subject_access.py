"""Art. 15 DSGVO complete: every stored row of a client, found through the schema.

The readable export (:mod:`kimdesk.casework.data_export`) writes a German section for each
kind of record it knows; this module adds what it must not forget — drafts, case
reconstructions, consent exceptions, retention holds — and a generic section for any table
that holds the client's rows but has no readable section yet (a table added by a later
migration), so nothing stored is left out. :func:`complete_records` is the same data as
JSON (``kimdesk export-data``).
"""

import base64
import json
from datetime import date, datetime
from typing import Any

from kimdesk import catalogues
from kimdesk.core.dates import german
from kimdesk.printing.read_models import ExportSection
from kimdesk.store import erasure
from kimdesk.store.case_store import CaseStore

#: tables with a readable section in the Art. 15 export, and the section's name
READABLE = {
    "clients": "Angaben zur Person", "household_members": "Haushalt",
    "consents": "Einwilligungen", "cases": "Fall", "case_events": "Fall: Verlauf",
    "contacts": "Fall: Kontakte", "contact_life_areas": "Fall: Kontakte (Themen)",
    "assessments": "Fall: Assessment", "goals": "Fall: Ziele und Schritte",
    "plan_steps": "Fall: Ziele und Schritte", "referrals": "Fall: Vermittlungen",
    "appointments": "Termine", "reminders": "Erinnerungen",
    "printed_documents": "Ausgehändigte Ausdrucke",
    "consent_exceptions": "Handeln ohne Einwilligung (begründete Ausnahmen)",
    "retention_holds": "Aufbewahrung über die Frist hinaus",
    "reconstructions": "Fallrekonstruktionen",
    "reconstruction_reviews": "Fallrekonstruktionen (Prüfungen)",
    "attachments": "Dokumente (Scans und Fotos)",
}
#: the places without a foreign key, in the words of the export
SPECIAL = {
    "drafts": "Entwürfe (begonnene, noch nicht gespeicherte Eingaben)",
    "audit_log": "Verlauf (wer hat wann was geändert)",
    "client_search": "Suchbegriffe (aus den Namen abgeleitet, zum Wiederfinden)",
    "outbox": "Zum Senden an das Kreisbüro vorgemerkt (anonymisiert)",
}
RECONSTRUCTION_STATES = {"draft": "Entwurf", "in_review": "in Prüfung",
                         "reviewed": "geprüft", "queued": "zum Senden vorgemerkt"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):  # an attachment's file
        return base64.b64encode(value).decode("ascii")
    return value


def complete_records(store: CaseStore, client_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row of the client, per table, every column — plus drafts, Verlauf entries,
    search terms and queued items."""
    with store.session() as s:
        rows = erasure.rows_of_client(s, client_id)
        out: dict[str, list[dict[str, Any]]] = {}
        for table, ids in rows.tables.items():
            out[table] = [{k: _plain(v) for k, v in r.items()}
                          for r in erasure.table_rows(s, table, ids)]
        out["drafts"] = [{k: _plain(v) for k, v in r.items()} for r in erasure.special_rows(
            s, "drafts", "key", rows.drafts)]
        out["outbox"] = [{k: _plain(v) for k, v in r.items()} for r in erasure.special_rows(
            s, "outbox", "id", rows.outbox)]
        out["audit_log"] = [{k: _plain(v) for k, v in r.items()}
                            for r in erasure.audit_rows(s, client_id)]
        out["client_search"] = [{"term": t} for t in erasure.search_terms(s, client_id)]
    return out


def to_json(records: dict[str, list[dict[str, Any]]]) -> bytes:
    return json.dumps({"schema": "kimdesk.subject_access/1", "tables": records},
                      ensure_ascii=False, indent=2, default=str).encode("utf-8")


def extra_sections(store: CaseStore, client_id: int) -> list[ExportSection]:
    """The sections the classic export lacked, and one per table without a readable one."""
    records = complete_records(store, client_id)
    sections = [
        ExportSection(SPECIAL["drafts"], table_header=("Formular", "Eingaben", "zuletzt"),
                      table=tuple((_draft_form(d["key"]), _fields(d["payload"]),
                                   _when(d.get("updated_at"))) for d in records["drafts"])),
        ExportSection(READABLE["reconstructions"],
                      table_header=("Titel", "Stand", "Zielsetzung und Verlauf", "angelegt"),
                      table=tuple((r.get("title") or "", RECONSTRUCTION_STATES.get(
                          r.get("state", ""), r.get("state", "")),
                          " ".join(p for p in (r.get("goal") or "", r.get("narrative") or "")
                                   if p), _when(r.get("created_at")))
                                  for r in records.get("reconstructions", [])),
                      note="Fallrekonstruktionen sind anonymisiert; an das Kreisbüro geht nur "
                           "die geprüfte Fassung ohne Namen."),
        ExportSection(READABLE["consent_exceptions"],
                      table_header=("am", "Art der Einwilligung", "Stelle", "Begründung"),
                      table=tuple((_when(r.get("recorded_at")),
                                   _label("consent_scopes", r.get("scope", "")),
                                   r.get("institution") or "", r.get("reason") or "")
                                  for r in records.get("consent_exceptions", []))),
        ExportSection(READABLE["attachments"],
                      table_header=("Titel", "Art", "Datei", "Größe", "hinzugefügt"),
                      table=tuple((r.get("title") or "", str(r.get("kind") or "").upper(),
                                   r.get("filename") or "", f"{int(r.get('size') or 0):,} Byte"
                                   .replace(",", "."), _when(r.get("added_at")))
                                  for r in records.get("attachments", [])),
                      note="Die Dateien selbst erhalten Sie auf Wunsch als Kopie; in der "
                           "JSON-Auskunft (kimdesk export-data) sind sie enthalten."),
        ExportSection(READABLE["retention_holds"],
                      table_header=("aufbewahren bis", "Grund", "festgehalten am"),
                      table=tuple((_when(r.get("keep_until")), r.get("reason") or "",
                                   _when(r.get("recorded_at")))
                                  for r in records.get("retention_holds", []))),
        ExportSection(SPECIAL["client_search"], rows=(
            ("Suchbegriffe", " ".join(str(r["term"]) for r in records["client_search"])),),
            note="Aus den Namen berechnet, damit verschiedene Schreibweisen gefunden werden."),
    ]
    for table, rows in records.items():
        if table in READABLE or table in SPECIAL or not rows:
            continue
        columns = tuple(rows[0])
        sections.append(ExportSection(
            f"Weitere gespeicherte Angaben ({table})", table_header=columns,
            table=tuple(tuple("" if r[c] is None else str(r[c]) for c in columns)
                        for r in rows)))
    sections.append(ExportSection(
        "Umfang dieser Auskunft", table_header=("Bereich", "Einträge"),
        table=tuple((READABLE.get(t) or SPECIAL.get(t) or t, str(len(r)))
                    for t, r in records.items() if r),
        note="Vollständig aus dem Datenbestand ermittelt: jede Tabelle, die Angaben zu Ihnen "
             "enthält."))
    return sections


def _when(value: Any) -> str:
    if not value:
        return ""
    text = str(value)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return text
    return parsed.strftime("%d.%m.%Y %H:%M") if "T" in text or " " in text \
        else german(parsed.date())


def _label(name: str, entry: str) -> str:
    try:
        return catalogues.label(name, entry) if entry else ""
    except KeyError:
        return entry


def _draft_form(key: str) -> str:
    return key.split(":", 1)[0]


def _fields(payload: Any) -> str:
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError:
            return payload
    if isinstance(payload, dict):
        return "; ".join(f"{k}: {v}" for k, v in payload.items() if v not in ("", None, []))
    return str(payload)
