"""One writer at a time, inside the process: the desk's task runner and the sync worker
take turns on the database instead of waiting in SQLite's busy handler.

SQLite (in WAL mode) lets readers run beside one writer; a second writer waits up to
``busy_timeout`` and then fails. :func:`serialise_writes` puts a process-wide lock in front
of that: the first statement that writes takes the lock for its connection, and the
connection's commit or rollback (or its return to the pool) gives it back. Readers never
wait for it.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from sqlalchemy import Engine, event

from kimdesk.store.errors import StoreError


class StoreBusyError(StoreError):
    """Another writer held the database for too long; nothing was changed."""

    def __init__(self) -> None:
        super().__init__("Der Datenbestand ist gerade durch einen anderen Vorgang belegt. Es "
                         "wurde nichts geändert — bitte gleich noch einmal versuchen.")

#: Statements that change the file (SQLite keywords, case-insensitive).
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")
_HELD = "kimdesk_write_lock"
_LOCKS: weakref.WeakKeyDictionary[Engine, WriteLock] = weakref.WeakKeyDictionary()


#: How long a writer waits for another one before it gives up with a German message (the
#: sync worker's transactions are short; this only ends a wait that would never end).
WAIT_SECONDS = 60.0


class WriteLock:
    """Re-entrant for the thread that holds it; given back per connection, from whichever
    thread closes that connection. ``waiting`` counts threads waiting (for tests)."""

    def __init__(self, wait_seconds: float = WAIT_SECONDS) -> None:
        self._cond = threading.Condition()
        self._owner: int | None = None
        self._count = 0
        self.waiting = 0
        self.wait_seconds = wait_seconds

    def acquire(self) -> None:
        me = threading.get_ident()
        with self._cond:
            if self._owner == me:
                self._count += 1
                return
            self.waiting += 1
            try:
                if not self._cond.wait_for(lambda: self._owner is None, self.wait_seconds):
                    raise StoreBusyError()
            finally:
                self.waiting -= 1
            self._owner, self._count = me, 1

    def release(self) -> None:
        with self._cond:
            self._count -= 1
            if self._count <= 0:
                self._owner, self._count = None, 0
                self._cond.notify()


def lock_of(engine: Engine) -> WriteLock | None:
    """The write lock of an engine built by :func:`kimdesk.store.engine.build_engine`."""
    return _LOCKS.get(engine)


def _is_write(statement: str) -> bool:
    return statement.lstrip()[:7].upper().startswith(_WRITES)


def serialise_writes(engine: Engine) -> WriteLock:
    """Install the lock on ``engine``; returns it."""
    lock = WriteLock()
    _LOCKS[engine] = lock

    @event.listens_for(engine, "before_cursor_execute")
    def _take(conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        info = conn.info
        if not info.get(_HELD) and _is_write(statement):
            lock.acquire()
            info[_HELD] = True

    def _give_back(info: dict[str, Any]) -> None:
        if info.pop(_HELD, False):
            lock.release()

    @event.listens_for(engine, "commit")
    def _committed(conn: Any) -> None:
        _give_back(conn.info)

    @event.listens_for(engine, "rollback")
    def _rolled_back(conn: Any) -> None:
        _give_back(conn.info)

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_conn: Any, record: Any) -> None:
        _give_back(record.info)

    return lock
