"""The store's backups: writing them so that nothing half-written ever looks like one,
telling which one is sound, and putting one back over a damaged database.

A backup is a complete SQLCipher database under the same data key: written before every
schema upgrade into ``backups/``, or with the key slots as a whole store on another disk
(``kimdesk backup``). Either is written under a private temporary name (0600 from the
first byte), verified by opening it, and only then renamed into place — a full disk, an
error or a SIGKILL leaves at most a hidden, unfinished name that the next run removes.
When the working database is found emptied or damaged, the newest backup that passes the
cipher and structure checks is offered; restoring it keeps the damaged file beside it for
inspection and never touches a sound database.
"""

import errno
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3.dbapi2 as sqlcipher

from kimdesk.store import leftovers
from kimdesk.store.atomic import create_private, fsync_dir, write_atomic
from kimdesk.store.connection import COPY_PRAGMAS, connect_raw, key_pragma, quiet_sqlcipher
from kimdesk.store.errors import DiskFullError, StoreError, is_disk_full

BACKUP_DIR = "backups"
#: a whole-store backup on another disk while it is being written
UNFINISHED = "kimdesk-unfertig"


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
        conn = sqlcipher.connect(f"file:{quote(str(path))}?immutable=1", uri=True)
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


def key_fits(path: Path, key: bytes) -> bool:
    """Whether ``key`` opens the database at ``path`` (its first page), changing nothing."""
    try:
        conn = sqlcipher.connect(f"file:{quote(str(path))}?immutable=1", uri=True)
    except (OSError, sqlcipher.Error):
        return False
    try:
        quiet_sqlcipher(conn)
        conn.execute(key_pragma(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher.Error:
        return False
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
    staging = database.with_name(leftovers.temp_name(database.name, "restoring"))
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
    fsync_dir(database.parent)
    return kept


def copy_database(source: Path, target: Path, key: bytes, target_key: bytes | None = None,
                  source_connection: Any = None) -> Path:
    """A consistent, encrypted copy of the database ``source`` (SQLite backup API; under
    ``target_key`` if given, else the same key) at ``target``: written under a private
    temporary name, synced, verified, renamed. ``source_connection``: an open connection to
    read from (one that holds a lock), instead of a new one.

    Raises :class:`DiskFullError` when the disk fills up, :class:`StoreError` for other
    failures; in every case nothing is left at ``target`` or beside it.
    """
    target_key = target_key or key
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = target.with_name(leftovers.temp_name(target.name))
    try:
        create_private(tmp)
        src = source_connection or connect_raw(source, key)
        try:
            dst = connect_raw(tmp, target_key, COPY_PRAGMAS)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            if source_connection is None:
                src.close()
        _fsync_file(tmp)
        if verify(tmp, target_key) is None:
            raise StoreError("Die Sicherung war nach dem Schreiben nicht lesbar und wurde "
                             "verworfen. Bitte den Datenträger prüfen und erneut versuchen.")
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError | sqlcipher.Error):
            raise _write_error(exc) from exc
        raise
    return target


def export_store(folder: Path, key_file: str, database: str, destination: Path,
                 key: bytes, store_id: str) -> Path:
    """A complete, encrypted copy of the store in ``folder`` (database and key slots) in a
    new folder ``KIMdesk-Sicherung-ID-STAMP`` below ``destination``.

    The folder is built as ``.kimdesk-unfertig-PID-HEX`` (with the database under its own
    temporary name until verified) and renamed when complete, so a folder named like a
    backup is always a whole, sound one. Unfinished folders of killed earlier runs are
    removed first.
    """
    if not destination.is_dir():
        raise StoreError(f"Der Ordner {destination} ist nicht erreichbar. Bitte den "
                         "Datenträger anschließen und erneut versuchen.")
    leftovers.sweep(destination, subfolders=())
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = destination / f"KIMdesk-Sicherung-{store_id[:8]}-{stamp}"
    taken = [p.name for p in destination.glob(f"{target.name}*")]
    if taken:  # more than one backup within a second: number them on, never reuse
        n = max(int(name.rsplit("-", 1)[1]) if name.count("-") > 4 else 1 for name in taken)
        target = destination / f"{target.name}-{n + 1}"
    staging = destination / f".{UNFINISHED}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        staging.mkdir(mode=0o700)
        copy_database(folder / database, staging / database, key)
        write_atomic(staging / key_file, (folder / key_file).read_bytes())
        os.rename(staging, target)
        fsync_dir(destination)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _write_error(exc) from exc
        raise
    return target


def _write_error(exc: BaseException) -> StoreError:
    if isinstance(exc, StoreError):
        return exc
    if is_disk_full(exc):
        return DiskFullError()
    if isinstance(exc, OSError) and exc.errno == errno.EROFS:
        return StoreError("Der Zieldatenträger ist schreibgeschützt. Es wurde nichts "
                          "geschrieben.")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
    return StoreError(f"Die Sicherung konnte nicht geschrieben werden ({reason}). Es wurde "
                      "nichts geschrieben.")


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
