"""The payload ``kimdesk.aggregates/2`` and its one model: what the laptop builds passes, the
office refuses exactly what the laptop would not send (same model), the old format /1 gets a
German refusal, and ``kimdesk aggregates --json`` prints exactly the payload."""

from __future__ import annotations

import argparse
import copy
import json
from datetime import date

import pytest

from kimdesk.commands import aggregates as command
from kimdesk.commands.common import PASSPHRASE_ENV
from kimdesk.core.errors import DomainError
from kimdesk.office.ingest import ingest
from kimdesk.privacy.payload import (
    PERTURBATION_NOTE,
    SCHEMA,
    build_payload,
    payload_from_release,
    release_from_records,
    sync_builder,
)
from kimdesk.sync.protocol import aggregates as wire
from kimdesk.sync.protocol.payloads import PayloadRejected, validate_payload
from tests.privacy.conftest import PASSPHRASE, TODAY, case, records


def small_payload() -> dict:
    rows = [case(i, "2026-07-01", case_type="short_intervention" if i % 3 else
                 "case_management", sex="m" if i % 2 else "f") for i in range(1, 12)]
    rows.append(case(20, "2026-07-03", municipality="kleve-goch", status="duldung"))
    areas = [(i, "language") for i in range(1, 8)] + [(20, "work")]
    release = release_from_records(records(rows, areas=areas), "2026-Q3", team_id="kleve-mitte")
    return payload_from_release(release)


def _cell(payload: dict, table: str, *key: str) -> int:
    t = next(t for t in payload["tables"] if t["id"] == table)
    return next(c[-1] for c in t["cells"] if tuple(c[:-1]) == key)


def test_small_release_is_valid_and_has_no_small_value() -> None:
    payload = small_payload()
    assert payload["schema"] == SCHEMA == "kimdesk.aggregates/2"
    assert payload["team_id"] == "kleve-mitte"
    assert payload["method"]["ptables"]["standard"] == {"D": 3, "V": 1.0, "js": 2}
    for table in payload["tables"]:
        js = 4 if table["strict"] else 2
        for *key, value in table["cells"]:
            assert isinstance(value, int) and value >= 0
            if table["strict"] and key[0] != "*":
                assert not 1 <= value <= js
            else:
                assert not 1 <= value <= 2
    # Goch's single case: published as 0 or at least 3, never as 1
    assert _cell(payload, "case_flow", "kleve-goch", "*", "*") in (0, 3)
    assert wire.parse(payload).dump() == payload


MUTATIONS = [
    ("top-level extra field", lambda p: p.__setitem__("case_manager", "Erika")),
    ("table extra field", lambda p: p["tables"][0].__setitem__("note", "x")),
    ("cell with an extra entry", lambda p: p["tables"][0]["cells"][0].append("1990-01-01")),
    ("category not in the catalogue", lambda p: p["tables"][0]["cells"][0].__setitem__(
        0, "mohamad-hasan")),
    ("missing field", lambda p: p.pop("district_id")),
    ("other schema", lambda p: p.__setitem__("schema", "kimdesk.aggregates/3")),
    ("bad period", lambda p: p.__setitem__("period", "2026-07")),
    ("timestamp", lambda p: p.__setitem__("generated_at", "2026-10-15T09:12:00")),
    ("unknown team", lambda p: p.__setitem__("team_id", "kleve-west")),
    ("unknown district", lambda p: p.__setitem__("district_id", "nirgendwo")),
    ("small value", lambda p: p["tables"][0]["cells"][-1].__setitem__(-1, 2)),
    ("small strict value", lambda p: next(t for t in p["tables"] if t["strict"])[
        "cells"][0].__setitem__(-1, 4)),
    ("negative value", lambda p: p["tables"][0]["cells"][-1].__setitem__(-1, -3)),
    ("float value", lambda p: p["tables"][0]["cells"][-1].__setitem__(-1, 5.0)),
    ("bool value", lambda p: p["tables"][0]["cells"][-1].__setitem__(-1, True)),
    ("null value", lambda p: p["tables"][0]["cells"][-1].__setitem__(-1, None)),
    ("missing cell", lambda p: p["tables"][0]["cells"].pop()),
    ("duplicate cell", lambda p: p["tables"][0]["cells"].append(
        copy.deepcopy(p["tables"][0]["cells"][0]))),
    ("duplicate table", lambda p: p["tables"].append(copy.deepcopy(p["tables"][0]))),
    ("unknown table", lambda p: p["tables"][0].__setitem__("id", "clients_by_name")),
    ("multi-response not declared", lambda p: next(
        t for t in p["tables"] if t["id"] == "life_areas").__setitem__("multi_response", [])),
    ("other perturbation table", lambda p: p["method"]["ptables"]["standard"].__setitem__(
        "js", 0)),
    ("other method", lambda p: p["method"].__setitem__("name", "suppression")),
    ("categories reordered", lambda p: p["tables"][0]["categories"]["case_type"].reverse()),
    ("not an object", lambda p: p["tables"].__setitem__(0, "table")),
]


@pytest.mark.parametrize(("name", "mutate"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_the_one_model_refuses_anything_the_laptop_would_not_send(name, mutate) -> None:
    payload = small_payload()
    mutate(payload)
    with pytest.raises(wire.AggregatesRejected, match="Kennzahlen abgelehnt") as err:
        wire.parse(payload)
    # the outbox and the office use the very same check, with the same German reason
    with pytest.raises(PayloadRejected) as again:
        validate_payload("aggregates", payload)
    assert str(again.value) == str(err.value)
    assert "Error" not in str(err.value) and "pydantic" not in str(err.value)


def test_the_office_refuses_the_old_format_with_a_german_sentence(tmp_path) -> None:
    from kimdesk.office import db as office_db
    from kimdesk.sync.protocol.ids import uuid7

    old = {"schema": "kimdesk.aggregates/1", "period": "2026-Q3", "tables": [
        {"id": "open_cases_by_type", "title": "Offene Fälle", "dimensions": ["case_type"],
         "cells": [{"key": {"case_type": "*"}, "value": None}]}]}
    with pytest.raises(PayloadRejected) as err:
        validate_payload("aggregates", old)
    assert str(err.value) == wire.V1_REFUSED and "aktualisieren" in str(err.value)
    engine = office_db.open_database(f"sqlite:///{tmp_path}/office.db")
    item = {"id": uuid7(), "kind": "aggregates", "payload": old}
    [result] = ingest(engine, "device-1", [item])
    assert result["status"] == "rejected" and result["reason"] == wire.V1_REFUSED
    good = {"id": uuid7(), "kind": "aggregates", "payload": small_payload()}
    assert ingest(engine, "device-1", [good])[0]["status"] == "stored"
    engine.dispose()


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    args = parser.parse_args(["aggregates", *argv])
    return args.func(args)


def test_cli_prints_exactly_the_payload(demo_stores, monkeypatch, capsys) -> None:
    store = demo_stores("hoexter")
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    assert _cli(["--store", str(store.folder), "--period", "2026-Q3",
                 "--today", TODAY.isoformat(), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == build_payload(store, "2026-Q3", today=TODAY)
    assert printed["schema"] == "kimdesk.aggregates/2"
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)  # a secret is taken from it once
    assert _cli(["--store", str(store.folder), "--period", "2026", "--today",
                 TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert PERTURBATION_NOTE in out and "Summe" in out
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    with pytest.raises(DomainError, match="Zeitraum"):
        _cli(["--store", str(store.folder), "--period", "Q3/2026"])


def test_sync_builder_sends_the_quarter_of_its_day(demo_stores) -> None:
    payload = sync_builder(demo_stores("hoexter"), date(2026, 8, 20))
    assert payload["period"] == "2026-Q3" and payload["generated_at"] == "2026-08-20"
    assert validate_payload("aggregates", payload) == payload
