"""Exactly-once delivery against the real office on 127.0.0.1, whatever breaks."""

import signal
import subprocess
import threading
import time

import httpx
import pytest
from sqlalchemy import select

from kimdesk.office import db as office_db
from kimdesk.office import devices, ingest
from kimdesk.store import outbox as outbox_rows
from kimdesk.store.models import OfficeMessage, OutboxItem, Service
from kimdesk.sync import outbox
from kimdesk.sync.rounds import Synchronizer
from kimdesk.sync.status import sync_status
from kimdesk.sync.worker import SyncWorker
from tests.conftest import HANG_GUARD_S
from tests.sync.conftest import (
    AGGREGATE_PERIODS,
    CuttingProxy,
    OfficeProcess,
    ThreadedOffice,
    cli_env,
    enroll_store,
    kimdesk_cmd,
    make_store,
    reconstruction,
    run_kimdesk,
)

N = 1000


def queue_items(store, n: int = N) -> list[str]:
    with store.session() as s, s.begin():
        return [outbox.enqueue(s, "reconstruction", reconstruction(i)) for i in range(n)]


def assert_exactly_once(engine, ids: list[str]) -> None:
    from sqlalchemy.orm import Session

    from kimdesk.office.models import ReceivedItem
    with Session(engine) as s:
        stored = list(s.scalars(select(ReceivedItem.id).where(ReceivedItem.kind ==
                                                               "reconstruction")))
    assert len(stored) == len(set(stored)) == len(ids)
    assert set(stored) == set(ids)


def assert_outbox_empty(store) -> None:
    with store.session() as s:
        counts = outbox_rows.counts(s)
    assert counts["queued"] == counts["sending"] == counts["rejected"] == 0


def rounds_until_done(sync: Synchronizer, limit: int = 10) -> int:
    for attempt in range(1, limit + 1):
        if sync.run_round().ok:
            return attempt
    raise AssertionError("sync did not finish")


def test_thousand_items_are_delivered_exactly_once(office, sync_store):
    enroll_store(sync_store, office.engine, office.url)
    ids = queue_items(sync_store)
    result = Synchronizer(sync_store).run_round()  # its speed: benchmarks/bench_sync.py
    assert result.ok and result.pending == 0, result.error
    assert result.delivered == N + AGGREGATE_PERIODS  # plus one per completed period
    assert_exactly_once(office.engine, ids)
    assert_outbox_empty(sync_store)


def test_connection_cut_after_office_committed(office, sync_store):
    enroll_store(sync_store, office.engine, office.url)
    ids = queue_items(sync_store)
    proxy = CuttingProxy(office.port, cuts=3)
    try:
        sync = Synchronizer(sync_store, office_url=proxy.url, batch_size=150)
        first = sync.run_round()
        assert not first.ok and first.error.kind == "unreachable"
        assert ingest.stats(office.engine)["items_total"] >= 1  # committed, answer lost
        assert rounds_until_done(sync) >= 2
    finally:
        proxy.close()
    assert_exactly_once(office.engine, ids)
    assert_outbox_empty(sync_store)


class KillOnBatch(httpx.HTTPTransport):
    """Kills the office process a moment after the n-th delivery request went out."""

    def __init__(self, server: OfficeProcess, batch: int) -> None:
        super().__init__()
        self.server, self.batch, self.seen = server, batch, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/items":
            self.seen += 1
            if self.seen == self.batch:
                threading.Timer(0.005, self.server.kill).start()
        return super().handle_request(request)


def test_office_killed_and_restarted_mid_round(office_url, sync_store):
    server = OfficeProcess(office_url).start()
    engine = office_db.open_database(office_url)
    try:
        enroll_store(sync_store, engine, server.url)
        ids = queue_items(sync_store)
        sync = Synchronizer(sync_store, transport=KillOnBatch(server, 4), batch_size=100)
        result = sync.run_round()
        assert not result.ok and result.error.kind == "unreachable"
        assert 0 < result.pending < N + AGGREGATE_PERIODS
        assert "nicht erreichbar" in sync_status(sync_store).message
        server.start()  # same port, same database
        assert rounds_until_done(Synchronizer(sync_store)) == 1
        assert_exactly_once(engine, ids)
        assert_outbox_empty(sync_store)
    finally:
        server.stop()
        engine.dispose()


def test_client_killed_mid_round_loses_nothing(sqlite_office, tmp_path):
    store = make_store(tmp_path / "store")
    enroll_store(store, sqlite_office.engine, sqlite_office.url)
    ids = queue_items(store)
    store.close()
    proc = subprocess.Popen(kimdesk_cmd("sync", "--store", str(tmp_path / "store"),
                                        "--batch-size", "10"),
                            env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + HANG_GUARD_S
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        seen = ingest.stats(sqlite_office.engine)["items_total"]
        if seen >= 200:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.01)
    proc.wait(HANG_GUARD_S)
    assert proc.returncode == -signal.SIGKILL, "the client finished before it could be killed"
    assert seen < N
    again = run_kimdesk("sync", "--store", str(tmp_path / "store"))
    assert again.returncode == 0, again.stderr
    store = make_store_open(tmp_path / "store")
    try:
        assert_exactly_once(sqlite_office.engine, ids)
        assert_outbox_empty(store)
    finally:
        store.close()


def make_store_open(folder):
    from kimdesk.store.case_store import CaseStore
    from tests.sync.conftest import PASSPHRASE
    return CaseStore.open(folder, passphrase=PASSPHRASE)


def test_revoked_device_is_refused_and_keeps_its_items_queued(sqlite_office, tmp_path):
    store = make_store(tmp_path / "store")
    device_id = enroll_store(store, sqlite_office.engine, sqlite_office.url)
    queue_items(store, 3)
    store.close()
    devices.revoke(sqlite_office.engine, device_id)
    r = run_kimdesk("sync", "--store", str(tmp_path / "store"))
    assert r.returncode == 1
    assert "gesperrt" in r.stderr and "Koordinierungsstelle" in r.stderr
    store = make_store_open(tmp_path / "store")
    try:
        with store.session() as s:
            states = [i.state for i in s.scalars(select(OutboxItem))]
        waiting = 3 + AGGREGATE_PERIODS  # + one aggregates item per completed period
        assert states.count("queued") == waiting
        status = sync_status(store)
        assert status.revoked and status.waiting == waiting
        assert status.message.startswith("Dieses Gerät wurde vom Kreisbüro gesperrt — "
                                         f"{waiting} Einträge warten")
        assert SyncWorker(store).seconds_until_due() is None  # no automatic retries
    finally:
        store.close()
    assert ingest.stats(sqlite_office.engine)["items_total"] == 0


def test_cli_enroll_sync_pull_and_aggregates_sent_once(sqlite_office, tmp_path):
    from kimdesk.office import publications
    folder = tmp_path / "store"
    make_store(folder).close()
    not_yet = run_kimdesk("sync", "--store", str(folder))
    assert not_yet.returncode == 1 and "nicht beim Kreisbüro angemeldet" in not_yet.stderr
    code = devices.new_code(sqlite_office.engine, "Laptop Kleve 1")
    r = run_kimdesk("enroll", "--store", str(folder), "--office", sqlite_office.url,
                    "--code", code)
    assert r.returncode == 0 and "Laptop Kleve 1" in r.stdout, r.stderr
    publications.publish(sqlite_office.engine, "service", [
        {"id": "kleve-kita-sonnenschein", "name": "Kita Sonnenschein", "type": "kita",
         "municipality": "kleve-goch", "life_areas": ["childcare"]}])
    publications.publish(sqlite_office.engine, "feedback", [
        {"uid": "lg-2026-3", "title": "Beschluss", "body": "Mehr Kitaplätze in Goch."}])
    r = run_kimdesk("sync", "--store", str(folder), "--json")
    assert r.returncode == 0, r.stderr
    assert '"pulled": 2' in r.stdout and '"queued_aggregates": true' in r.stdout
    r = run_kimdesk("sync", "--store", str(folder), "--json")
    assert r.returncode == 0 and '"queued_aggregates": false' in r.stdout
    assert ingest.stats(sqlite_office.engine)["items"]["aggregates"] == {
        "received": AGGREGATE_PERIODS, "current": AGGREGATE_PERIODS, "superseded": 0}
    store = make_store_open(folder)
    try:
        with store.session() as s:
            svc = s.scalars(select(Service).where(Service.uid == "kleve-kita-sonnenschein")
                            ).one()
            assert svc.source == "office"
            assert s.scalars(select(OfficeMessage)).one().body == "Mehr Kitaplätze in Goch."
        queue_items(store, 2)
    finally:
        store.close()
    sqlite_office.server.should_exit = True
    sqlite_office.thread.join(10)
    r = run_kimdesk("sync", "--store", str(folder))
    assert r.returncode == 1
    assert "Das Kreisbüro ist nicht erreichbar — 2 Einträge warten, nächster Versuch" in r.stderr


def test_background_worker_backs_off_and_delivers_when_the_office_answers(
        sqlite_office_url, sync_store):
    first = ThreadedOffice(sqlite_office_url).start()
    enroll_store(sync_store, first.engine, first.url)
    port = first.port
    first.stop()
    ids = queue_items(sync_store, 20)
    done = threading.Event()
    worker = SyncWorker(sync_store, on_round=lambda result: done.set())
    worker.start()
    try:
        assert done.wait(30)
        status = sync_status(sync_store)
        assert status.last_error_kind == "unreachable"
        assert status.waiting == 20 + AGGREGATE_PERIODS
        assert 0 < worker.seconds_until_due() <= 5
        office = ThreadedOffice(sqlite_office_url, port=port).start()
        try:
            done.clear()
            worker.wake()
            assert done.wait(30)
            assert sync_status(sync_store).waiting == 0
            assert_exactly_once(office.engine, ids)
        finally:
            office.stop()
    finally:
        worker.stop()
    assert not worker.running


@pytest.mark.parametrize("batch", [1, 7])
def test_small_batches_deliver_everything(sqlite_office, sync_store, batch):
    enroll_store(sync_store, sqlite_office.engine, sqlite_office.url)
    ids = queue_items(sync_store, 15)
    assert Synchronizer(sync_store, batch_size=batch).run_round().ok
    assert_exactly_once(sqlite_office.engine, ids)
