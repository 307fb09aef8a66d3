"""The payload builder and its allow-list: failing releases cannot leave, unknown fields are
rejected, and ``kimdesk aggregates --json`` prints exactly the payload."""

from __future__ import annotations

import argparse
import copy
import json
from datetime import date

import pytest

from kimdesk.commands import aggregates as command
from kimdesk.commands.common import PASSPHRASE_ENV
from kimdesk.core.errors import DomainError
from kimdesk.privacy.aggregates import Period
from kimdesk.privacy.audit import audit
from kimdesk.privacy.count_tables import cells_with_margins
from kimdesk.privacy.payload import (
    AggregateRelease,
    PayloadSchemaError,
    build_payload,
    payload_from_release,
    release_from_records,
    sync_builder,
    validate_payload,
)
from kimdesk.privacy.suppression import PublishedTable, SuppressedRelease
from tests.privacy.conftest import PASSPHRASE, TODAY, case, records


def small_payload() -> dict:
    rows = [case(i, "2026-07-01", case_type="short_intervention" if i % 3 else
                 "case_management", sex="m" if i % 2 else "f") for i in range(1, 12)]
    rows.append(case(20, "2026-07-03", municipality="kleve-goch"))
    areas = [(i, "language") for i in range(1, 8)] + [(20, "work")]
    return payload_from_release(release_from_records(records(rows, areas=areas), "2026-Q3"))


def test_small_release_is_valid_and_hides_small_cells() -> None:
    payload = small_payload()
    flow = next(t for t in payload["tables"] if t["id"] == "case_flow")
    goch = [c for c in flow["cells"] if c["key"]["municipality"] == "kleve-goch"]
    assert all(c["value"] in (None, 0) for c in goch)
    assert any(c["value"] is None for c in goch)
    assert flow["suppressed_share"] > 0


MUTATIONS = [
    ("top-level extra field", lambda p: p.__setitem__("case_manager", "Erika")),
    ("table extra field", lambda p: p["tables"][0].__setitem__("note", "x")),
    ("cell extra field", lambda p: p["tables"][0]["cells"][0].__setitem__("client_id", 7)),
    ("missing field", lambda p: p.pop("district_id")),
    ("wrong schema", lambda p: p.__setitem__("schema", "kimdesk.aggregates/2")),
    ("bad period", lambda p: p.__setitem__("period", "2026-07")),
    ("timestamp", lambda p: p.__setitem__("generated_at", "2026-10-15T09:12:00")),
    ("k below 3", lambda p: p.__setitem__("k", 2)),
    ("extra key dimension",
     lambda p: p["tables"][0]["cells"][0]["key"].__setitem__("birth_date", "1990-01-01")),
    ("small value", lambda p: p["tables"][0]["cells"][-1].__setitem__("value", 2)),
    ("float value", lambda p: p["tables"][0]["cells"][-1].__setitem__("value", 5.0)),
    ("bool value", lambda p: p["tables"][0]["cells"][-1].__setitem__("value", True)),
    ("missing cell", lambda p: p["tables"][0]["cells"].pop()),
    ("duplicate cell", lambda p: p["tables"][0]["cells"].append(
        copy.deepcopy(p["tables"][0]["cells"][0]))),
    ("duplicate table", lambda p: p["tables"].append(copy.deepcopy(p["tables"][0]))),
    ("share off", lambda p: p["tables"][0].__setitem__("suppressed_share", 0.9)),
    ("newline in title", lambda p: p["tables"][0].__setitem__("title", "a\nb")),
    ("not an object", lambda p: p["tables"].__setitem__(0, "table")),
]


@pytest.mark.parametrize(("name", "mutate"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_validator_rejects_anything_outside_the_schema(name, mutate) -> None:
    payload = small_payload()
    validate_payload(payload)
    mutate(payload)
    with pytest.raises(PayloadSchemaError, match="Kennzahlen abgelehnt"):
        validate_payload(payload)


def test_a_release_that_fails_the_audit_cannot_leave() -> None:
    recs = records([case(i, "2026-07-01") for i in range(1, 9)]
                   + [case(9, "2026-07-01", municipality="kleve-goch")])
    good = release_from_records(recs, "2026-Q3")
    # publish the true values of every hidden cell but one: it can be recomputed
    leaky_tables = []
    for t in good.release.tables:
        true = next(x for x in _tables(recs) if x.id == t.id)
        truth = cells_with_margins(true)
        hidden = [key for key, v in t.cells.items() if v is None]
        cells = {key: (None if key in hidden[:1] else truth[key]) for key in t.cells}
        leaky_tables.append(PublishedTable(t.id, t.title, t.dimensions, t.categories, t.k,
                                           cells, {}, t.additive, t.multi_response_dimension,
                                           t.at_least_one_response))
    leaky = SuppressedRelease(tuple(leaky_tables), good.release.links, 3)
    bad = AggregateRelease(good.period, "kleve", 3, TODAY, leaky, audit(leaky))
    assert not bad.ok
    with pytest.raises(DomainError, match="Datenschutzprüfung nicht bestanden"):
        payload_from_release(bad)


def _tables(recs):
    from kimdesk.privacy.aggregates import build_tables
    return build_tables(recs, Period.parse("2026-Q3"))[0]


def test_k_is_never_below_three_and_residence_is_stricter() -> None:
    recs = records([case(i, "2026-07-01") for i in range(1, 9)])
    with pytest.raises(DomainError, match="mindestens 3"):
        release_from_records(recs, "2026-Q3", k=2)
    payload = payload_from_release(release_from_records(recs, "2026-Q3", k=4))
    ks = {t["id"]: t["k"] for t in payload["tables"]}
    assert payload["k"] == 4 and ks["residence_status"] == 5 and ks["case_flow"] == 4


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    args = parser.parse_args(["aggregates", *argv])
    return args.func(args)


def test_cli_prints_exactly_the_payload(demo_stores, monkeypatch, capsys) -> None:
    store = demo_stores("hoexter")
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    assert _cli(["--store", str(store.folder), "--period", "2026-Q3", "--k", "3",
                 "--today", TODAY.isoformat(), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == build_payload(store, "2026-Q3", k=3, today=TODAY)
    assert _cli(["--store", str(store.folder), "--period", "2026", "--today",
                 TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "Datenschutzprüfung bestanden" in out and "gesperrt" in out
    with pytest.raises(DomainError, match="Zeitraum"):
        _cli(["--store", str(store.folder), "--period", "Q3/2026"])


def test_sync_builder_sends_the_current_quarter(demo_stores) -> None:
    payload = sync_builder(demo_stores("hoexter"), date(2026, 8, 20))
    assert payload["period"] == "2026-Q3" and payload["generated_at"] == "2026-08-20"
    validate_payload(payload)
