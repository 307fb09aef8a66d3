"""Real releases from demo stores of three districts: published values are exact, the audit
passes, the independent integer attack over all tables jointly narrows no suppressed cell
below the protection rule, and the payload holds nothing outside the documented schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from kimdesk.privacy.aggregates import (
    CATALOGUE,
    DIMENSION_LABELS,
    AggregateRecords,
    Period,
    build_tables,
    category_labels,
)
from kimdesk.privacy.count_tables import TOTAL
from kimdesk.privacy.payload import (
    CELL_FIELDS,
    SCHEMA,
    TABLE_FIELDS,
    TOP_LEVEL_FIELDS,
    payload_from_release,
    release_from_records,
    validate_payload,
)
from kimdesk.store.aggregate_queries import aggregate_records
from kimdesk.store.models import Client
from tests.privacy.conftest import DISTRICTS, TODAY
from tests.test_suppression import check_release

DOC = Path(__file__).resolve().parents[2] / "docs" / "aggregates-schema.md"


def _records(store, period: str) -> AggregateRecords:
    p = Period.parse(period)
    return AggregateRecords(**aggregate_records(store, p.start, p.end, TODAY))


@pytest.mark.parametrize(("district", "period"), [
    ("kleve", "2026-Q3"), ("minden-luebbecke", "2026-Q2"), ("hoexter", "2026-Q3"),
    ("hoexter", "2026"),
])
def test_release_withstands_the_integer_attack(demo_stores, district, period) -> None:
    recs = _records(demo_stores(district), period)
    tables, _ = build_tables(recs, Period.parse(period))
    release = release_from_records(recs, period, k=3)
    assert release.ok
    assert sum(t.suppressed_share for t in release.release.tables) > 0  # small areas do hide
    # exact published values, audit ok, ILP attack over all tables and links jointly
    check_release(tables, release.release, k=3)


def _allowed_strings(district: str) -> set[str]:
    allowed = {SCHEMA, TOTAL, district, *TOP_LEVEL_FIELDS, *TABLE_FIELDS, *CELL_FIELDS}
    for spec in CATALOGUE:
        allowed |= {spec.id, spec.title, *spec.dimensions}
    for dim in DIMENSION_LABELS:
        allowed |= set(category_labels(dim, district))
        allowed.add(dim)
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
    assert validate_payload(json.loads(json.dumps(payload))) == payload
    assert set(payload) == set(TOP_LEVEL_FIELDS)
    assert (payload["schema"], payload["period"], payload["district_id"], payload["k"],
            payload["generated_at"]) == (SCHEMA, "2026-Q3", district, 3, "2026-10-15")
    for table in payload["tables"]:
        assert set(table) == set(TABLE_FIELDS)
        hidden = sum(c["value"] is None for c in table["cells"])
        assert table["suppressed_share"] == pytest.approx(hidden / len(table["cells"]),
                                                          abs=1e-4)
        for cell in table["cells"]:
            assert set(cell) == set(CELL_FIELDS)
            assert set(cell["key"]) == set(table["dimensions"])
            assert cell["value"] is None or isinstance(cell["value"], int)
    # every string is a schema word, a catalogue id, the period, district or date: no
    # names, free text, record ids or dates of birth can hide in the payload
    extra = {payload["period"], payload["generated_at"]}
    stray = set(_strings(payload, [])) - _allowed_strings(district) - extra
    assert stray == set()
    text = json.dumps(payload, ensure_ascii=False)
    with store.session() as s:
        names = {n for row in s.execute(select(Client.family_name, Client.given_names))
                 for n in row if n and len(n) > 3}
    assert names and not any(re.search(rf"\b{re.escape(n)}\b", text) for n in names)
    assert "Mustermann" not in text  # the case manager is never named
    assert not re.search(r"\b(19|20)\d\d-\d\d-\d\d\b", text.replace('"2026-10-15"', ""))


def test_every_table_and_dimension_is_documented() -> None:
    doc = DOC.read_text("utf-8")
    assert SCHEMA in doc
    for spec in CATALOGUE:
        assert f"`{spec.id}`" in doc, spec.id
        for dim in spec.dimensions:
            assert f"`{dim}`" in doc, dim
    for field in (*TOP_LEVEL_FIELDS, *TABLE_FIELDS, *CELL_FIELDS):
        assert f"`{field}`" in doc, field
