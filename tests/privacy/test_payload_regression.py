"""The payload of a demo store stays byte for byte what it was.

Reading and table building are tuned for speed (issue #5 benchmark: a year of 50,000 cases
in ≤ 2 s).  Tuning must never change what leaves the laptop, so the exact JSON text of
``build_payload`` for the demo stores of three districts, for quarters and years (finished
and running), is pinned here by its SHA-256.  The digests were taken from the implementation
before the tuning (straight per-case replay on the full case rows).

If a digest changes on purpose (new catalogue category, changed demo generator), say why in
the commit and take the new digests from ``_payload_text``.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import func, select, text

from kimdesk.privacy.aggregates import Period
from kimdesk.privacy.payload import build_payload
from kimdesk.store.aggregate_queries import (
    _CONTACT_FORMS,
    case_history,
    case_life_areas,
    case_rows,
    contact_forms,
    reading,
)
from kimdesk.store.models import Contact, ContactLifeArea
from tests.privacy.conftest import TODAY

#: (district, period) → SHA-256 of ``json.dumps(payload, ensure_ascii=False)``.
GOLDEN = {
    ("kleve", "2026-Q3"): "f976cb97657350793fcb45db9539e42ff32e9632a940b1d9e89889dff86355e4",
    ("kleve", "2026"): "af875f452adf28a74d084008c089fd420250fdbc052506e5a69bc85c8bf5383c",
    ("kleve", "2026-Q4"): "d912a5113a1d2b107aa3779af7753352658aba38576594b6a36780dc0abda09f",
    ("minden-luebbecke", "2026-Q3"):
        "549b020f296ab6ac39732d60944a199003d8a660dbe8790fc07f098497f4a90e",
    ("minden-luebbecke", "2026"):
        "a62e2ce22beea387ff4ad6e27c517c24a63daacbc4e5512839b8df73bf8cf377",
    ("hoexter", "2026-Q3"): "ed1ad15288a9c376c3184a22dd7a9921740407bd84c18b4a13ea26099194916f",
    ("hoexter", "2026"): "bd05138ed7fa3c42310463f7dbaad303d8a4b9f0f74aed6cdc0b2780362b4820",
    ("hoexter", "2025"): "230ec46ef09880fd58526edda77184d6d431add750dc7f245a6fd214882c2975",
}


def _payload_text(store, period: str) -> str:
    return json.dumps(build_payload(store, period, today=TODAY), ensure_ascii=False)


@pytest.mark.parametrize(("district", "period"), list(GOLDEN))
def test_payload_is_byte_identical_to_the_pinned_release(demo_stores, district, period) -> None:
    text = _payload_text(demo_stores(district), period)
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == GOLDEN[(district, period)]


@pytest.mark.parametrize("period", ["2026-Q3", "2026", "2025-Q4"])
def test_hand_planned_queries_return_what_the_plain_queries_return(demo_stores, period) -> None:
    """Life areas and contact forms are read with a fixed plan (``CROSS JOIN``, ``NOT
    INDEXED``, ``INDEXED BY``); the rows are those of the straightforward queries."""
    p = Period.parse(period)
    store = demo_stores("minden-luebbecke")
    plain_areas = (select(Contact.case_id, ContactLifeArea.life_area)
                   .join(ContactLifeArea, ContactLifeArea.contact_id == Contact.id)
                   .where(Contact.date.between(p.start, p.end)).distinct())
    plain_forms = (select(Contact.form, func.count(Contact.id))
                   .where(Contact.date.between(p.start, p.end)).group_by(Contact.form))
    with reading(store) as conn:
        areas = case_life_areas(conn, p.start, p.end)
        forms = contact_forms(conn, p.start, p.end)
        assert sorted(areas) == sorted(tuple(r) for r in conn.execute(plain_areas))
        assert sorted(forms) == sorted(tuple(r) for r in conn.execute(plain_forms))
        plan = " ".join(str(row) for row in conn.execute(
            text("EXPLAIN QUERY PLAN " + str(_CONTACT_FORMS)),
            {"start": p.start.isoformat(), "end": p.end.isoformat()}))
    assert areas and forms
    assert "COVERING INDEX ix_contacts_form_date" in plan


def test_history_of_the_read_cases_is_the_history_of_the_period(demo_stores) -> None:
    p = Period.parse("2026")
    store = demo_stores("hoexter")
    with reading(store) as conn:
        ids = {row[0] for row in case_rows(conn, p.start, p.end)}
        by_subselect = case_history(conn, p.start, p.end)
        by_ids = case_history(conn, p.start, p.end, ids)
    assert by_subselect and sorted(by_ids) == sorted(by_subselect)
    # recording order within each case is kept
    assert [e for e in by_ids if e[0] == by_ids[0][0]] == [
        e for e in by_subselect if e[0] == by_ids[0][0]]


def test_contact_forms_still_count_without_the_index(tmp_path):
    """A store whose (form, date) index is missing still gives its figures, only slower."""
    from datetime import date

    from kimdesk.demo.generator import DemoGenerator
    from kimdesk.store import aggregate_queries
    from kimdesk.store.case_store import CaseStore
    from kimdesk.store.key_slots import KdfParams

    store, _ = CaseStore.create(tmp_path / "s", "passphrase-123", "kleve", kdf=KdfParams.fast())
    DemoGenerator(store, seed=2, today=date(2026, 10, 15)).generate(40)
    period = (date(2025, 1, 1), date(2026, 12, 31))
    with_index = aggregate_queries.contact_forms(store, *period)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_contacts_form_date")
    assert aggregate_queries.contact_forms(store, *period) == with_index
    assert sum(n for _, n in with_index) > 0
    store.close()
