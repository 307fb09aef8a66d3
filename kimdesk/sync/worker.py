"""The background sync worker: a plain thread (no Qt) that runs rounds when they are due.

It sleeps until ``sync_state.next_attempt_at`` (persisted, so a restart keeps the backoff),
or until :meth:`SyncWorker.wake` is called (e.g. after something was queued, or from the
"Jetzt abgleichen" button). Revoked or unenrolled devices, and offices without https://,
are not retried on their own. A round that crashes before recording its backoff is
followed by a pause of :data:`CRASH_PAUSE`; only exception type names are logged.
The UI reads :func:`kimdesk.sync.status.sync_status`; ``on_round`` is called from the
worker thread after each round, so a Qt caller must hop to its own thread from there.
"""

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from kimdesk.store.case_store import CaseStore
from kimdesk.store.models.base import utcnow
from kimdesk.store.sync_rows import sync_state
from kimdesk.sync.rounds import RoundResult, Synchronizer

log = logging.getLogger("kimdesk.sync")

MAX_SLEEP = 900.0
#: Pause after a round that crashed before it could record its backoff (e.g. a locked store).
CRASH_PAUSE = 30.0


class SyncWorker:
    def __init__(self, store: CaseStore, synchronizer: Synchronizer | None = None,
                 on_round: Callable[[RoundResult], None] | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.store = store
        self.synchronizer = synchronizer or Synchronizer(store)
        self.on_round = on_round
        self.clock = clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.rounds = 0
        #: set while it waits to be woken with no round due on its own (not enrolled,
        #: revoked): it writes nothing until then
        self.resting = threading.Event()

    def start(self) -> None:
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="kimdesk-sync", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Run a round now (respecting nothing but a running round)."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return bool(self._thread and self._thread.is_alive())

    def seconds_until_due(self) -> float | None:
        """None: do not retry on its own (revoked, not enrolled); else seconds to wait."""
        with self.store.session() as s:
            state = sync_state(s)
            nxt, kind = state.next_attempt_at, state.last_error_kind
            s.commit()
        if kind in ("revoked", "not_enrolled", "enrollment", "insecure_url"):
            return None
        if nxt is None:
            return 0.0
        return max(0.0, (nxt - self.clock()).total_seconds())

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                wait = self.seconds_until_due()
            except Exception as exc:  # noqa: BLE001 - a locked store must not kill the thread
                log.warning("sync worker could not read its state: %s", type(exc).__name__)
                wait = CRASH_PAUSE
            if wait is None:
                self.resting.set()
            woken = self._wake.wait(MAX_SLEEP if wait is None else min(wait, MAX_SLEEP))
            self.resting.clear()
            self._wake.clear()
            if self._stop.is_set():
                break
            if not woken and (wait is None or wait > MAX_SLEEP):
                continue
            try:
                result = self.synchronizer.run_round()
            except Exception as exc:  # noqa: BLE001 - keep the worker alive, but do not spin
                # the type only: a traceback or message may carry case data
                log.warning("sync round crashed: %s", type(exc).__name__)
                self._wake.wait(CRASH_PAUSE)
                self._wake.clear()
                continue
            self.rounds += 1
            if self.on_round:
                self.on_round(result)
