"""One writer at a time, inside the process: the desk's task runner and the sync worker
take turns on the database instead of waiting in SQLite's busy handler.

SQLite (in WAL mode) lets readers run beside one writer; a second writer waits up to
``busy_timeout`` and then fails. :func:`serialise_writes` puts a process-wide lock in front
of that: the first statement that writes takes the lock for its connection, and the
connection's return to the pool, after its commit or rollback, gives it back. Readers
never wait for it.

A transaction that reads and then writes needs the lock *before* its first read: its read
fixes its snapshot, and if another connection commits before its first write, SQLite
refuses that write at once ("database is locked", a stale WAL snapshot — no waiting helps).
So a session transaction begun explicitly (``with session.begin():``, how every write is
made) takes the lock when it begins (:func:`lock_write_transactions`).
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker
from sqlalchemy.orm.session import SessionTransactionOrigin

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

    # Given back when the connection returns to the pool — after its COMMIT has reached the
    # file. (The engine's "commit" event comes *before* the commit: a writer let in there
    # could read a snapshot the commit is about to make stale, and its write would then
    # be refused at once.) Sessions return their connection as each transaction ends.
    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_conn: Any, record: Any) -> None:
        _give_back(record.info)

    return lock


def lock_write_transactions(sessions: sessionmaker[Session]) -> None:
    """Explicitly begun transactions of these sessions take the engine's write lock as they
    begin, before their first read (see the module docstring); autobegun ones (reads) do
    not."""

    @event.listens_for(sessions, "after_begin")
    def _begun(_session: Session, transaction: SessionTransaction, connection: Any) -> None:
        lock = lock_of(connection.engine)
        if lock is None or transaction.origin is not SessionTransactionOrigin.BEGIN:
            return
        info = connection.info
        if not info.get(_HELD):
            lock.acquire()
            info[_HELD] = True
