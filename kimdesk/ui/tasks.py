"""The one helper for background work: store calls run off the GUI thread, serially.

``TaskRunner.run(fn, on_done, on_error, owner)`` runs ``fn()`` on a one-thread pool (the
store is used by one thread at a time) and calls back on the GUI thread. A callback whose
owner widget is gone is dropped, so a closed view never receives a late result.
Errors that carry a German sentence (DomainError, StoreError) go to ``on_error`` or to the
runner's ``failed`` signal; anything else is logged and reported with a general sentence.
"""

import itertools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication

from kimdesk.catalogues import UnknownDistrictError
from kimdesk.core.errors import DomainError
from kimdesk.store.errors import DiskFullError, StoreError, is_disk_full

log = logging.getLogger("kimdesk.ui")

UNEXPECTED = ("Ein unerwarteter Fehler ist aufgetreten. Bitte erneut versuchen; wenn es "
              "wieder geschieht, den Support fragen.")
USER_ERRORS = (DomainError, StoreError, UnknownDistrictError)


def user_message(exc: BaseException) -> str:
    """The German sentence to show for an error — never a traceback."""
    if isinstance(exc, USER_ERRORS):
        return str(exc)
    if is_disk_full(exc):
        return str(DiskFullError())
    if isinstance(exc, OSError):
        return f"Die Datei konnte nicht gelesen oder geschrieben werden ({exc.strerror})."
    return UNEXPECTED


class _Relay(QObject):
    finished = Signal(int, object, object)  # token, result, error


class _Job(QRunnable):
    def __init__(self, token: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.token, self.fn, self.relay = token, fn, relay

    def run(self) -> None:
        try:
            result, error = self.fn(), None
        except Exception as exc:  # noqa: BLE001 - delivered to the GUI thread as an error
            if not isinstance(exc, USER_ERRORS):
                log.error("background task failed", exc_info=True)
            result, error = None, exc
        self.relay.finished.emit(self.token, result, error)


class _Blocking(QRunnable):
    """A job whose caller waits for it (see :meth:`TaskRunner.call`)."""

    def __init__(self, fn: Callable[[], None]) -> None:
        super().__init__()
        self.fn = fn

    def run(self) -> None:
        self.fn()


class TaskRunner(QObject):
    failed = Signal(str)  # German message for errors nobody handled
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the one thread (and its connection)
        self._relay = _Relay()
        self._relay.finished.connect(self._deliver)
        self._tokens = itertools.count(1)
        self._pending: dict[int, tuple] = {}

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], object] | None = None,
            on_error: Callable[[str], object] | None = None,
            owner: QObject | None = None) -> int:
        token = next(self._tokens)
        self._pending[token] = (on_done, on_error, owner, time.perf_counter())
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(token, fn, self._relay))
        return token

    def call(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` on the worker thread, after everything queued before it, and wait for
        its result (closing: the last drafts must be written). Blocks the caller; errors
        are raised here."""
        finished = threading.Event()
        outcome: dict[str, Any] = {}

        def job() -> None:
            try:
                outcome["result"] = fn()
            except BaseException as exc:  # noqa: BLE001 - re-raised on the calling thread
                outcome["error"] = exc
            finally:
                finished.set()

        self._pool.start(_Blocking(job))
        finished.wait()
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("result")

    def idle(self) -> bool:
        return not self._pending

    def wait_idle(self, timeout_s: float = 10.0) -> bool:
        """Process events until every task has delivered (tests, screenshots, benchmarks)."""
        deadline = time.perf_counter() + timeout_s
        while self._pending and time.perf_counter() < deadline:
            self._pool.waitForDone(10)
            QApplication.processEvents()
        return not self._pending

    def shutdown(self) -> None:
        self._pool.waitForDone()
        QApplication.processEvents()

    @Slot(int, object, object)
    def _deliver(self, token: int, result: Any, error: BaseException | None) -> None:
        entry = self._pending.pop(token, None)
        if not self._pending:
            self.busy_changed.emit(False)
        if entry is None:
            return
        on_done, on_error, owner, _started = entry
        if owner is not None and not shiboken6.isValid(owner):
            return
        if error is not None:
            message = user_message(error)
            if on_error is not None:
                on_error(message)
            else:
                self.failed.emit(message)
        elif on_done is not None:
            on_done(result)
