"""District figures: one case manager's year on the laptop, and the office composing a
district of twelve devices over eight quarters.

* ``figures_store_year``: all tables of a year for one store of 60 cases — read, count with
  cell keys, perturb, shape and validate the payload — target ≤ 0.2 s; baseline: one plain
  GROUP BY per table on the same store in the same run.
* ``figures_office_compose``: the office composes every table of 8 quarters from the
  releases of 12 devices (96 payloads in its SQLite database), cold (nothing parsed yet),
  target ≤ 0.5 s; ``warm_s`` is the same again with the parsed releases kept.  Baseline:
  reading the 96 payloads from the database, in the same run.
"""

from __future__ import annotations

import time
from datetime import date

from benchmarks.report import scenario
from benchmarks.stores import cleanup, encrypted_store, workdir
from kimdesk.core.periods import Period
from kimdesk.demo.generator import DemoGenerator
from kimdesk.office import db as office_db
from kimdesk.office import figures
from kimdesk.office.ingest import ingest
from kimdesk.office.models import ReceivedItem
from kimdesk.privacy.payload import build_payload
from kimdesk.store.aggregate_queries import plain_grouping
from kimdesk.store.stats import entity_counts
from kimdesk.sync.protocol.ids import uuid7

TODAY = date(2026, 12, 31)
QUARTERS = [f"{y}-Q{q}" for y in (2025, 2026) for q in (1, 2, 3, 4)]


def _best(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return min(runs)


def _store_year(root) -> dict:
    store = encrypted_store(root / "cm")
    DemoGenerator(store, seed=7, today=TODAY).generate(56)  # ~60 cases
    cases = entity_counts(store)["cases"]
    year = Period.parse("2026")
    ours = _best(lambda: build_payload(store, "2026", today=TODAY), 5)
    base = _best(lambda: plain_grouping(store, year.start, year.end), 5)
    store.close()
    return scenario(ours, "s", baseline=base, target="≤ 0.2 s", cases=cases)


def _office_compose(root) -> dict:
    engine = office_db.open_database(f"sqlite:///{root}/office.db")
    for n in range(12):
        store = encrypted_store(root / f"device-{n}")
        DemoGenerator(store, seed=100 + n, today=TODAY).generate(55)
        items = [{"id": uuid7(), "kind": "aggregates",
                  "payload": build_payload(store, q, today=TODAY)} for q in QUARTERS]
        store.close()
        ingest(engine, f"device-{n}", items)

    def compose_all() -> None:
        for q in QUARTERS:
            figures.compose_all(engine, q)

    def cold() -> None:
        figures._PARSED.clear()
        compose_all()

    def read_payloads() -> None:
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        with Session(engine) as s:
            list(s.scalars(select(ReceivedItem.payload)))

    ours = _best(cold, 3)
    warm = _best(compose_all, 3)
    base = _best(read_payloads, 3)
    cells = sum(len(c.rows) for c in figures.compose_all(engine, QUARTERS[-1]).values())
    engine.dispose()
    return scenario(ours, "s", baseline=base, target="≤ 0.5 s", devices=12,
                    quarters=len(QUARTERS), warm_s=round(warm, 4), cells_per_quarter=cells)


def run(quick: bool) -> dict[str, dict]:
    root = workdir()
    try:
        return {"figures_store_year": _store_year(root),
                "figures_office_compose": _office_compose(root)}
    finally:
        cleanup(root)
