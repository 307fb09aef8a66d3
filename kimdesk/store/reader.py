"""Plain SQL reads over keyed DB-API connections, in one snapshot each — for what must be
fast before SQLAlchemy is loaded: opening a store, Heute, a command-line search.

Connections are kept for reuse (a few, one thread at a time each) and closed with the
store. Only reads go through here; every write goes through the engine's sessions, whose
writer lock (:mod:`kimdesk.store.write_lock`) these snapshots need not take.
"""

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

#: idle connections kept for the next read (the task runner, the sync worker, a dialog)
KEEP = 3


class Reader:
    """One read snapshot: every query sees the database as of the first one."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple]:
        return self._conn.execute(sql, params).fetchall()

    def first(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> tuple | None:
        return self._conn.execute(sql, params).fetchone()

    def one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        """The first column of the first row (None when there is no row)."""
        row = self.first(sql, params)
        return None if row is None else row[0]

    @staticmethod
    def is_database_error(exc: BaseException) -> bool:
        """The driver's own DatabaseError (damaged file, wrong key, missing table)."""
        return isinstance(exc, sqlcipher.DatabaseError | sqlite3.DatabaseError)


class ReaderPool:
    """A few keyed connections for :class:`Reader` snapshots."""

    def __init__(self, connect: Callable[[], Any]) -> None:
        self._connect = connect
        self._idle: list[Any] = []
        self._lock = threading.Lock()

    @contextmanager
    def snapshot(self) -> Iterator[Reader]:
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._connect()
            conn.isolation_level = None  # BEGIN and ROLLBACK below, nothing implicit
        sound = False
        try:
            conn.execute("BEGIN")
            yield Reader(conn)
            conn.execute("ROLLBACK")  # a read has nothing to commit
            sound = True
        finally:
            with self._lock:
                keep = sound and len(self._idle) < KEEP
                if keep:
                    self._idle.append(conn)
            if not keep:
                conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


# -- dates as SQLAlchemy's SQLite types store them (text), for plain queries -------------
def sql_date(value: date) -> str:
    """A Date column's stored form: ``YYYY-MM-DD``."""
    return value.isoformat()


def sql_datetime(value: datetime) -> str:
    """A DateTime column's stored form: ``YYYY-MM-DD HH:MM:SS.ffffff``."""
    return value.isoformat(" ", "microseconds")


def as_date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value[:10])


def as_datetime(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)
