"""The acceptance measurements of the cell key method on simulated districts.

Twelve stores of 55 demo clients each, spread over the district's four teams, send the
releases of 2026 (four quarters and the year).  The office composes the district figures
from the payloads exactly as it does in production (ingest, then ``compose_all``); they are
compared with the true counts of the stores.  And an attacker who holds every device's
releases tries to recover each true count of 1 or 2 by differencing: the year minus the
other three quarters (flows), and a margin minus the other cells of its row.

The figures are written to ``district-figures.json`` in the test's temporary folder and
printed (``pytest -s``); ``docs/disclosure-control.md`` quotes them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

import pytest
from sqlalchemy import text

from kimdesk import catalogues
from kimdesk.core.periods import Period
from kimdesk.demo.generator import DemoGenerator
from kimdesk.office import db as office_db
from kimdesk.office import figures
from kimdesk.office.ingest import ingest
from kimdesk.privacy.aggregates import AggregateRecords, build_tables
from kimdesk.privacy.payload import payload_from_release, release_from_records
from kimdesk.privacy.ptable import shipped_tables
from kimdesk.store.aggregate_queries import aggregate_records
from kimdesk.store.case_store import CaseStore
from kimdesk.store.key_slots import KdfParams
from kimdesk.sync.protocol.figure_tables import TOTAL
from kimdesk.sync.protocol.ids import uuid7

TODAY = date(2027, 1, 10)
STORES, CLIENTS = 12, 55
QUARTERS = ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")
PERIODS = (*QUARTERS, "2026")
FLOWS = ("contacts_by_form", "referrals", "gaps")
GRAND = (TOTAL, TOTAL, TOTAL)


class Device:
    """One simulated laptop: its team, true tables and releases per period."""

    def __init__(self, store: CaseStore, team: str) -> None:
        self.team = team
        self.true: dict[str, dict] = {}
        self.published: dict[str, dict] = {}
        self.payloads: dict[str, dict] = {}
        self.worked_on: dict[str, int] = {}
        for label in PERIODS:
            p = Period.parse(label)
            recs = AggregateRecords(**aggregate_records(store, p.start, p.end, TODAY))
            self.true[label] = {t.id: t for t in build_tables(recs, p)}
            release = release_from_records(recs, p, team_id=team, generated_at=TODAY)
            self.published[label] = {t.id: t for t in release.tables}
            self.payloads[label] = payload_from_release(release)
            with store.engine.connect() as conn:  # the truth, straight from the store
                self.worked_on[label] = conn.execute(text(
                    "SELECT count(*) FROM cases WHERE opened_on <= :end AND "
                    "(closed_on IS NULL OR closed_on >= :start)"),
                    {"start": p.start.isoformat(), "end": p.end.isoformat()}).scalar()


@pytest.fixture(scope="module")
def districts(tmp_path_factory):
    made: dict[str, list[Device]] = {}

    def get(district_id: str) -> list[Device]:
        if district_id not in made:
            teams = [a.id for a in catalogues.district(district_id).planning_areas]
            devices = []
            for i in range(STORES):
                folder = tmp_path_factory.mktemp(f"{district_id}-{i}") / "store"
                store, _ = CaseStore.create(folder, "passphrase-123", district_id,
                                            kdf=KdfParams.fast())
                team = teams[i % len(teams)]
                store.set_settings({"team_id": team})
                DemoGenerator(store, seed=1000 + i, today=TODAY).generate(CLIENTS)
                devices.append(Device(store, team))
                store.close()
            made[district_id] = devices
        return made[district_id]

    return get


def _measure(devices: list[Device], tmp_path) -> dict:
    engine = office_db.open_database(f"sqlite:///{tmp_path}/office.db")
    for n, device in enumerate(devices):
        items = [{"id": uuid7(), "kind": "aggregates", "payload": device.payloads[p]}
                 for p in PERIODS]
        assert {r["status"] for r in ingest(engine, f"device-{n}", items)} == {"stored"}
    out = {}
    for label in ("2026-Q3", "2026"):
        composed = figures.compose_all(engine, label)
        truth: dict[tuple, int] = defaultdict(int)
        for device in devices:
            for tid, table in device.true[label].items():
                for key, n in table.counts.items():
                    truth[(tid, key)] += n
        errors, nonzero, published = [], [], 0
        for tid, comp in composed.items():
            for cell in comp.rows:
                true = truth[(tid, cell.key)]
                if cell.value is None:
                    continue
                published += 1
                errors.append(abs(cell.value - true))
                if true:
                    nonzero.append(abs(cell.value - true))
        flow = composed["case_flow"]
        true_total = sum(d.worked_on[label] for d in devices)
        assert truth[("case_flow", GRAND)] == true_total  # the counting agrees with SQL
        out[label] = {
            "cells": len(errors), "published_share": published / len(errors),
            "mae": sum(errors) / len(errors), "mae_nonzero": sum(nonzero) / len(nonzero),
            "max_error": max(errors),
            "grand_total_true": true_total, "grand_total_published": flow.value(GRAND),
            "grand_total_error": abs(flow.value(GRAND) - true_total) / true_total,
            "completeness": flow.completeness.sentence,
        }
    engine.dispose()
    return out


def _differencing(devices: list[Device]) -> dict:
    ptables = shipped_tables()
    hits = {"flows": [0, 0], "margins": [0, 0]}
    for device in devices:
        for tid in FLOWS:  # the year minus the other three quarters
            year = device.published["2026"][tid].values
            for q in QUARTERS:
                true = device.true[q][tid]
                for key, n in true.counts.items():
                    if 1 <= n <= ptables[true.spec.ptable_of(key)].params.js:
                        guess = year[key] - sum(device.published[o][tid].values[key]
                                                for o in QUARTERS if o != q)
                        hits["flows"][0] += guess == n
                        hits["flows"][1] += 1
        for label in PERIODS:  # a margin minus the other cells of its row
            for tid, true in device.true[label].items():
                pub = device.published[label][tid].values
                dims = true.spec.dimensions
                for key, n in true.counts.items():
                    if not 1 <= n <= ptables[true.spec.ptable_of(key)].params.js:
                        continue
                    for pos, dim in enumerate(dims):
                        if key[pos] == TOTAL or dim in true.spec.multi_response:
                            continue
                        margin = (*key[:pos], TOTAL, *key[pos + 1:])
                        others = [(*key[:pos], c, *key[pos + 1:])
                                  for c in true.categories[dim] if c != key[pos]]
                        guess = pub[margin] - sum(pub[o] for o in others)
                        hits["margins"][0] += guess == n
                        hits["margins"][1] += 1
    found = sum(h for h, _ in hits.values())
    tried = sum(n for _, n in hits.values())
    return {**{k: {"exact": h, "tried": n, "share": h / n} for k, (h, n) in hits.items()},
            "share": found / tried, "tried": tried}


@pytest.mark.parametrize("district_id", ["kleve", "minden-luebbecke"])
def test_district_figures_are_usable_and_small_counts_stay_hidden(districts, district_id,
                                                                  tmp_path) -> None:
    devices = districts(district_id)
    assert {d.team for d in devices} == {a.id for a in
                                         catalogues.district(district_id).planning_areas}
    report = {"district": district_id, "stores": STORES, "clients_per_store": CLIENTS,
              **_measure(devices, tmp_path), "differencing": _differencing(devices)}
    (tmp_path / "district-figures.json").write_text(json.dumps(report, indent=1))
    print(json.dumps(report, indent=1))
    for label in ("2026-Q3", "2026"):
        figures_of = report[label]
        assert figures_of["published_share"] >= 0.99
        assert figures_of["mae"] <= 2.5
        assert figures_of["grand_total_error"] <= 0.03
        assert figures_of["completeness"] == \
            f"12 von 12 Geräten haben {Period.parse(label).display} gemeldet."
    assert report["differencing"]["tried"] > 500
    assert report["differencing"]["share"] <= 0.25
