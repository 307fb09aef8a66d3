"""The store's own backups (``backups/`` beside the database): which one is sound, and
putting it back over a damaged database.

A backup is a complete SQLCipher database under the same data key, written before every
schema upgrade. When the working database is found emptied or damaged, the newest backup
that passes the cipher and structure checks is offered; restoring it keeps the damaged
file beside it for inspection and never touches a sound database.
"""

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from kimdesk.store.engine import key_pragma, quiet_sqlcipher

BACKUP_DIR = "backups"


@dataclass(frozen=True)
class SoundBackup:
    path: Path
    revision: str
    written_at: datetime

    def describe(self, store_folder: Path) -> str:
        try:
            shown = self.path.relative_to(store_folder)
        except ValueError:
            shown = self.path
        return f"{shown} vom {self.written_at:%d.%m.%Y, %H:%M} Uhr"


def verify(path: Path, key: bytes) -> str | None:
    """The schema revision of a sound database file, or None when it is not sound.

    Opened immutable (read-only, no lock, no -wal/-shm files), so checking a backup
    never changes it.
    """
    try:
        if path.stat().st_size == 0:
            return None
        conn = sqlcipher.connect(f"file:{path}?immutable=1", uri=True)
    except (OSError, sqlcipher.Error):
        return None
    try:
        quiet_sqlcipher(conn)
        conn.execute(key_pragma(key))
        if conn.execute("PRAGMA cipher_integrity_check").fetchall():
            return None
        if [r[0] for r in conn.execute("PRAGMA quick_check")] != ["ok"]:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    except sqlcipher.Error:
        return None
    finally:
        conn.close()


def newest_sound_backup(store_folder: Path, key: bytes) -> SoundBackup | None:
    folder = Path(store_folder) / BACKUP_DIR
    if not folder.is_dir():
        return None
    candidates = sorted(folder.glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in candidates:
        revision = verify(path, key)
        if revision:
            return SoundBackup(path, revision, datetime.fromtimestamp(path.stat().st_mtime))
    return None


def put_back(backup: Path, database: Path) -> Path:
    """Copy ``backup`` over ``database`` atomically; the replaced file is kept beside it
    (``case-file.db.beschaedigt-STAMP``) and returned. Stale -wal/-shm files of the
    damaged database go with it, so they cannot be replayed onto the restored one."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    staging = database.with_name(f".{database.name}.restoring")
    fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out, open(backup, "rb") as src:
        shutil.copyfileobj(src, out)
        out.flush()
        os.fsync(out.fileno())
    kept = database.with_name(f"{database.name}.beschaedigt-{stamp}")
    if database.exists():
        os.replace(database, kept)
    for suffix in ("-wal", "-shm"):
        side = database.with_name(database.name + suffix)
        if side.exists():
            os.replace(side, kept.with_name(kept.name + suffix))
    os.replace(staging, database)
    _fsync_dir(database.parent)
    return kept


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
