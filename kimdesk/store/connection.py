"""Keyed DB-API connections to a store's SQLCipher file — the one place that applies the
key and the house pragmas, used by the engine's pool, the plain readers, backups and rekey.

Nothing here imports SQLAlchemy: unlocking and the first screen read through these
connections before the engine is built (see :class:`kimdesk.store.case_store.CaseStore`).
"""

import os
import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

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
    return connect_keyed(path, None if key is None else key_pragma(key), pragmas)


def connect_keyed(path: Path, keying: str | None, pragmas: tuple[str, ...]) -> Any:
    if keying is None:
        conn = sqlite3.connect(str(path), check_same_thread=False)
    else:
        conn = sqlcipher.connect(str(path), check_same_thread=False)
        quiet_sqlcipher(conn)
        conn.execute(keying)
    for pragma in pragmas:
        conn.execute(pragma).fetchall()
    return conn
