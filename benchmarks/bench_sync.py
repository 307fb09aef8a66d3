"""Sync: 1,000 queued items delivered over loopback to a real office (SQLite), and the
office's ingest rate. Targets: delivery ≤ 5 s."""

import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.report import scenario

ITEMS = 1000


def _payload(n: int) -> dict[str, Any]:
    return {"schema": "kimdesk.reconstruction/1", "id": f"rek-{n}", "title": f"Fall {n}",
            "life_areas": ["childcare", "language"], "institution_types": ["kita"],
            "narrative": "Eine Mutter zweier Kinder wartet seit Monaten auf einen Kitaplatz. "
                         * 8,
            "hindering_factors": ["kein Kitaplatz"],
            "generative_theme": "Kinderbetreuung ermöglicht Qualifizierung.",
            "review": {"reviewed_at": "2026-09-01T10:00:00", "findings_by_kind": {"name": 1}}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(quick: bool) -> dict[str, dict]:
    import httpx
    import uvicorn

    from kimdesk.office import db as office_db
    from kimdesk.office import devices, ingest
    from kimdesk.office.app import create_app
    from kimdesk.store.case_store import CaseStore
    from kimdesk.store.key_slots import KdfParams
    from kimdesk.sync import outbox
    from kimdesk.sync.enrollment import enroll
    from kimdesk.sync.protocol.ids import uuid7
    from kimdesk.sync.rounds import Synchronizer

    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = office_db.open_database(f"sqlite:///{folder}/office.db")
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(engine), host="127.0.0.1",
                                               port=port, log_level="warning",
                                               access_log=False))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        store, _ = CaseStore.create(folder / "store", "bench-passphrase", "kleve",
                                    kdf=KdfParams.fast())
        try:
            enroll(store, url, devices.new_code(engine, "Bench"))
            with store.session() as s, s.begin():
                for i in range(ITEMS):
                    outbox.enqueue(s, "reconstruction", _payload(i))
            sync = Synchronizer(store, builder=lambda *_: None)
            start = time.perf_counter()
            result = sync.run_round()
            elapsed = time.perf_counter() - start
            if not result.ok or result.delivered != ITEMS:
                raise RuntimeError(f"delivery failed: {result}")
            results["sync_deliver_1000_items"] = scenario(
                elapsed, "s", target="≤ 5 s", items=ITEMS,
                items_per_s=round(ITEMS / elapsed, 1))
        finally:
            store.close()
            server.should_exit = True
            thread.join(10)
            engine.dispose()

        # the office alone: batches of 100 straight into a fresh SQLite database
        engine = office_db.open_database(f"sqlite:///{folder}/ingest.db")
        device = devices.redeem(engine, devices.new_code(engine, "Ingest"), b"\0" * 32)
        batches = [[{"id": uuid7(), "kind": "reconstruction", "payload": _payload(i)}
                    for i in range(b * 100, b * 100 + 100)] for b in range(ITEMS // 100)]
        start = time.perf_counter()
        for batch in batches:
            ingest.ingest(engine, device.id, batch)
        elapsed = time.perf_counter() - start
        engine.dispose()
        results["office_ingest_sqlite"] = scenario(ITEMS / elapsed, "items/s", items=ITEMS,
                                                   batch=100)
    return results
