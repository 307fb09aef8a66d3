"""Bulk loading of prepared rows (demo data, benchmarks): one transaction, chunked inserts.

Callers hand over plain dicts per table name with explicit ids, so related rows can point at
each other before anything is written; the search index is filled alongside the clients, and
the Verlauf gets the entries the services would have written (same actions, same hash
chain), dated as the rows are.
"""

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, insert, select

from kimdesk.casework.clients import bulk_insert_clients
from kimdesk.store import audit_chain
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import (
    Appointment,
    Assessment,
    Case,
    CaseEvent,
    Client,
    Consent,
    Contact,
    ContactLifeArea,
    GapReport,
    Goal,
    HouseholdMember,
    PlanStep,
    Referral,
    Reminder,
)
from kimdesk.store.models.base import Base, utcnow

#: Table names in insert order (parents before children).
TABLES: dict[str, type[Base]] = {
    "clients": Client, "members": HouseholdMember, "consents": Consent, "cases": Case,
    "events": CaseEvent, "contacts": Contact, "contact_areas": ContactLifeArea,
    "assessments": Assessment, "goals": Goal, "steps": PlanStep, "referrals": Referral,
    "reminders": Reminder, "gaps": GapReport, "appointments": Appointment,
}
_CHUNK = 5000
#: the Verlauf entry a service writes for a new row of a table: (action, entity)
_AUDITED = {
    "clients": ("created", "client"), "members": ("created", "household_member"),
    "consents": ("created", "consent"), "contacts": ("created", "contact"),
    "assessments": ("updated", "assessment"), "goals": ("created", "goal"),
    "steps": ("created", "plan_step"), "referrals": ("created", "referral"),
    "reminders": ("created", "reminder"), "gaps": ("created", "gap_report"),
    "appointments": ("created", "appointment"),
}
#: a row's own date, first found (else its case's opening, else its client's first date)
_DATED = ("on", "given_on", "opened_on", "referred_on", "reported_on", "assessed_on", "date")


def next_ids(store: CaseStore) -> dict[str, int]:
    """The first free id per table (tables without an id column start at 1)."""
    out: dict[str, int] = {}
    with store.session() as s:
        for table, model in TABLES.items():
            column = getattr(model, "id", None)
            out[table] = (s.scalar(select(func.max(column))) or 0) + 1 if column is not None \
                else 1
    return out


def clients_present(store: CaseStore, uids: list[str]) -> int:
    """How many of these client uids the store already holds (a repeated demo seed)."""
    found = 0
    with store.session() as s:
        for start in range(0, len(uids), 500):
            found += s.scalar(select(func.count()).where(
                Client.uid.in_(uids[start:start + 500]))) or 0
    return found


def _when(row: dict[str, Any]) -> datetime | None:
    for key in _DATED:
        value = row.get(key)
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime.combine(value, time(9))
    return None


def audit_entries(rows: dict[str, list[dict[str, Any]]], actor: str = "") -> list[dict]:
    """The Verlauf of bulk rows as the services write it, oldest first: a new row is
    ``created`` (an assessment ``updated``), a case event is the case's ``opened``,
    ``phase_changed`` or ``closed`` with its ``from→to``."""
    case_client = {c["id"]: c["client_id"] for c in rows.get("cases", [])}
    case_opened = {c["id"]: _when(c) for c in rows.get("cases", [])}
    goal_case = {g["id"]: g["case_id"] for g in rows.get("goals", [])}
    entries: list[dict] = []
    for table, (action, entity) in _AUDITED.items():
        for row in rows.get(table, []):
            case_id = row.get("case_id") or goal_case.get(row.get("goal_id"))
            client_id = row["id"] if table == "clients" else \
                row.get("client_id") or case_client.get(case_id)
            summary = row.get("scope", "") if table == "consents" else \
                row.get("life_area", "") if table == "assessments" else ""
            entries.append({"at": _when(row) or case_opened.get(case_id), "action": action,
                            "entity": entity, "entity_id": row["id"], "client_id": client_id,
                            "summary": summary, "actor": actor})
    for event in rows.get("events", []):
        entries.append({"at": _when(event), "action": event["kind"], "entity": "case",
                        "entity_id": event["case_id"],
                        "client_id": case_client.get(event["case_id"]), "actor": actor,
                        "summary": f"{event['from_value']}→{event['to_value']}"
                        if event.get("to_value") else ""})
    first: dict[int, datetime] = {}
    for entry in entries:
        if entry["at"] is not None and entry["client_id"] is not None:
            first[entry["client_id"]] = min(first.get(entry["client_id"], entry["at"]),
                                            entry["at"])
    now = utcnow()
    for entry in entries:  # never later than now (a row may be dated ahead)
        entry["at"] = min(entry["at"] or first.get(entry["client_id"], now), now)
    entries.sort(key=lambda e: (e["at"], e["entity"] != "client"))
    return entries


def insert_rows(store: CaseStore, rows: dict[str, list[dict[str, Any]]],
                actor: str = "") -> dict[str, int]:
    """Insert all rows in one transaction, with their Verlauf; returns how many per table."""
    entries = audit_entries(rows, actor)
    with store.session() as s, s.begin():
        for table, model in TABLES.items():
            batch = rows.get(table, [])
            if not batch:
                continue
            if model is Client:
                bulk_insert_clients(s, batch)
            else:
                for start in range(0, len(batch), _CHUNK):
                    s.execute(insert(model), batch[start:start + _CHUNK])
        audit_chain.append_many(s, entries)
    return {table: len(rows.get(table, [])) for table in TABLES}
