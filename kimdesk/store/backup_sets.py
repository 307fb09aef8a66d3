"""Whole-store backups on other disks (``KIMdesk-Sicherung-ID-STAMP`` folders, written by
``kimdesk backup``): listing them, keeping only the newest N, and restoring one into a new
profile.

Restoring never replaces anything until the copy has passed every check: the backup's key
slots open with its passphrase or recovery key, its database passes SQLCipher's
``cipher_integrity_check`` and SQLite's ``quick_check`` untouched (opened immutable), and
the copy — built in a private staging folder inside the new profile — opens, upgrades if it
is older, and passes ``kimdesk check`` in full (structure, references, the Verlauf's hash
chain). Only then are its files moved into place, the key file last, so a crash half-way
leaves no folder that looks like a store.
"""

import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kimdesk.store import audit_chain, backups, leftovers
from kimdesk.store.atomic import fsync_dir, write_atomic
from kimdesk.store.case_store import DB_NAME, KEY_FILE, CaseStore, unlock_key
from kimdesk.store.errors import NotAStoreError, StoreError, StoreExistsError
from kimdesk.store.files import is_store
from kimdesk.store.integrity import check_store
from kimdesk.store.key_slots import KdfParams, KeySlotFile
from kimdesk.store.secrets import NoSecretStore

PREFIX = "KIMdesk-Sicherung-"
NAME = re.compile(r"KIMdesk-Sicherung-([0-9a-f-]{8})-(\d{8}-\d{6})(?:-(\d+))?")
#: whole-store backups kept per store and destination unless the profile says otherwise
DEFAULT_KEEP = 5
KEEP_SETTING = "backup_keep"
MAX_KEEP = 100


@dataclass(frozen=True)
class BackupSet:
    folder: Path
    store_id: str
    written_at: datetime
    number: int = 1  # the n-th backup within that second

    def describe(self) -> str:
        return f"{self.folder.name} vom {self.written_at:%d.%m.%Y, %H:%M} Uhr"


def _store_id(folder: Path) -> str | None:
    try:
        data = json.loads((folder / KEY_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("store_id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def backup_sets(destination: Path, store_id: str | None = None) -> list[BackupSet]:
    """The complete backup folders below ``destination`` (of one store if given), newest
    first. A folder counts only with both files and a matching key file."""
    found = []
    if not Path(destination).is_dir():
        return []
    for folder in Path(destination).iterdir():
        match = NAME.fullmatch(folder.name)
        if not match or not folder.is_dir() or not (folder / DB_NAME).is_file():
            continue
        owner = _store_id(folder)
        if owner is None or not owner.startswith(match[1]):
            continue
        if store_id is not None and owner != store_id:
            continue
        written = datetime.strptime(match[2], "%Y%m%d-%H%M%S")
        found.append(BackupSet(folder, owner, written, int(match[3] or 1)))
    return sorted(found, key=lambda b: (b.written_at, b.number), reverse=True)


def rotate(destination: Path, store_id: str, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups of this store in ``destination``;
    returns what was removed. Other stores' backups and anything unfinished stay."""
    keep = max(1, min(int(keep), MAX_KEEP))
    removed = []
    for old in backup_sets(destination, store_id)[keep:]:
        # Renamed first, then removed: a process killed half-way through the removal leaves
        # an unfinished-named leftover (swept later), never a half folder named like a
        # backup.
        doomed = old.folder.with_name(
            f".{backups.UNFINISHED}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        os.rename(old.folder, doomed)
        shutil.rmtree(doomed)
        removed.append(old.folder)
    if removed:
        fsync_dir(Path(destination))
    return removed


def restore_into(backup: Path, target: Path, passphrase: str | None = None,
                 recovery_key: str | None = None, new_passphrase: str | None = None,
                 kdf: KdfParams | None = None) -> CaseStore:
    """Make ``target`` a new store from the backup folder ``backup``, verified first.

    ``passphrase`` or ``recovery_key`` are those of the backup (at the time it was
    written). With the recovery key, ``new_passphrase`` sets a new passphrase on the
    restored store. Returns the opened store; the Verlauf records the restore.
    """
    backup, target = Path(backup), Path(target)
    if not (backup / KEY_FILE).is_file() or not (backup / DB_NAME).is_file():
        raise NotAStoreError(f"In {backup} liegt keine KIMdesk-Sicherung (es fehlen "
                             "case-file.db oder key-slots.json). Es wurde nichts angelegt.")
    if is_store(target):
        raise StoreExistsError(f"In {target} liegt bereits ein KIMdesk-Datenbestand; eine "
                               "Sicherung wird nur in ein neues Profil zurückgespielt.")
    slots = KeySlotFile.load(backup / KEY_FILE)
    key = unlock_key(slots, passphrase, recovery_key, NoSecretStore())
    if not backups.verify(backup / DB_NAME, key):
        raise NotAStoreError("Die Sicherung ist beschädigt: die Prüfung der Verschlüsselung "
                             "(cipher_integrity_check) oder der Struktur schlug fehl. Es wurde "
                             "nichts angelegt. Bitte eine andere Sicherung wählen.")
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    leftovers.sweep(target)
    staging = target / f".kimdesk-creating-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    staging.mkdir(mode=0o700)
    try:
        _copy_private(backup / DB_NAME, staging / DB_NAME)
        write_atomic(staging / KEY_FILE, (backup / KEY_FILE).read_bytes())
        staged = CaseStore.open(staging, passphrase, recovery_key)
        try:
            problems = check_store(staged)
            staged.checkpoint()
        finally:
            staged.close()
        if problems:
            raise NotAStoreError("Die Sicherung ist nicht in Ordnung: " + " ".join(problems)
                                 + " Es wurde nichts angelegt.")
        for entry in sorted(staging.iterdir(), key=lambda p: p.name == KEY_FILE):
            os.replace(entry, target / entry.name)  # the key file last: now it is a store
        fsync_dir(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    store = CaseStore.open(target, passphrase, recovery_key)
    if new_passphrase:
        store.change_passphrase(new_passphrase, kdf)
    with store.session() as s, s.begin():
        audit_chain.append(s, "restored", "store", None, None, summary=backup.name[:200])
    return store


def _copy_private(source: Path, target: Path) -> None:
    """A byte copy, private from the first byte, synced: the backup itself is only read."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        raise StoreError(f"Die Sicherung konnte nicht kopiert werden ({exc.strerror}). Es "
                         "wurde nichts angelegt.") from exc
