"""The one place that builds database engines: SQLCipher with a raw key, or plain SQLite.

A raw 256-bit key means no key derivation on every open; the passphrase KDF runs once,
in :mod:`kimdesk.store.key_slots`, to unwrap that key.
"""

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from kimdesk.store.connection import PRAGMAS, connect_keyed, key_pragma
from kimdesk.store.write_lock import serialise_writes


def build_engine(path: Path, key: bytes | None) -> Engine:
    """An SQLAlchemy engine whose every pooled connection is keyed and configured.

    The keying pragma is made once here and kept by the engine: one long-lived copy of
    the key in hex instead of a new one for every connection the pool opens (copies in
    freed memory stay there until overwritten)."""
    keying = None if key is None else key_pragma(key)
    creator: Callable[[], Any] = lambda: connect_keyed(path, keying, PRAGMAS)  # noqa: E731
    module = sqlite3 if key is None else sqlcipher
    # hide_parameters: error messages never carry the row values (names, dates) with them.
    # The pool is chosen, not left to the "sqlite://" URL (which would mean one connection
    # per thread, for in-memory databases): a few file connections shared by the desk's
    # task runner, the sync worker and short-lived callers, opened with the key once each.
    engine = create_engine("sqlite://", creator=creator, module=module, hide_parameters=True,
                           poolclass=QueuePool, pool_size=3, max_overflow=5, pool_timeout=300)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # pysqlite's implicit transactions are switched off below; we start them here so
        # reads and DDL (migrations) are transactional too.
        conn.exec_driver_sql("BEGIN")

    @event.listens_for(engine, "connect")
    def _disable_pysqlite_tx(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself.
        dbapi_conn.isolation_level = None

    serialise_writes(engine)
    return engine
