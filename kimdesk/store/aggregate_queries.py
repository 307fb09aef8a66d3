"""Read-only queries for the anonymised aggregates: plain rows, no ORM objects.

All SQL the aggregate tables need lives here; ``kimdesk.privacy.aggregates`` turns the rows
into count tables and never touches the database.  Rows carry only what the tables use:
no names, addresses, notes or free text are read.  Besides the generalised attributes they
carry the records' keys (cell key method): each case row its case's ``record_key``, each
group of contacts, referrals or gap reports its count and the plain sum of its keys.  The
keys go to the pure maths in ``privacy`` and no further.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    Select,
    String,
    and_,
    bindparam,
    distinct,
    func,
    or_,
    select,
    text,
    type_coerce,
)
from sqlalchemy.exc import OperationalError

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
#: Page cache while reading (KiB, negative = size): every page that falls out of the small
#: default cache has to be decrypted again when it is read a second time.
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


def _iso(column: Any) -> Any:
    """A date column read as its stored ISO text (``YYYY-MM-DD``).

    SQLAlchemy's SQLite ``Date`` parses every value with a regular expression; for tens of
    thousands of rows that costs more than the read itself.  The aggregate builder accepts
    ISO text wherever it accepts a ``date``.
    """
    return type_coerce(column, String).label(column.key)


def _worked_on(start: date, end: date) -> Any:
    """Cases that may have been open on a day of [start, end]: opened by the end and not
    last closed before the start (a case closed earlier and re-opened later has its
    ``closed_on`` cleared or moved, so this filter is exact enough to pre-select)."""
    return and_(Case.opened_on <= end, or_(Case.closed_on.is_(None), Case.closed_on >= start))


def _candidate_cases(start: date, end: date) -> Select:
    return select(Case.id).where(_worked_on(start, end))


def case_rows(store: Any, start: date, end: date) -> list[tuple]:
    """Cases with the client attributes the tables generalise (order: ``CASE_FIELDS``).

    Dates come as ISO text (see :func:`_iso`).  The filter is on ``cases`` itself (one pass
    over the narrow case rows in id order), not an ``IN`` over a sub-select.
    """
    query = (
        select(Case.id, Case.case_type, Case.access_path, Case.referred_by_type,
               _iso(Case.opened_on), _iso(Case.closed_on), Case.close_reason,
               Client.municipality_id, Client.sex, Client.birth_date, Client.residence_status,
               Case.record_key)
        .join(Client, Client.id == Case.client_id)
        .where(_worked_on(start, end))
        .order_by(Case.id)
    )
    return _rows(store, query)


def case_history(store: Any, start: date, end: date,
                 case_ids: Collection[int] | None = None) -> list[tuple]:
    """``(case_id, on, kind, from_value, to_value)`` of type changes, closings, re-openings
    of the cases worked on in [start, end], in recording order; ``on`` as ISO text.

    With ``case_ids`` (the ids of :func:`case_rows`, already read) the history events of
    the store are read in one pass and kept for those cases: much cheaper than looking up
    the events of each case through the index.
    """
    columns = (CaseEvent.case_id, _iso(CaseEvent.on), CaseEvent.kind, CaseEvent.from_value,
               CaseEvent.to_value)
    query = select(*columns).where(CaseEvent.kind.in_(HISTORY_KINDS))
    if case_ids is None:
        query = query.where(CaseEvent.case_id.in_(_candidate_cases(start, end)))
        return _rows(store, query.order_by(CaseEvent.case_id, CaseEvent.id))
    wanted = case_ids if isinstance(case_ids, set | frozenset) else set(case_ids)
    return [row for row in _rows(store, query.order_by(CaseEvent.id)) if row[0] in wanted]


#: The life areas of the contacts of a period, in one pass over ``contact_life_areas`` in
#: contact order: each contact is found by its row id (``NOT INDEXED`` still allows that), so
#: every page of ``contacts`` is decrypted at most once.  Left to itself SQLite goes through
#: the date index, reads every contact row of the period at random and looks up its life
#: areas: three times as long for a year of 50,000 cases, and no faster for a quarter.
#: ``CROSS JOIN`` fixes the loop order.
_LIFE_AREAS = text(
    "SELECT DISTINCT contacts.case_id, contact_life_areas.life_area "
    "FROM contact_life_areas CROSS JOIN contacts NOT INDEXED "
    "ON contacts.id = contact_life_areas.contact_id "
    "WHERE contacts.date BETWEEN :start AND :end"
).bindparams(bindparam("start", type_=Date), bindparam("end", type_=Date))

#: Contacts by form, with the sum of their keys, from the index on ``(form, date,
#: record_key)`` (migration 0015) alone: the index is read once in form order, so no row is
#: decrypted and nothing is sorted.  SQLite would rather take the date index and read every
#: contact row of the period.
_CONTACT_FORMS = text(
    "SELECT form, count(*), sum(record_key) FROM contacts INDEXED BY ix_contacts_form_date_key "
    "WHERE date BETWEEN :start AND :end GROUP BY form"
).bindparams(bindparam("start", type_=Date), bindparam("end", type_=Date))


def _text_rows(store: CaseStore | Any, query: Any, start: date, end: date) -> list[tuple]:
    if isinstance(store, CaseStore):
        with reading(store) as conn:
            return _text_rows(conn, query, start, end)
    return [tuple(row) for row in store.execute(query, {"start": start, "end": end})]


def case_life_areas(store: Any, start: date, end: date) -> list[tuple[int, str]]:
    """Distinct ``(case_id, life_area)`` of contacts in [start, end]."""
    return _text_rows(store, _LIFE_AREAS, start, end)


#: The same count without the index hint, for a store whose index is missing (a damaged or
#: hand-edited file must still give its figures, only slower).
_CONTACT_FORMS_PLAIN = text(
    "SELECT form, count(*), sum(record_key) FROM contacts WHERE date BETWEEN :start AND :end "
    "GROUP BY form"
).bindparams(bindparam("start", type_=Date), bindparam("end", type_=Date))


def contact_forms(store: Any, start: date, end: date) -> list[tuple[str, int, int]]:
    """``(form, count, key_sum)`` of contacts in [start, end]."""
    try:
        return _text_rows(store, _CONTACT_FORMS, start, end)
    except OperationalError as exc:
        if "no such index" not in str(exc.orig):
            raise
        return _text_rows(store, _CONTACT_FORMS_PLAIN, start, end)


def referral_counts(store: Any, start: date, end: date) -> list[tuple[str, str, int, int]]:
    """``(institution_type, outcome, count, key_sum)`` of referrals made in [start, end]."""
    query = (select(Referral.institution_type, Referral.outcome, func.count(Referral.id),
                    func.sum(Referral.record_key))
             .where(Referral.referred_on.between(start, end))
             .group_by(Referral.institution_type, Referral.outcome))
    return _rows(store, query)


def gap_counts(store: Any, start: date, end: date) -> list[tuple[str, str, int, int]]:
    """``(category, legal_system, count, key_sum)`` of gaps reported in [start, end]."""
    query = (select(GapReport.category, GapReport.legal_system, func.count(GapReport.id),
                    func.sum(GapReport.record_key))
             .where(GapReport.reported_on.between(start, end))
             .group_by(GapReport.category, GapReport.legal_system))
    return _rows(store, query)


def aggregate_records(store: CaseStore, start: date, end: date, as_of: date) -> dict[str, Any]:
    """Everything ``kimdesk.privacy.aggregates.AggregateRecords`` needs, as keyword args."""
    district_id = store.district_id
    with reading(store) as conn:
        cases = case_rows(conn, start, end)
        return {
            "district_id": district_id,
            "cases": cases,
            "events": case_history(conn, start, end, {row[0] for row in cases}),
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
