"""Read-only queries for the anonymised aggregates (issue #5): plain rows, no ORM objects.

All SQL the aggregate tables need lives here; ``kimdesk.privacy.aggregates`` turns the rows
into count tables and never touches the database.  Rows carry only what the tables use:
no names, addresses, notes or free text are read.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Select, distinct, func, or_, select

from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import (
    Case,
    CaseEvent,
    Client,
    Contact,
    ContactLifeArea,
    GapReport,
    Referral,
)

HISTORY_KINDS = ("type_changed", "closed", "reopened")
#: Page cache while reading (KiB, negative = size): a year of contacts is read at random
#: through the date index, and every page that falls out of the small default cache has to
#: be decrypted again.
READ_CACHE_KIB = 131_072


@contextmanager
def reading(store: CaseStore) -> Iterator[Any]:
    """One connection with a large page cache for a batch of reads; the cache is reset."""
    with store.engine.connect() as conn:
        previous = int(conn.exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
        conn.exec_driver_sql(f"PRAGMA cache_size=-{READ_CACHE_KIB}")
        try:
            yield conn
        finally:
            conn.exec_driver_sql(f"PRAGMA cache_size={previous}")


def _rows(store: CaseStore | Any, query: Select) -> list[tuple]:
    """Run on a store (own connection) or on a connection from :func:`reading`."""
    if isinstance(store, CaseStore):
        with reading(store) as conn:
            return [tuple(row) for row in conn.execute(query)]
    return [tuple(row) for row in store.execute(query)]


def _candidate_cases(start: date, end: date) -> Select:
    """Cases that may have been open on a day of [start, end]: opened by the end and not
    last closed before the start (a case closed earlier and re-opened later has its
    ``closed_on`` cleared or moved, so this filter is exact enough to pre-select)."""
    return (select(Case.id)
            .where(Case.opened_on <= end)
            .where(or_(Case.closed_on.is_(None), Case.closed_on >= start)))


def case_rows(store: Any, start: date, end: date) -> list[tuple]:
    """Cases with the client attributes the tables generalise (order: ``CASE_FIELDS``)."""
    query = (
        select(Case.id, Case.case_type, Case.access_path, Case.referred_by_type,
               Case.opened_on, Case.closed_on, Case.close_reason, Client.municipality_id,
               Client.sex, Client.birth_date, Client.residence_status)
        .join(Client, Client.id == Case.client_id)
        .where(Case.id.in_(_candidate_cases(start, end)))
        .order_by(Case.id)
    )
    return _rows(store, query)


def case_history(store: Any, start: date, end: date) -> list[tuple]:
    """``(case_id, on, kind, from_value, to_value)`` of type changes, closings, re-openings."""
    query = (
        select(CaseEvent.case_id, CaseEvent.on, CaseEvent.kind, CaseEvent.from_value,
               CaseEvent.to_value)
        .where(CaseEvent.kind.in_(HISTORY_KINDS))
        .where(CaseEvent.case_id.in_(_candidate_cases(start, end)))
        .order_by(CaseEvent.case_id, CaseEvent.id)
    )
    return _rows(store, query)


def case_life_areas(store: Any, start: date, end: date) -> list[tuple[int, str]]:
    """Distinct ``(case_id, life_area)`` of contacts in [start, end]."""
    query = (
        select(Contact.case_id, ContactLifeArea.life_area)
        .join(ContactLifeArea, ContactLifeArea.contact_id == Contact.id)
        .where(Contact.date.between(start, end))
        .distinct()
    )
    return _rows(store, query)


def contact_forms(store: Any, start: date, end: date) -> list[tuple[str, int]]:
    query = (select(Contact.form, func.count(Contact.id))
             .where(Contact.date.between(start, end)).group_by(Contact.form))
    return _rows(store, query)


def referral_counts(store: Any, start: date, end: date) -> list[tuple[str, str, int]]:
    query = (select(Referral.institution_type, Referral.outcome, func.count(Referral.id))
             .where(Referral.referred_on.between(start, end))
             .group_by(Referral.institution_type, Referral.outcome))
    return _rows(store, query)


def gap_counts(store: Any, start: date, end: date) -> list[tuple[str, str, int]]:
    query = (select(GapReport.category, GapReport.legal_system, func.count(GapReport.id))
             .where(GapReport.reported_on.between(start, end))
             .group_by(GapReport.category, GapReport.legal_system))
    return _rows(store, query)


def aggregate_records(store: CaseStore, start: date, end: date, as_of: date) -> dict[str, Any]:
    """Everything ``kimdesk.privacy.aggregates.AggregateRecords`` needs, as keyword args."""
    district_id = store.district_id
    with reading(store) as conn:
        return {
            "district_id": district_id,
            "cases": case_rows(conn, start, end),
            "events": case_history(conn, start, end),
            "case_life_areas": case_life_areas(conn, start, end),
            "contact_forms": contact_forms(conn, start, end),
            "referrals": referral_counts(conn, start, end),
            "gaps": gap_counts(conn, start, end),
            "as_of": as_of,
        }


def plain_grouping(store: CaseStore, start: date, end: date) -> dict[str, list[tuple]]:
    """The naive way: one GROUP BY per table on the case rows, no history, no protection.

    Only a benchmark baseline — its figures must never leave the laptop.
    """
    cases = _candidate_cases(start, end)
    queries = {
        "case_flow": select(Client.municipality_id, Case.case_type, Case.opened_on >= start,
                            Case.closed_on <= end, func.count(Case.id))
        .join(Client, Client.id == Case.client_id).where(Case.id.in_(cases))
        .group_by(Client.municipality_id, Case.case_type, Case.opened_on >= start,
                  Case.closed_on <= end),
        "closing_reasons": select(Case.close_reason, func.count(Case.id))
        .where(Case.closed_on.between(start, end)).group_by(Case.close_reason),
        "life_areas": select(ContactLifeArea.life_area, Case.case_type,
                             func.count(distinct(Case.id)))
        .join(Contact, Contact.id == ContactLifeArea.contact_id)
        .join(Case, Case.id == Contact.case_id).where(Contact.date.between(start, end))
        .group_by(ContactLifeArea.life_area, Case.case_type),
        "residence_status": select(Client.residence_status, Case.case_type, func.count(Case.id))
        .join(Client, Client.id == Case.client_id).where(Case.id.in_(cases))
        .group_by(Client.residence_status, Case.case_type),
        "age_sex": select(func.substr(Client.birth_date, 1, 4), Client.sex, func.count(Case.id))
        .join(Client, Client.id == Case.client_id).where(Case.id.in_(cases))
        .group_by(func.substr(Client.birth_date, 1, 4), Client.sex),
        "access": select(Case.access_path, Case.referred_by_type, func.count(Case.id))
        .where(Case.id.in_(cases)).group_by(Case.access_path, Case.referred_by_type),
    }
    with reading(store) as conn:
        out = {name: _rows(conn, q) for name, q in queries.items()}
        out["contacts_by_form"] = contact_forms(conn, start, end)
        out["referrals"] = referral_counts(conn, start, end)
        out["gaps"] = gap_counts(conn, start, end)
    return out
