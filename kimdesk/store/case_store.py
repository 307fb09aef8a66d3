"""A case manager's encrypted store: a folder with the database and its key slots.

Layout of a store folder::

    case-file.db        SQLCipher 4 database (plus -wal/-shm while open, also encrypted)
    key-slots.json      the data key, wrapped per slot (passphrase, recovery key, device)
    backups/            encrypted copies made before schema upgrades
"""

import json
import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kimdesk.store import backups, leftovers, medium, migrate, rekey
from kimdesk.store.atomic import create_private
from kimdesk.store.connection import connect_raw
from kimdesk.store.errors import (
    DiskFullError,
    NewerSchemaError,
    NotAStoreError,
    StoreError,
    StoreExistsError,
    WeakPassphraseError,
    is_disk_full,
)
from kimdesk.store.files import DB_NAME, KEY_FILE
from kimdesk.store.key_slots import (
    KdfParams,
    KeySlotFile,
    new_data_key,
    new_recovery_key,
    unlock_key,
)
from kimdesk.store.reader import Reader, ReaderPool
from kimdesk.store.secrets import NoSecretStore, SecretStore

if TYPE_CHECKING:  # SQLAlchemy loads when the first session or engine is asked for
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

BACKUP_DIR = backups.BACKUP_DIR

EMPTIED = ("Die Datei case-file.db ist leer — vielleicht wurde sie von einem "
           "Synchronisations- oder Kopierprogramm überschrieben.")
NO_SCHEMA = "Die Datei case-file.db enthält keine Schemaversion von KIMdesk."


def damaged_message(folder: Path, data_key: bytes | None, reason: str = "") -> str:
    """What happened, that nothing was changed, and the newest sound backup if there is one."""
    text = "Der Datenbestand ist beschädigt und wurde nicht verändert."
    if reason:
        text += " " + reason
    sound = backups.newest_sound_backup(folder, data_key) if data_key else None
    if sound is None:
        return (text + " Bitte eine Sicherung von einem anderen Datenträger zurückspielen "
                "oder die Koordinierungsstelle fragen.")
    return (f"{text} Die neueste intakte Sicherung ist {sound.describe(folder)}. "
            f"Zurückspielen mit: kimdesk restore --store {folder} --backup {sound.path}")


class CaseStore:
    """An open, unlocked store. Build it with :meth:`create` or :meth:`open`.

    Opening needs no SQLAlchemy: the file is checked over a plain DB-API connection, and
    :meth:`read` serves the first screens (Heute, a command-line search) the same way.
    The engine and its sessions — SQLAlchemy, the models and their mapping, about a third
    of a second of imports — are built when something first asks for them."""

    def __init__(self, folder: Path, engine: "Engine | None", key_slots: KeySlotFile,
                 data_key: bytes):
        self.folder = folder
        self.key_slots = key_slots
        self._data_key = data_key
        self._engine = engine
        self._sessions: sessionmaker[Session] | None = None
        self._building = threading.Lock()
        self._readers = ReaderPool(lambda: connect_raw(folder / DB_NAME, self._data_key))

    @property
    def engine(self) -> "Engine":
        """The SQLAlchemy engine, built on first use (from any thread, once)."""
        if self._engine is None:
            with self._building:
                if self._engine is None:
                    from kimdesk.store.engine import build_engine

                    self._engine = build_engine(self.folder / DB_NAME, self._data_key)
        return self._engine

    @engine.setter
    def engine(self, engine: "Engine") -> None:
        self._engine = engine
        self._sessions = None

    # -- construction ------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        folder: Path,
        passphrase: str,
        district_id: str,
        case_manager: str = "",
        kdf: KdfParams | None = None,
        secret_store: SecretStore | None = None,
        remember_on_device: bool = False,
        migrate_to: str = "head",
    ) -> tuple["CaseStore", str]:
        """Make a new store; returns it and the recovery key (shown once, to be printed)."""
        folder = Path(folder)
        if (folder / KEY_FILE).exists() or (folder / DB_NAME).exists():
            raise StoreExistsError(f"In {folder} liegt bereits ein KIMdesk-Datenbestand.")
        if len(passphrase) < 8:
            raise WeakPassphraseError()
        if not folder.exists():
            folder.mkdir(parents=True, mode=0o700)
        leftovers.sweep(folder)  # staging folders of a creation that was killed
        # Build everything in a private staging folder and move it in at the end: a crash
        # half-way leaves only the staging folder, never a store that cannot be opened.
        staging = folder / f".kimdesk-creating-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        staging.mkdir(mode=0o700)
        create_private(staging / DB_NAME)
        data_key = new_data_key()
        recovery_key = new_recovery_key()
        slots = KeySlotFile.new(staging / KEY_FILE, str(uuid.uuid4()))
        slots.set_passphrase(data_key, passphrase, kdf or KdfParams.tuned())
        slots.set_recovery_key(data_key, recovery_key)
        if remember_on_device and secret_store is not None:
            slots.remember_on_device(data_key, secret_store)
        from kimdesk.store.engine import build_engine

        engine = build_engine(staging / DB_NAME, data_key)
        try:
            migrate.upgrade(engine, migrate_to)
            with engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            engine.dispose()
        slots.save()
        for suffix in ("-wal", "-shm"):  # normally gone after the checkpoint and close
            if (staging / f"{DB_NAME}{suffix}").exists():
                os.replace(staging / f"{DB_NAME}{suffix}", folder / f"{DB_NAME}{suffix}")
        os.replace(staging / DB_NAME, folder / DB_NAME)
        os.replace(staging / KEY_FILE, folder / KEY_FILE)  # last: now it is a store
        shutil.rmtree(staging, ignore_errors=True)
        slots.path = folder / KEY_FILE
        store = cls(folder, build_engine(folder / DB_NAME, data_key), slots, data_key)
        store.set_settings({"district_id": district_id, "case_manager": case_manager,
                            "store_id": slots.store_id})
        return store, recovery_key

    @classmethod
    def open(
        cls,
        folder: Path,
        passphrase: str | None = None,
        recovery_key: str | None = None,
        secret_store: SecretStore | None = None,
        upgrade: bool = True,
        data_key: bytes | None = None,
    ) -> "CaseStore":
        """Unlock with the first secret that fits; upgrade the schema if needed.

        ``data_key``: already unwrapped (:func:`kimdesk.store.key_slots.unlock_key`), e.g. by
        a command that derives it before loading the database libraries."""
        folder = Path(folder)
        if not (folder / DB_NAME).exists():
            raise NotAStoreError(f"In {folder} liegt kein KIMdesk-Datenbestand.")
        slots = KeySlotFile.load(folder / KEY_FILE)
        medium.check_writable(folder, folder / DB_NAME)
        device = secret_store or NoSecretStore()
        data_key = rekey.settle(folder / DB_NAME, slots, lambda generation: (
            data_key if data_key is not None and generation is slots
            else unlock_key(generation, passphrase, recovery_key, device)))
        leftovers.sweep(folder)  # only once the key fitted: a stranger changes nothing
        # An emptied file would open as a new, empty database: it is damage, and only
        # creation ever makes a new database. Checked before anything writes to it.
        if (folder / DB_NAME).stat().st_size == 0:
            raise NotAStoreError(damaged_message(folder, data_key, EMPTIED))
        store = cls(folder, None, slots, data_key)
        try:
            with store.read() as db:
                db.one("SELECT count(*) FROM sqlite_master")
                revision = migrate.read_revision(db)
        except Exception as exc:  # the driver's DatabaseError/OperationalError
            store.close()
            if is_disk_full(exc) or medium.nearly_full(folder):
                raise DiskFullError() from exc  # SQLite says "disk I/O error" then
            if not Reader.is_database_error(exc):
                raise
            raise NotAStoreError(damaged_message(folder, data_key)) from exc
        if revision is None:
            store.close()
            raise NotAStoreError(damaged_message(folder, data_key, NO_SCHEMA))
        if not migrate.is_known(revision):  # from a newer KIMdesk: refuse, touch nothing
            store.close()
            raise NewerSchemaError(revision)
        if upgrade and revision != migrate.head_revision():
            try:
                store.backup(folder / BACKUP_DIR / migrate.backup_name(revision))
                migrate.upgrade(store.engine)
            except BaseException:
                store.close()
                raise
            migrate.prune_backups(folder / BACKUP_DIR)
        return store

    @classmethod
    def restore_backup(
        cls,
        folder: Path,
        backup: Path,
        passphrase: str | None = None,
        recovery_key: str | None = None,
        secret_store: SecretStore | None = None,
    ) -> tuple["CaseStore", Path]:
        """Put a sound backup of this store back over its damaged database and open it.

        Refuses (changing nothing) when the backup is not sound under this store's key, or
        when the working database is sound — a sound file is never replaced. Returns the
        opened store and where the damaged file was kept.
        """
        folder, backup = Path(folder), Path(backup)
        slots = KeySlotFile.load(folder / KEY_FILE)
        data_key = rekey.settle(folder / DB_NAME, slots, lambda generation: unlock_key(
            generation, passphrase, recovery_key, secret_store or NoSecretStore()))
        if not backups.verify(backup, data_key):
            raise NotAStoreError(f"Die Sicherung {backup} ist beschädigt oder gehört nicht zu "
                                 "diesem Datenbestand. Es wurde nichts geändert.")
        if backups.verify(folder / DB_NAME, data_key):
            raise StoreError("Der Datenbestand ist in Ordnung; eine Sicherung wird nur über "
                             "einen beschädigten Datenbestand zurückgespielt. Es wurde nichts "
                             "geändert.")
        kept = backups.put_back(backup, folder / DB_NAME)
        return cls.open(folder, passphrase, recovery_key, secret_store), kept

    # -- sessions, reads and settings ---------------------------------------------------
    def session(self) -> "Session":
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            from kimdesk.store.write_lock import lock_write_transactions

            sessions = sessionmaker(self.engine, expire_on_commit=False)
            lock_write_transactions(sessions)
            self._sessions = sessions
        return self._sessions()

    @contextmanager
    def read(self) -> Iterator[Reader]:
        """Plain SQL reads in one snapshot, without SQLAlchemy (see the class docstring)."""
        with self._readers.snapshot() as reader:
            yield reader

    def settings(self) -> dict[str, Any]:
        with self.read() as db:
            return {key: _json(value) for key, value in
                    db.rows("SELECT key, value FROM settings")}

    def setting(self, key: str, default: Any = None) -> Any:
        with self.read() as db:
            row = db.first("SELECT value FROM settings WHERE key = ?", (key,))
        return default if row is None else _json(row[0])

    def set_settings(self, values: dict[str, Any]) -> None:
        from kimdesk.store.models import Setting

        with self.session() as s, s.begin():
            for key, value in values.items():
                s.merge(Setting(key=key, value=value))

    @property
    def district_id(self) -> str:
        return str(self.setting("district_id", ""))

    # -- key management -------------------------------------------------------------------
    def change_passphrase(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        """Re-wrap the data key under a new passphrase; the database is not touched."""
        if len(new_passphrase) < 8:
            raise WeakPassphraseError()
        self.key_slots.set_passphrase(self._data_key, new_passphrase,
                                      kdf or KdfParams.tuned())
        self.key_slots.save()

    def rekey(self, passphrase: str, recovery_key: str, kdf: KdfParams | None = None,
              secret_store: SecretStore | None = None) -> None:
        """Re-encrypt the database under a new data key (:mod:`kimdesk.store.rekey`: the
        order of the steps and why a crash at any of them leaves an openable store).

        ``passphrase`` is the current one; ``recovery_key`` the new recovery key, shown to
        the person before this is called (the old one stops working). Every connection of
        this store is closed first and opened again under the new key; another process
        with the store open makes it refuse, changing nothing. If the store was remembered
        on this device, it is remembered again under the new key.
        """
        had_device = "device" in self.key_slots.kinds()
        self._dispose()
        try:
            self._data_key = rekey.rekey(self.folder / DB_NAME, self.key_slots,
                                         self._data_key, passphrase, recovery_key,
                                         kdf or KdfParams.tuned())
        finally:  # under the new key if it changed, else the old one: built on next use
            self._engine = None
            self._sessions = None
        if had_device and secret_store is not None:
            self.remember_on_device(secret_store)

    def new_recovery_key(self) -> str:
        """Replace the recovery key (e.g. after it was used or lost)."""
        key = new_recovery_key()
        self.key_slots.set_recovery_key(self._data_key, key)
        self.key_slots.save()
        return key

    def remember_on_device(self, secret_store: SecretStore) -> bool:
        ok = self.key_slots.remember_on_device(self._data_key, secret_store)
        if ok:
            self.key_slots.save()
        return ok

    def forget_device(self, secret_store: SecretStore) -> None:
        self.key_slots.forget_device(secret_store)
        self.key_slots.save()

    # -- maintenance ----------------------------------------------------------------------
    def backup(self, target: Path) -> Path:
        """An encrypted, consistent, verified copy of the database at ``target``."""
        return backups.copy_database(self.folder / DB_NAME, target, self._data_key)

    def export_backup(self, destination: Path, keep: int | None = None) -> Path:
        """A complete, encrypted copy of this store (database and key slots) in a new folder
        below ``destination`` — e.g. a USB stick. It opens like any store, with the same
        passphrase or recovery key as at the time of the backup. Older backups of this
        store there are rotated: the newest ``keep`` stay (default: the profile's setting,
        see :mod:`kimdesk.store.backup_sets`)."""
        from kimdesk.store import backup_sets  # (it builds on this module)

        target = backups.export_store(self.folder, KEY_FILE, DB_NAME, Path(destination),
                                      self._data_key, self.key_slots.store_id)
        self.set_settings({"last_backup_at": datetime.now().isoformat(timespec="minutes")})
        if keep is None:
            keep = int(self.setting(backup_sets.KEEP_SETTING) or backup_sets.DEFAULT_KEEP)
        backup_sets.rotate(Path(destination), self.key_slots.store_id, keep)
        return target

    def checkpoint(self) -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def _dispose(self) -> None:
        """Close every connection: the readers' and, if it was built, the engine's."""
        self._readers.close()
        if self._engine is not None:
            self._engine.dispose()

    def close(self) -> None:
        self._dispose()


def _json(value: Any) -> Any:
    """A settings value as SQLAlchemy's JSON column wrote it. The column's NUMERIC
    affinity (type name "JSON") makes SQLite keep a number's JSON text as a number."""
    return value if value is None or isinstance(value, int | float) else json.loads(value)


