"""The real Synchronizer, driven by a Hypothesis state machine against the real office over a
transport that fails in every way a network can: refused before sending, the answer lost
after the office stored the batch, the office overloaded. Whatever the order, nothing is
lost, nothing is invented, nothing is marked delivered that the office does not hold, and a
clean round afterwards delivers everything still waiting."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from kimdesk.office.app import OfficeSettings
from kimdesk.office.models import ReceivedItem
from kimdesk.store import outbox as outbox_rows
from kimdesk.store.models import OutboxItem
from kimdesk.store.models.sync import DELIVERED
from kimdesk.sync import outbox
from kimdesk.sync.rounds import Synchronizer
from tests.sync.conftest import ThreadedOffice, enroll_store, make_store, reconstruction

FAULTS = ("refused", "lost", "unavailable")
_numbers = itertools.count(1)


class FaultyTransport(httpx.HTTPTransport):
    """Real HTTP to the office; the next deliveries fail as the machine says."""

    def __init__(self) -> None:
        super().__init__()
        self.faults: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        fault = self.faults.pop(0) if self.faults and request.url.path == "/v1/items" else ""
        if fault == "refused":
            raise httpx.ConnectError("connection refused", request=request)
        if fault == "unavailable":
            return httpx.Response(503, json={"detail": "Das Kreisbüro ist ausgelastet."},
                                  request=request)
        response = super().handle_request(request)
        if fault == "lost":  # the office stored the batch; its answer never arrives
            response.read()
            response.close()
            raise httpx.ReadError("connection reset", request=request)
        return response


class SyncMachine(RuleBasedStateMachine):
    def __init__(self, office) -> None:  # noqa: ANN001 - ThreadedOffice
        super().__init__()
        self.office = office
        self.folder = Path(tempfile.mkdtemp(prefix="kimdesk-sync-machine-"))
        self.store = make_store(self.folder / "store")
        self.device = enroll_store(self.store, office.engine, office.url,
                                   name=f"Laptop {next(_numbers)}")
        self.transport = FaultyTransport()
        self.sync = Synchronizer(self.store, transport=self.transport, batch_size=3)
        self.queued: set[str] = set()

    # -- what the office holds and what the laptop believes --------------------------------
    def received(self) -> set[str]:
        with Session(self.office.engine) as s:
            return set(s.scalars(select(ReceivedItem.id).where(
                ReceivedItem.device_id == self.device, ReceivedItem.kind == "reconstruction")))

    def delivered_here(self) -> set[str]:
        with self.store.session() as s:
            return set(s.scalars(select(OutboxItem.id).where(
                OutboxItem.kind == "reconstruction", OutboxItem.state == DELIVERED)))

    # -- rules ------------------------------------------------------------------------------
    @initialize()
    def start(self) -> None:
        assert self.received() == set()

    @rule(n=st.integers(1, 4))
    def queue(self, n: int) -> None:
        with self.store.session() as s, s.begin():
            for _ in range(n):
                self.queued.add(outbox.enqueue(s, "reconstruction",
                                               reconstruction(next(_numbers))))

    @rule(faults=st.lists(st.sampled_from(FAULTS), min_size=1, max_size=3))
    def break_the_network(self, faults: list[str]) -> None:
        self.transport.faults.extend(faults)

    @rule()
    def round(self) -> None:
        clean = not self.transport.faults
        result = self.sync.run_round()
        if clean:
            assert result.ok, result.error
            assert result.pending == 0
            assert self.received() == self.queued

    # -- always ------------------------------------------------------------------------------
    @invariant()
    def nothing_invented_nothing_falsely_delivered(self) -> None:
        received = self.received()
        assert received <= self.queued
        assert self.delivered_here() <= received

    def teardown(self) -> None:
        try:
            self.transport.faults.clear()
            result = self.sync.run_round()
            assert result.ok, result.error
            assert self.received() == self.queued == self.delivered_here()
            with self.store.session() as s:
                counts = outbox_rows.counts(s)
            assert counts["queued"] == counts["sending"] == counts["rejected"] == 0
        finally:
            self.store.close()
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def office_for_many_laptops(sqlite_office_url):
    """Every example enrolls a new laptop from this address, faster than the office's
    enrollment limit allows (that limit has its own tests): a 429 at enrollment would be
    a failure of the test, not of the synchronizer."""
    server = ThreadedOffice(sqlite_office_url,
                            OfficeSettings(enroll_rate=1000.0, enroll_burst=1000)).start()
    yield server
    server.stop()


@pytest.mark.slow
def test_any_sequence_of_network_failures_loses_and_duplicates_nothing(office_for_many_laptops):
    run_state_machine_as_test(
        lambda: SyncMachine(office_for_many_laptops),
        settings=settings(max_examples=12, stateful_step_count=12, deadline=None,
                          suppress_health_check=list(HealthCheck)))
