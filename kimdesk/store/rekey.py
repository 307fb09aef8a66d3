"""Re-keying: the database re-encrypted under a new data key, safe against a crash at any
moment.

Changing the passphrase only re-wraps the data key: an old ``key-slots.json`` (on a backup
stick, in a file-system snapshot) with the old passphrase would still open every later copy
of the database. After a laptop may have been in other hands, the data key itself must
change. Two files change together — the database (encrypted under the key) and the key
slots file (the key, wrapped) — and no file system renames two files at once. So the key
slots file carries both generations for the moment of the switch, and whoever opens the
store next asks the database which key it has.

The order, and what a SIGKILL at each point leaves:

1. Take the store for ourselves: switch the database out of WAL mode (only possible when
   no other connection is open — otherwise refuse) and keep the lock of a first read
   (``locking_mode=EXCLUSIVE``); nothing else can write until the end, and no ``-wal``
   file exists.
   *Killed:* the old database and the old key file; the store opens with the old key.
2. Copy the database, page by page, under a new random key into a private temporary file
   (``.case-file.db.tmp-PID``); sync and verify it.
   *Killed:* as in 1; the temporary copy is a leftover, removed on the next open.
3. Write the key slots file with the new slots (the passphrase, a new recovery key) and
   the old ones kept as ``previous`` — atomically (temporary file, fsync, rename).
   *Killed:* the file names both keys; the database still has the old one. The next open
   finds that the old key fits and drops the new slots (rolls back).
4. Rename the new database over the old one (atomic) and sync the folder.
   *Killed:* the file names both keys; the database has the new one. The next open finds
   that the new key fits and drops the old slots (rolls forward).
5. Write the key slots file with only the new slots.
   *Killed:* the file names only the new key, which the database has.
6. Re-encrypt the store's own upgrade backups (each verified, then renamed); a backup left
   under the old key is merely not offered for restore any more.

The passphrase opens both generations, so it always opens the store. The new recovery key
is chosen by the caller and shown *before* step 3: if the process dies after step 4, it is
the one that works, and the person has already seen it.
"""

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kimdesk.store import backups
from kimdesk.store.atomic import fsync_dir
from kimdesk.store.connection import connect_raw
from kimdesk.store.errors import NotAStoreError, StoreError, StoreLockedError, WrongPassphraseError
from kimdesk.store.key_slots import KdfParams, KeySlotFile, new_data_key
from kimdesk.store.leftovers import temp_name

log = logging.getLogger("kimdesk.store")
IN_USE = ("Der Datenbestand ist noch in einem anderen Fenster oder Programm geöffnet. Bitte "
          "KIMdesk dort schließen und erneut versuchen. Es wurde nichts geändert.")


def rekey(database: Path, slots: KeySlotFile, old_key: bytes, passphrase: str,
          recovery_key: str, kdf: KdfParams) -> bytes:
    """Re-encrypt ``database`` under a new key (steps 1–6 above); returns the new key.

    ``passphrase`` must be the store's current one (checked first: a typo here would lock
    the person out); ``recovery_key`` is the new recovery key, already shown to her. A
    device slot is not carried over (its key in the keyring belongs to the old data key);
    the caller may remember the store on the device again.
    """
    if slots.previous is not None:
        raise StoreError("Eine frühere Neuverschlüsselung ist nicht abgeschlossen. Bitte den "
                         "Datenbestand einmal öffnen und erneut versuchen.")
    if slots.unlock_with_passphrase(passphrase) != old_key:
        raise WrongPassphraseError()
    lock = _take_for_ourselves(database, old_key)
    try:
        new_key = new_data_key()
        staged = database.with_name(temp_name(database.name, "rekey"))
        backups.copy_database(database, staged, old_key, target_key=new_key,
                              source_connection=lock)
        fresh = KeySlotFile(slots.path, slots.store_id, [])
        fresh.set_passphrase(new_key, passphrase, kdf)
        fresh.set_recovery_key(new_key, recovery_key)
        fresh.previous = list(slots.slots)  # all of them: a roll-back restores them as they were
        fresh.save()  # step 3: both generations
        try:
            os.replace(staged, database)  # step 4
            fsync_dir(database.parent)
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
    finally:
        lock.close()
    # From here on the database has the new key: nothing may fail the call any more.
    slots.slots, slots.previous = fresh.slots, fresh.previous
    try:
        slots.previous = None
        slots.save()  # step 5
    except (OSError, StoreError):
        slots.previous = fresh.previous  # still both on disk; the next open settles it
        log.warning("key slots not finished after re-keying; settled on the next open")
    try:
        reencrypt_backups(database.parent / backups.BACKUP_DIR, old_key, new_key)  # step 6
    except (OSError, StoreError):
        log.warning("backups not re-encrypted after re-keying")
    return new_key


def _take_for_ourselves(database: Path, key: bytes) -> Any:  # noqa: ANN401 - a DB-API connection
    """A connection holding the database exclusively, out of WAL mode (step 1)."""
    conn = connect_raw(database, key)
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise StoreError(IN_USE)
        # Keep the lock of the first read until this connection closes: while we hold it,
        # no other connection can write (a transaction of our own would stop the backup).
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except StoreError:
        conn.close()
        raise
    except Exception as exc:  # noqa: BLE001 - "database is locked" from the driver
        conn.close()
        raise StoreError(IN_USE) from exc
    return conn


def reencrypt_backups(folder: Path, old_key: bytes, new_key: bytes) -> int:
    """Step 6: every backup in ``folder`` still under ``old_key`` re-encrypted under
    ``new_key`` (verified copy, then rename); returns how many."""
    done = 0
    if not folder.is_dir():
        return done
    for path in sorted(folder.glob("*.db")):
        if backups.key_fits(path, old_key) and backups.verify(path, old_key):
            backups.copy_database(path, path, old_key, target_key=new_key)
            done += 1
    return done


def settle(database: Path, slots: KeySlotFile, unlock: Callable[[KeySlotFile], bytes]
           ) -> bytes:
    """Unlock the store; if a re-keying was interrupted, finish or undo it — whichever key
    the database has decides — and return that key."""
    previous = slots.previous_generation()
    if previous is None:
        return unlock(slots)
    new_key: bytes | None = None
    failure: Exception | None = None
    try:
        new_key = unlock(slots)
    except (WrongPassphraseError, StoreLockedError) as exc:
        failure = exc  # perhaps the old recovery key: it opens the previous generation
    if new_key is not None and backups.key_fits(database, new_key):
        slots.previous = None  # the database was renamed into place: roll forward
        slots.save()
        return new_key
    try:
        old_key = unlock(previous)
    except (WrongPassphraseError, StoreLockedError):
        if failure is not None:
            raise failure from None
        raise StoreLockedError("Der Datenbestand wurde neu verschlüsselt; dieser Zugang gehört "
                               "zum alten Schlüssel. Bitte die Passphrase oder den neuen "
                               "Wiederherstellungsschlüssel verwenden.") from None
    if backups.key_fits(database, old_key):
        slots.slots, slots.previous = previous.slots, None  # not renamed yet: roll back
        slots.save()
        return old_key
    raise NotAStoreError("Der Datenbestand passt zu keinem der beiden Schlüssel einer "
                         "unterbrochenen Neuverschlüsselung; er ist beschädigt.")
