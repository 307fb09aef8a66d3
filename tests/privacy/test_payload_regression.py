"""The payload of a demo store stays byte for byte what it was.

Reading and table building are tuned for speed (a year of 50,000 cases in ≤ 2 s).  Tuning
must never change what leaves the laptop, so the exact JSON text of ``build_payload`` for
the demo stores of three districts, for quarters and years (finished and running), is
pinned here by its SHA-256 (demo stores have seeded record keys, so their perturbed values
are fixed too).  The digests were taken when the cell key method (``kimdesk.aggregates/2``)
replaced cell suppression.

If a digest changes on purpose (new catalogue category, changed demo generator, new
perturbation table), say why in the commit and take the new digests from ``_payload_text``.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import func, select, text

from kimdesk.core.periods import Period
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
    ("kleve", "2026-Q3"): "98ecadaadd7be2fabd92bd59cf257b5bccb7d2758dfbf5d5e5fd88322384f186",
    ("kleve", "2026"): "d63264a0ef5f3f23dbf595e54ec551f7730f227154856b249763e41e95f196c2",
    ("kleve", "2026-Q4"): "90e0765fb6a33164249473a04fdb47380634e7f4b806f1414fc9a1ac206de243",
    ("minden-luebbecke", "2026-Q3"):
        "ab15777677032148916b40b64dd5c7496db7de19ccab8dd69c8a7be9327ae8f4",
    ("minden-luebbecke", "2026"):
        "663675d87280c205e3630704a01d36c489d415de6037ea18e456aafed3585512",
    ("hoexter", "2026-Q3"): "b94f2aeff9a7f5452ae754aeacdbe8cd1613d42474a853b931ace01f1fea22f0",
    ("hoexter", "2026"): "fa120d571748f3c3be8587100c4067ada005c7bb42af73c95de6b3c26c362741",
    ("hoexter", "2025"): "36177381bac506f9756ac48b0ecd80fd70c1ca6721e4f990387d42edcd80fd45",
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
    plain_forms = (select(Contact.form, func.count(Contact.id), func.sum(Contact.record_key))
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
    assert "COVERING INDEX ix_contacts_form_date_key" in plan


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
    """A store whose (form, date, key) index is missing still gives its figures, only
    slower."""
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
        conn.exec_driver_sql("DROP INDEX ix_contacts_form_date_key")
    assert aggregate_queries.contact_forms(store, *period) == with_index
    assert sum(n for _, n, _ in with_index) > 0
    store.close()
