"""Executing the plan: one sync round, step by step, each step persisted.

:class:`Synchronizer` asks the pure planner for the next action, carries it out and writes
its effect to the store before asking again. Failures end the round with a German message
and a backoff time in ``sync_state``; the next round resumes at the stage that failed.
"""

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import httpx

from kimdesk.store.case_store import CaseStore
from kimdesk.store.models.base import utcnow
from kimdesk.sync import outbox
from kimdesk.sync.builders import AggregatesBuilder, aggregates_builder
from kimdesk.sync.client import Credentials, OfficeClient
from kimdesk.sync.errors import (
    DeviceRevokedError,
    NotEnrolledError,
    OfficeUnreachableError,
    RateLimitedError,
    SyncError,
)
from kimdesk.sync.planner import (
    REGULAR_INTERVAL,
    Advance,
    Finish,
    NotEnrolled,
    Pull,
    PushBatch,
    QueueAggregates,
    Snapshot,
    StartRound,
    backoff_delay,
    plan,
)
from kimdesk.sync.protocol import MAX_BATCH_ITEMS
from kimdesk.sync.protocol.ids import uuid7
from kimdesk.sync.pull import apply_changes
from kimdesk.sync.state import identity, sync_state

log = logging.getLogger("kimdesk.sync")


@dataclass
class RoundResult:
    ok: bool = False
    delivered: int = 0
    rejected: int = 0
    pulled: int = 0
    queued_aggregates: bool = False
    pending: int = 0
    error: SyncError | None = None
    rejected_reasons: list[str] = field(default_factory=list)


def _content_fingerprint(payload: dict[str, Any]) -> str:
    """What counts as "changed": the figures, not the day they were computed."""
    return outbox.fingerprint({k: v for k, v in payload.items() if k != "generated_at"})


class Synchronizer:
    """Runs sync rounds for one store. Not thread-safe: one round at a time."""

    def __init__(self, store: CaseStore, office_url: str | None = None,
                 transport: httpx.BaseTransport | None = None, verify: Any = True,
                 batch_size: int = 100, builder: AggregatesBuilder | None = None,
                 clock: Callable[[], datetime] = utcnow,
                 today: Callable[[], date] = date.today,
                 rng: random.Random | None = None) -> None:
        self.store = store
        self.office_url = office_url
        self.transport = transport
        self.verify = verify
        self.batch_size = max(1, min(batch_size, MAX_BATCH_ITEMS))
        self.builder = builder
        self.clock = clock
        self.today = today
        self.rng = rng or random.Random()
        self._aggregates: dict[str, Any] | None = None

    # -- the loop -------------------------------------------------------------------------
    def run_round(self, max_steps: int = 100_000) -> RoundResult:
        result = RoundResult()
        started = False
        client: OfficeClient | None = None
        try:
            for _ in range(max_steps):
                action = plan(self._snapshot(started), self.batch_size)
                if isinstance(action, Finish):
                    break
                if isinstance(action, NotEnrolled):
                    raise NotEnrolledError()
                if client is None and isinstance(action, PushBatch | Pull):
                    client = self._client()
                self._execute(action, client, result)
                started = True
            self._record_success()
            result.ok = True
        except SyncError as exc:
            self._record_failure(exc)
            result.error = exc
        finally:
            if client is not None:
                client.close()
        with self.store.session() as s:
            result.pending = outbox.pending_count(s)
        return result

    def _client(self) -> OfficeClient:
        with self.store.session() as s:
            ident = identity(s)
        if ident is None:
            raise NotEnrolledError()
        return OfficeClient(self.office_url or ident.office_url,
                            Credentials(ident.device_id, ident.private_key),
                            transport=self.transport, verify=self.verify)

    def _snapshot(self, started: bool) -> Snapshot:
        with self.store.session() as s:
            state = sync_state(s)
            stage = state.stage
            enrolled = identity(s) is not None
            pending = outbox.pending_count(s) if stage == "push" else 0
            known_fp = state.aggregates_fingerprint
            s.commit()
        changed = False
        if stage == "prepare" and enrolled:
            payload = (self.builder or aggregates_builder())(self.store, self.today())
            self._aggregates = payload
            changed = payload is not None and _content_fingerprint(payload) != known_fp
        return Snapshot(enrolled=enrolled, stage=stage, pending=pending,
                        aggregates_changed=changed, started=started)

    # -- the steps ------------------------------------------------------------------------
    def _execute(self, action: object, client: OfficeClient | None,
                 result: RoundResult) -> None:
        if isinstance(action, StartRound):
            with self.store.session() as s, s.begin():
                state = sync_state(s)
                state.stage, state.run_id = "prepare", uuid7()
                state.last_attempt_at = self.clock()
        elif isinstance(action, QueueAggregates):
            self._queue_aggregates(result)
        elif isinstance(action, Advance):
            with self.store.session() as s, s.begin():
                sync_state(s).stage = action.to
        elif isinstance(action, PushBatch):
            assert client is not None
            self._push(client, action.limit, result)
        elif isinstance(action, Pull):
            assert client is not None
            self._pull(client, result)

    def _queue_aggregates(self, result: RoundResult) -> None:
        payload = self._aggregates
        with self.store.session() as s, s.begin():
            state = sync_state(s)
            if payload is not None:
                try:
                    outbox.enqueue(s, "aggregates", payload)
                    result.queued_aggregates = True
                except outbox.OutboxRefusedError as exc:
                    log.warning("aggregates builder produced a payload off the allow-list")
                    result.rejected_reasons.append(str(exc))
                state.aggregates_fingerprint = _content_fingerprint(payload)
            state.stage = "push"

    def _push(self, client: OfficeClient, limit: int, result: RoundResult) -> None:
        with self.store.session() as s, s.begin():
            batch = outbox.pending_batch(s, limit)
            wire = [{"id": i.id, "kind": i.kind, "payload": i.payload} for i in batch]
            outbox.mark_sending(s, [i.id for i in batch])
        if not wire:
            return
        try:
            answer = client.push(wire)
        except OfficeUnreachableError:
            raise  # fate unknown: the items stay "sending" and are sent again
        except SyncError:
            with self.store.session() as s, s.begin():  # refused: certainly not stored
                outbox.requeue(s, [item["id"] for item in wire])
            raise
        with self.store.session() as s, s.begin():
            delivered, rejected = outbox.record_results(s, answer, self.clock())
        result.delivered += delivered
        result.rejected += rejected
        result.rejected_reasons += [r for st, r in answer.values() if st == "rejected"]
        log.info("delivered %d, rejected %d", delivered, rejected)

    def _pull(self, client: OfficeClient, result: RoundResult) -> None:
        with self.store.session() as s:
            cursor = sync_state(s).pull_cursor
            s.commit()
        answer = client.changes(cursor)
        changes = answer.get("changes", [])
        new_cursor = int(answer.get("cursor", cursor))
        more = bool(answer.get("more")) and new_cursor > cursor
        result.pulled += apply_changes(self.store, changes, new_cursor, done=not more)

    # -- bookkeeping ----------------------------------------------------------------------
    def _record_success(self) -> None:
        now = self.clock()
        with self.store.session() as s, s.begin():
            state = sync_state(s)
            state.failures = 0
            state.last_success_at = now
            state.last_error, state.last_error_kind = "", ""
            state.next_attempt_at = now + timedelta(seconds=REGULAR_INTERVAL)
            ident = identity(s)
            if ident is not None:
                ident.revoked_at = None

    def _record_failure(self, exc: SyncError) -> None:
        now = self.clock()
        log.info("sync round failed: %s", exc.kind)
        with self.store.session() as s, s.begin():
            state = sync_state(s)
            state.failures += 1
            state.last_error, state.last_error_kind = str(exc), exc.kind
            delay = backoff_delay(state.failures, self.rng)
            if isinstance(exc, RateLimitedError):
                delay = max(delay, exc.retry_after)
            state.next_attempt_at = now + timedelta(seconds=delay) if exc.retry else None
            if isinstance(exc, DeviceRevokedError):
                ident = identity(s)
                if ident is not None and ident.revoked_at is None:
                    ident.revoked_at = now
