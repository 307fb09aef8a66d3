"""Bulk loading of prepared rows (demo data, benchmarks): one transaction, chunked inserts.

Callers hand over plain dicts per table name with explicit ids, so related rows can point at
each other before anything is written; the search index is filled alongside the clients.
"""

from typing import Any

from sqlalchemy import func, insert, select

from kimdesk.casework.clients import bulk_insert_clients
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
from kimdesk.store.models.base import Base

#: Table names in insert order (parents before children).
TABLES: dict[str, type[Base]] = {
    "clients": Client, "members": HouseholdMember, "consents": Consent, "cases": Case,
    "events": CaseEvent, "contacts": Contact, "contact_areas": ContactLifeArea,
    "assessments": Assessment, "goals": Goal, "steps": PlanStep, "referrals": Referral,
    "reminders": Reminder, "gaps": GapReport, "appointments": Appointment,
}
_CHUNK = 5000


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


def insert_rows(store: CaseStore, rows: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Insert all rows in one transaction; returns how many per table."""
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
    return {table: len(rows.get(table, [])) for table in TABLES}
