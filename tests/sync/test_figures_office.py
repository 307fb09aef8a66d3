"""District figures at the real office (SQLite and PostgreSQL): three enrolled stores sync
their releases over HTTP, the office composes them per district and team, reports
completeness, replaces a re-sent release idempotently, and serves it all as JSON."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from fastapi import Header, HTTPException

from kimdesk.demo.generator import DemoGenerator
from kimdesk.office import figures
from kimdesk.office.app import OfficeSettings
from kimdesk.privacy.payload import build_payload
from kimdesk.store.sync_rows import identity
from kimdesk.sync.client import Credentials, OfficeClient
from kimdesk.sync.protocol.figure_tables import TOTAL
from kimdesk.sync.protocol.ids import uuid7
from kimdesk.sync.rounds import Synchronizer
from tests.sync.conftest import ThreadedOffice, enroll_store, make_store

TODAY = date(2026, 10, 15)
GRAND = (TOTAL, TOTAL, TOTAL)


def reader(x_test_reader: str | None = Header(default=None)) -> None:
    """Stands in for the workspace's session check."""
    if x_test_reader != "koordination":
        raise HTTPException(401, "Bitte anmelden.")


@pytest.fixture
def figures_office(office_url):
    server = ThreadedOffice(office_url, OfficeSettings(figures_reader=reader)).start()
    yield server
    server.stop()


def _stores(tmp_path, office, n: int = 3):
    stores = []
    for i in range(n):
        store = make_store(tmp_path / f"cm{i}")
        store.set_settings({"team_id": "kleve-nord"})
        DemoGenerator(store, seed=40 + i, today=TODAY).generate(55)
        enroll_store(store, office.engine, office.url, f"Laptop {i}")
        stores.append(store)
    return stores


def test_three_enrolled_stores_make_the_district_figures(figures_office, tmp_path):
    office = figures_office
    stores = _stores(tmp_path, office)
    for store in stores:
        result = Synchronizer(store, today=lambda: TODAY).run_round()
        assert result.ok, result.error
        assert "2026-Q3" in result.queued_periods and "2025" in result.queued_periods
    sent = [build_payload(s, "2026-Q3", today=date(2026, 9, 30)) for s in stores]

    comp = figures.compose(office.engine, "2026-Q3", "case_flow")
    # the office sums exactly what the devices published …
    published = [next(c[-1] for c in p["tables"][0]["cells"] if tuple(c[:-1]) == GRAND)
                 for p in sent]
    assert comp.value(GRAND) == sum(published)
    # … which is close to the truth: each device's total is off by at most D = 3
    from kimdesk.privacy.aggregates import AggregateRecords, build_tables
    from kimdesk.privacy.payload import parse_period
    from kimdesk.store.aggregate_queries import aggregate_records

    q3 = parse_period("2026-Q3")
    truth = sum(build_tables(AggregateRecords(**aggregate_records(
        s, q3.start, q3.end, date(2026, 9, 30))), q3)[0].counts[GRAND] for s in stores)
    assert abs(comp.value(GRAND) - truth) <= 3 * 3
    grand = next(c for c in comp.rows if c.key == GRAND)
    assert grand.devices == 3 and grand.bound == 9
    assert comp.completeness.sentence == "3 von 3 Geräten haben 3. Quartal 2026 gemeldet."
    assert comp.note == figures.PERTURBATION_NOTE

    # by team: Nord has three devices and is shown; the other teams are withheld, not zero
    teams = figures.compose(office.engine, "2026-Q3", "case_flow", by="team")
    shown = {g.id: g.shown for g in teams.groups}
    assert shown["kleve-nord"] and not shown["kleve-sued"]
    assert teams.value(GRAND, "kleve-nord") == comp.value(GRAND)
    assert teams.value(GRAND, "kleve-sued") is None
    by_muni = figures.compose(office.engine, "2026-Q3", "case_flow", by="municipality")
    assert by_muni.value(("kleve-kleve", TOTAL, TOTAL)) == comp.value(
        ("kleve-kleve", TOTAL, TOTAL))
    with pytest.raises(figures.FigureError, match="Personalrat"):
        figures.compose(office.engine, "2026-Q3", "case_flow", by="device")
    with pytest.raises(figures.FigureError, match="nicht nach Kommunen"):
        figures.compose(office.engine, "2026-Q3", "gaps", by="municipality")

    labels = [p.label for p in figures.periods(office.engine)]
    assert labels == ["2026-Q3", "2026-Q2", "2026-Q1", "2025", "2025-Q4"]

    # a fourth laptop enrolls but has not reported yet
    late = make_store(tmp_path / "cm-late")
    enroll_store(late, office.engine, office.url, "Laptop spät")
    assert figures.completeness(office.engine, "2026-Q3").sentence == \
        "3 von 4 Geräten haben 3. Quartal 2026 gemeldet."

    # a re-sent release replaces the earlier one; sending the same item again changes nothing
    DemoGenerator(stores[0], seed=99, today=TODAY).generate(20)
    again = build_payload(stores[0], "2026-Q3", today=TODAY)
    with stores[0].session() as s:
        ident = identity(s)
        creds = Credentials(ident.device_id, ident.private_key)
    item = {"id": uuid7(), "kind": "aggregates", "payload": again}
    with OfficeClient(office.url, creds) as client:
        assert client.push([item])[item["id"]][0] == "stored"
        assert client.push([item])[item["id"]][0] == "duplicate"
    new_total = next(c[-1] for c in again["tables"][0]["cells"] if tuple(c[:-1]) == GRAND)
    after = figures.compose(office.engine, "2026-Q3", "case_flow")
    assert after.value(GRAND) == new_total + published[1] + published[2]
    assert after.completeness.reported == 3

    # the JSON API: only with the reader's consent, German errors, same numbers
    base = f"{office.url}/api/figures/v1"
    assert httpx.get(f"{base}/catalogue").status_code == 401
    h = {"X-Test-Reader": "koordination"}
    cat = httpx.get(f"{base}/catalogue", headers=h).json()
    life = next(t for t in cat["tables"] if t["id"] == "life_areas")
    assert life["dimensions"][0] == {"id": "life_area", "label": "Lebensbereich",
                                     "multi_response": True}
    body = httpx.get(f"{base}/periods/2026-Q3/tables/case_flow", headers=h).json()
    grand_cell = next(c for c in body["cells"]
                      if c["key"] == {"municipality": "*", "case_type": "*", "exit": "*"})
    assert grand_cell["value"] == after.value(GRAND)
    assert body["completeness"]["reported"] == 3 and body["note"] == figures.PERTURBATION_NOTE
    teams_json = httpx.get(f"{base}/periods/2026-Q3/tables/access?by=team", headers=h).json()
    assert {c["value"] for c in teams_json["cells"] if c["group"] == "kleve-ost"} == {None}
    for url, status in ((f"{base}/periods/2026-Q7/tables/case_flow", 422),
                        (f"{base}/periods/2024-Q1/tables/case_flow", 404),
                        (f"{base}/periods/2026-Q3/tables/names", 404),
                        (f"{base}/periods/2026-Q3/tables/case_flow?by=device", 422)):
        answer = httpx.get(url, headers=h)
        assert answer.status_code == status, url
        assert answer.json()["detail"] and "Traceback" not in answer.text
    periods_json = httpx.get(f"{base}/periods", headers=h).json()
    assert periods_json["periods"][0]["completeness"]["sentence"].startswith("3 von 4")
    for store in [*stores, late]:
        store.close()


def test_a_release_without_team_counts_for_the_team_the_office_gave_the_device(tmp_path):
    """Stores set up before teams existed send ``team_id: null``; the administration's team
    for the device (Geräte page) places them, and releases in the old format only count
    as outdated."""
    from sqlalchemy.orm import Session

    from kimdesk.office import db as office_db
    from kimdesk.office.ingest import ingest
    from kimdesk.office.models import Device
    from kimdesk.sync.protocol.aggregates import SCHEMA_V1
    from tests.sync.conftest import aggregates

    engine = office_db.open_database(f"sqlite:///{tmp_path}/office.db")
    with Session(engine) as s, s.begin():
        for n in range(4):
            s.add(Device(id=f"d{n}", name=f"Laptop {n}", public_key=b"k" * 32,
                         team="kleve-ost" if n < 3 else None))
    for n in range(3):
        payload = dict(aggregates(value=5 + n), team_id=None)
        assert ingest(engine, f"d{n}", [{"id": uuid7(), "kind": "aggregates",
                                         "payload": payload}])[0]["status"] == "stored"
    teams = figures.compose(engine, "2026-Q3", "case_flow", by="team")
    assert [g.id for g in teams.groups if g.shown] == ["kleve-ost"]
    assert teams.value(GRAND, "kleve-ost") == figures.compose(
        engine, "2026-Q3", "case_flow").value(GRAND)
    # an old release received before the office was upgraded: stored history, not composed
    from kimdesk.office.models import ReceivedItem
    with Session(engine) as s, s.begin():
        s.add(ReceivedItem(id=uuid7(), device_id="d3", kind="aggregates",
                           dedupe_key="aggregates:2026-Q3", created_ms=1, current=True,
                           payload={"schema": SCHEMA_V1, "period": "2026-Q3", "tables": []}))
    done = figures.completeness(engine, "2026-Q3")
    assert (done.reported, done.expected, done.outdated) == (3, 4, 1)
    assert done.sentence == ("3 von 4 Geräten haben 3. Quartal 2026 gemeldet; 1 sendet noch "
                             "das alte Format (KIMdesk aktualisieren).")
    engine.dispose()
