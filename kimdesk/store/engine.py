"""The one place that builds database engines: SQLCipher with a raw key, or plain SQLite.

A raw 256-bit key means no key derivation on every open; the passphrase KDF runs once,
in :mod:`kimdesk.store.key_slots`, to unwrap that key.
"""

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from kimdesk.store.write_lock import serialise_writes

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA secure_delete=ON",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=5000",
)


def quiet_sqlcipher(conn: Any) -> None:
    """Silence SQLCipher's own log ("ERROR CORE sqlcipher_page_cipher: hmac check failed"
    on stderr) — a damaged or foreign file gets our one German sentence instead. With
    KIMDESK_DEBUG the log stays on: it is the detail needed to look into damage."""
    if not os.environ.get("KIMDESK_DEBUG"):
        conn.execute("PRAGMA cipher_log_level = NONE").fetchall()


def key_pragma(key: bytes) -> str:
    """The SQLCipher pragma for a raw key (hex blob literal, so no KDF)."""
    if len(key) != 32:
        raise ValueError("data key must be 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


#: For a copy being written (a backup): no journal, no -wal/-shm beside it. The copy is
#: verified and renamed into place only when complete, so a journal would add nothing.
COPY_PRAGMAS = ("PRAGMA journal_mode=OFF", "PRAGMA synchronous=FULL")


def connect_raw(path: Path, key: bytes | None, pragmas: tuple[str, ...] = PRAGMAS) -> Any:
    """A DB-API connection with the key applied and the house pragmas set.

    ``key=None`` gives a plain (unencrypted) SQLite connection — only for benchmarks
    that compare against plain SQLite, never for case data.
    """
    return _connect(path, None if key is None else key_pragma(key), pragmas)


def _connect(path: Path, keying: str | None, pragmas: tuple[str, ...]) -> Any:
    if keying is None:
        conn = sqlite3.connect(str(path), check_same_thread=False)
    else:
        conn = sqlcipher.connect(str(path), check_same_thread=False)
        quiet_sqlcipher(conn)
        conn.execute(keying)
    for pragma in pragmas:
        conn.execute(pragma).fetchall()
    return conn


def build_engine(path: Path, key: bytes | None) -> Engine:
    """An SQLAlchemy engine whose every pooled connection is keyed and configured.

    The keying pragma is made once here and kept by the engine: one long-lived copy of
    the key in hex instead of a new one for every connection the pool opens (copies in
    freed memory stay there until overwritten)."""
    keying = None if key is None else key_pragma(key)
    creator: Callable[[], Any] = lambda: _connect(path, keying, PRAGMAS)  # noqa: E731
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
