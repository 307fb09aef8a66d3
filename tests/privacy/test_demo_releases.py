"""Real releases from demo stores of three districts: every published value is within D of
the truth and follows the rules, and the payload holds nothing outside the documented
schema — no names, no record ids, no dates, no keys."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from kimdesk.core.periods import Period
from kimdesk.privacy.aggregates import AggregateRecords, build_tables
from kimdesk.privacy.payload import SCHEMA, payload_from_release, release_from_records
from kimdesk.privacy.ptable import shipped_tables
from kimdesk.store.aggregate_queries import aggregate_records
from kimdesk.store.models import Case, Client
from kimdesk.sync.protocol import aggregates as wire
from kimdesk.sync.protocol.figure_tables import (
    DIMENSION_LABELS,
    TABLES,
    TOTAL,
    category_labels,
)
from tests.privacy.conftest import DISTRICTS, TODAY

DOC = Path(__file__).resolve().parents[2] / "docs" / "aggregates-schema.md"
TOP_LEVEL = ("schema", "period", "district_id", "team_id", "generated_at", "method", "tables")
METHOD = ("name", "version", "key_bits", "ptables")
TABLE = ("id", "dimensions", "multi_response", "strict", "categories", "cells")


def _records(store, period: str) -> AggregateRecords:
    p = Period.parse(period)
    return AggregateRecords(**aggregate_records(store, p.start, p.end, TODAY))


@pytest.mark.parametrize(("district", "period"), [
    ("kleve", "2026-Q3"), ("minden-luebbecke", "2026-Q2"), ("hoexter", "2026-Q3"),
    ("hoexter", "2026"),
])
def test_published_values_stay_within_d_of_the_truth(demo_stores, district, period) -> None:
    recs = _records(demo_stores(district), period)
    truth = {t.id: t for t in build_tables(recs, Period.parse(period))}
    release = release_from_records(recs, period)
    ptables = shipped_tables()
    changed = 0
    for table in release.tables:
        true = truth[table.id]
        for key, value in table.values.items():
            n = true.counts[key]
            params = ptables[table.spec.ptable_of(key)].params
            assert abs(value - n) <= params.D
            assert (value == 0) if n == 0 else not 1 <= value <= params.js
            changed += value != n
    assert changed > 0  # the method does change values
    flow = release.table("case_flow")
    assert flow.values[(TOTAL, TOTAL, TOTAL)] > 0


def _allowed_strings(district: str) -> set[str]:
    allowed = {SCHEMA, TOTAL, district, wire.METHOD, wire.PTABLES_VERSION, *TOP_LEVEL, *METHOD,
               *TABLE, "D", "V", "js", *wire.PTABLES}
    for spec in TABLES:
        allowed |= {spec.id, *spec.dimensions}
    for dim in DIMENSION_LABELS:
        allowed |= set(category_labels(dim, district))
    return allowed


def _strings(value, out: list[str]) -> list[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            out.append(k)
            _strings(v, out)
    elif isinstance(value, list):
        for v in value:
            _strings(v, out)
    elif isinstance(value, str):
        out.append(value)
    return out


@pytest.mark.parametrize("district", DISTRICTS)
def test_payload_holds_only_documented_fields(demo_stores, district) -> None:
    store = demo_stores(district)
    release = release_from_records(_records(store, "2026-Q3"), "2026-Q3", generated_at=TODAY)
    payload = payload_from_release(release)
    assert json.loads(json.dumps(payload)) == payload
    assert set(payload) == set(TOP_LEVEL) and set(payload["method"]) == set(METHOD)
    assert (payload["schema"], payload["period"], payload["district_id"],
            payload["generated_at"]) == (SCHEMA, "2026-Q3", district, "2026-10-15")
    for table in payload["tables"]:
        assert set(table) == set(TABLE)
        for cell in table["cells"]:
            assert len(cell) == len(table["dimensions"]) + 1
            assert isinstance(cell[-1], int) and not isinstance(cell[-1], bool)
    # every string is a schema word, a catalogue id, the period, district or date: no
    # names, free text, record ids or dates of birth can hide in the payload
    extra = {payload["period"], payload["generated_at"]}
    stray = set(_strings(payload, [])) - _allowed_strings(district) - extra
    assert stray == set()
    text = json.dumps(payload, ensure_ascii=False)
    with store.session() as s:
        names = {n for row in s.execute(select(Client.family_name, Client.given_names))
                 for n in row if n and len(n) > 3}
        keys = set(s.scalars(select(Case.record_key)))
    assert names and not any(re.search(rf"\b{re.escape(n)}\b", text) for n in names)
    assert "Mustermann" not in text  # the case manager is never named
    assert not re.search(r"\b(19|20)\d\d-\d\d-\d\d\b", text.replace('"2026-10-15"', ""))
    numbers = {int(n) for n in re.findall(r"\d+", text)}
    assert not numbers & {k for k in keys if k > 10**6}  # no record key leaves


def test_every_table_dimension_and_field_is_documented() -> None:
    doc = DOC.read_text("utf-8")
    assert SCHEMA in doc
    for spec in TABLES:
        assert f"`{spec.id}`" in doc, spec.id
        for dim in spec.dimensions:
            assert f"`{dim}`" in doc, dim
    for field in (*TOP_LEVEL, *METHOD, *TABLE):
        assert f"`{field}`" in doc, field
