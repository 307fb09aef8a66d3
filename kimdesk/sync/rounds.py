"""Executing the plan: one sync round, step by step, each step persisted.

:class:`Synchronizer` asks the pure planner for the next action, carries it out and writes
its effect to the store before asking again. Failures — whatever their cause — end the
round with a German message and a backoff time in ``sync_state``; the next round resumes at
the stage that failed. Logs name exception types only, never their text or a traceback.

Aggregates: the ``prepare`` stage queues the aggregates of *completed* periods (the last
quarters and the last year, see :mod:`kimdesk.sync.builders`) that have no aggregates item
in the outbox yet, whatever that item's state — so each period leaves exactly once and the
running quarter never does. If a builder fails, that period is skipped this round (with a
German note in ``sync_state``) and the round still pushes and pulls.
"""

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx

from kimdesk.core.errors import DomainError
from kimdesk.store import outbox as outbox_rows
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models.base import utcnow
from kimdesk.store.sync_rows import identity, sync_state
from kimdesk.sync import outbox
from kimdesk.sync.audit_heads import send_head
from kimdesk.sync.builders import (
    AggregatesBuilder,
    CompletedPeriod,
    YearBuilder,
    completed_periods,
    quarter_aggregates,
    year_aggregates,
)
from kimdesk.sync.client import Credentials, OfficeClient
from kimdesk.sync.errors import (
    DeviceRevokedError,
    NotEnrolledError,
    OfficeUnreachableError,
    RateLimitedError,
    SyncError,
    UnexpectedSyncError,
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

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger("kimdesk.sync")

#: ``last_error_kind`` of a round that worked but could not build some aggregates.
AGGREGATES_WARNING = "aggregates"


@dataclass
class RoundResult:
    ok: bool = False
    delivered: int = 0
    rejected: int = 0
    pulled: int = 0
    queued_aggregates: bool = False
    queued_periods: list[str] = field(default_factory=list)
    pending: int = 0
    error: SyncError | None = None
    rejected_reasons: list[str] = field(default_factory=list)
    #: German sentences: aggregates of a period that could not be built this round.
    warnings: list[str] = field(default_factory=list)


def _aggregates_key(period: str) -> str:
    return f"aggregates:{period}"


class Synchronizer:
    """Runs sync rounds for one store. Not thread-safe: one round at a time.

    ``builder`` builds the quarter containing the date it is given, ``year_builder`` a
    calendar year (defaults: the real anonymised figures of :mod:`kimdesk.sync.builders`;
    with a ``builder`` of its own and no ``year_builder`` no years are sent).
    """

    def __init__(self, store: CaseStore, office_url: str | None = None,
                 transport: httpx.BaseTransport | None = None, verify: Any = True,
                 batch_size: int = 100, builder: AggregatesBuilder | None = None,
                 clock: Callable[[], datetime] = utcnow,
                 today: Callable[[], date] = date.today,
                 rng: random.Random | None = None,
                 year_builder: YearBuilder | None = None) -> None:
        self.store = store
        self.office_url = office_url
        self.transport = transport
        self.verify = verify
        self.batch_size = max(1, min(batch_size, MAX_BATCH_ITEMS))
        self.builder = builder
        self.year_builder = year_builder
        self.clock = clock
        self.today = today
        self.rng = rng or random.Random()

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
            if client is None:
                client = self._client()
            self._send_audit_head(client, result)
            self._record_success(result.warnings)
            result.ok = True
        except SyncError as exc:
            self._record_failure(exc)
            result.error = exc
        except Exception as exc:  # noqa: BLE001 - no round may end without a backoff
            error = UnexpectedSyncError(type(exc).__name__)
            self._record_failure(error)
            result.error = error
        finally:
            if client is not None:
                client.close()
        with self.store.session() as s:
            result.pending = outbox_rows.pending_count(s)
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
            pending = outbox_rows.pending_count(s) if stage == "push" else 0
            due = bool(self._due_periods(s)) if stage == "prepare" and enrolled else False
            s.commit()
        return Snapshot(enrolled=enrolled, stage=stage, pending=pending,
                        aggregates_due=due, started=started)

    # -- aggregates of completed periods --------------------------------------------------
    def _builders(self) -> tuple[AggregatesBuilder, YearBuilder | None]:
        if self.builder is None:
            return quarter_aggregates, self.year_builder or year_aggregates
        return self.builder, self.year_builder

    def _due_periods(self, session: "Session") -> list[CompletedPeriod]:
        """Completed periods (within the look-back) without an aggregates item in the
        outbox — in any state: a period that was queued once is never queued again."""
        _, year_builder = self._builders()
        periods = [p for p in completed_periods(self.today())
                   if not p.is_year or year_builder is not None]
        if not periods:
            return []
        queued = outbox_rows.queued_keys(session, "aggregates",
                                         [_aggregates_key(p.label) for p in periods])
        return [p for p in periods if _aggregates_key(p.label) not in queued]

    def _build(self, period: CompletedPeriod) -> dict[str, Any] | None:
        quarter, year_builder = self._builders()
        if period.is_year:
            assert year_builder is not None
            return year_builder(self.store, period.label)
        return quarter(self.store, period.end)

    def _queue_aggregates(self, result: RoundResult) -> None:
        with self.store.session() as s:
            due = self._due_periods(s)
            s.commit()
        for period in due:
            try:
                payload = self._build(period)
            except Exception as exc:  # noqa: BLE001 - skip this period, still push and pull
                log.warning("aggregates for %s not built: %s", period.label,
                            type(exc).__name__)
                result.warnings.append(
                    str(exc) if isinstance(exc, DomainError) else
                    f"Die Kennzahlen für {period.label} konnten nicht erstellt werden "
                    f"({type(exc).__name__}); es wird beim nächsten Abgleich erneut versucht.")
                continue
            if payload is None:
                continue
            if not isinstance(payload, dict) or payload.get("period") != period.label:
                log.warning("aggregates builder returned another period than %s", period.label)
                result.warnings.append(f"Die Kennzahlen für {period.label} wurden nicht "
                                       "übertragen: der Zeitraum stimmt nicht.")
                continue
            with self.store.session() as s, s.begin():
                if self._not_queued_yet(s, period):
                    try:
                        outbox.enqueue(s, "aggregates", payload)
                    except outbox.OutboxRefusedError as exc:
                        log.warning("aggregates builder produced a payload off the allow-list")
                        result.rejected_reasons.append(str(exc))
                        continue
                    result.queued_aggregates = True
                    result.queued_periods.append(period.label)
        with self.store.session() as s, s.begin():
            sync_state(s).stage = "push"

    @staticmethod
    def _not_queued_yet(session: "Session", period: CompletedPeriod) -> bool:
        """Still not queued (checked again in the transaction that queues it)."""
        key = _aggregates_key(period.label)
        return not outbox_rows.queued_keys(session, "aggregates", [key])

    # -- the steps ------------------------------------------------------------------------
    def _execute(self, action: object, client: OfficeClient | None,
                 result: RoundResult) -> None:
        if isinstance(action, StartRound):
            with self.store.session() as s, s.begin():
                outbox_rows.drop_old_aggregates(s)  # their periods are rebuilt as /2
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

    def _push(self, client: OfficeClient, limit: int, result: RoundResult) -> None:
        with self.store.session() as s, s.begin():
            batch = outbox_rows.pending_batch(s, limit)
            wire: list[dict[str, Any]] = [{"id": i.id, "kind": i.kind, "payload": i.payload}
                                          for i in batch]
            outbox_rows.mark_sending(s, [i.id for i in batch])
        if not wire:
            return
        try:
            answer = client.push(wire)
        except OfficeUnreachableError:
            raise  # fate unknown: the items stay "sending" and are sent again
        except SyncError:
            with self.store.session() as s, s.begin():  # refused: certainly not stored
                outbox_rows.requeue(s, [item["id"] for item in wire])
            raise
        with self.store.session() as s, s.begin():
            delivered, rejected = outbox_rows.record_results(s, answer, self.clock())
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
        new_cursor = answer.get("cursor", cursor)
        more = bool(answer.get("more")) and new_cursor > cursor
        result.pulled += apply_changes(self.store, changes, new_cursor, done=not more)

    def _send_audit_head(self, client: OfficeClient, result: RoundResult) -> None:
        """The Verlauf's head goes with every round; a failure here is retried next round
        and does not undo what the round delivered."""
        try:
            warning = send_head(self.store, client)
        except SyncError as exc:
            log.info("audit head not sent: %s", exc.kind)
            return
        if warning:
            result.warnings.append(warning)

    # -- bookkeeping ----------------------------------------------------------------------
    def _record_success(self, warnings: list[str] | None = None) -> None:
        now = self.clock()
        with self.store.session() as s, s.begin():
            state = sync_state(s)
            state.failures = 0
            state.last_success_at = now
            state.last_error, state.last_error_kind = "", ""
            if warnings:  # the round worked, but some aggregates could not be built
                state.last_error = " ".join(warnings)[:2000]
                state.last_error_kind = AGGREGATES_WARNING
            state.next_attempt_at = now + timedelta(seconds=REGULAR_INTERVAL)
            ident = identity(s)
            if ident is not None:
                ident.revoked_at = None

    def _record_failure(self, exc: SyncError) -> None:
        now = self.clock()
        if isinstance(exc, UnexpectedSyncError):
            log.warning("sync round failed: %s", exc.type_name)
        else:
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
