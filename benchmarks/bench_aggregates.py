"""Issue #5: every table of a year with suppression and audit, beside plain GROUP BY queries.

Target: ≤ 2 s for 50,000 cases (full run).  ``value`` covers reading the records from the
encrypted store, building the catalogue, suppression and audit; ``privacy_s`` is the part
after reading.  The baseline runs one plain GROUP BY per table on the same store in the same
run (no history, no protection).
"""

import time
from datetime import date

from benchmarks.report import scenario
from benchmarks.stores import cleanup, encrypted_store, workdir
from kimdesk.demo.generator import DemoGenerator
from kimdesk.privacy.aggregates import AggregateRecords, Period, build_tables
from kimdesk.privacy.audit import audit
from kimdesk.privacy.suppression import suppress
from kimdesk.store.aggregate_queries import aggregate_records, plain_grouping
from kimdesk.store.stats import entity_counts

TODAY = date(2026, 12, 31)
CASES_PER_CLIENT = 1.08  # the demo generator opens a second case for ~8 % of clients


def _release(store, period: Period) -> dict:
    t0 = time.perf_counter()
    records = AggregateRecords(**aggregate_records(store, period.start, period.end, TODAY))
    t1 = time.perf_counter()
    tables, links = build_tables(records, period)
    t2 = time.perf_counter()
    release = suppress(tables, links)
    t3 = time.perf_counter()
    report = audit(release)
    t4 = time.perf_counter()
    return {"total": t4 - t0, "read_s": round(t1 - t0, 4), "tables_s": round(t2 - t1, 4),
            "suppress_s": round(t3 - t2, 4), "audit_s": round(t4 - t3, 4),
            "privacy_s": round(t4 - t1, 4),  # tables + suppression + audit, without reading
            "ok": report.ok,
            "hidden_cells": len(report.cells),
            "cells": sum(len(t.cells) for t in release.tables),
            "suppressed_share": {t.id: round(t.suppressed_share, 4) for t in release.tables}}


def _best(fn, repeat: int):
    runs = [fn() for _ in range(repeat)]
    return min(runs, key=lambda r: r["total"])


def run(quick: bool) -> dict[str, dict]:
    target_cases = 5_000 if quick else 50_000
    root = workdir()
    results: dict[str, dict] = {}
    try:
        store = encrypted_store(root / "enc")
        DemoGenerator(store, seed=42, today=TODAY).generate(round(target_cases / CASES_PER_CLIENT))
        cases = entity_counts(store)["cases"]
        for name, label, target in (("aggregates_year", "2026", "≤ 2 s for 50,000 cases"),
                                    ("aggregates_quarter", "2026-Q4", "≤ 2 s")):
            period = Period.parse(label)

            def baseline(period=period) -> dict:
                start = time.perf_counter()
                plain_grouping(store, period.start, period.end)
                return {"total": time.perf_counter() - start}

            base = _best(baseline, 3)["total"]
            ours = _best(lambda period=period: _release(store, period), 3)
            total = ours.pop("total")
            extra = {"cases": cases, "period": label, **ours}
            if quick:
                extra["quick_note"] = (f"quick mode: {cases} cases instead of 50,000; the "
                                       "target applies to the full run")
            results[name] = scenario(total, "s", baseline=base, target=target, **extra)
        store.close()
    finally:
        cleanup(root)
    return results
