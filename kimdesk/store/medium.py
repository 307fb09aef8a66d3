"""What the medium under a store allows. A read-only medium or a full disk makes SQLite
fail much like a damaged file does ("disk I/O error", "attempt to write a readonly
database"); telling the case manager "damaged — restore a backup" would send her the wrong
way. These checks name the medium instead."""

import os
import shutil
from pathlib import Path

from kimdesk.store.errors import StoreError

#: Below this much free space, an I/O error while opening is the full disk's doing.
NEARLY_FULL_BYTES = 1024 * 1024


class ReadOnlyMediumError(StoreError):
    """The store lies on a medium or in a folder that cannot be written."""


def check_writable(folder: Path, database: Path) -> None:
    """Raise :class:`ReadOnlyMediumError` unless the store's folder and database can be
    written — SQLite needs that even to read (WAL index, journal)."""
    if _mounted_read_only(folder):
        raise ReadOnlyMediumError(
            f"Der Datenträger mit dem Datenbestand ({folder}) ist schreibgeschützt. KIMdesk "
            "braucht Schreibzugriff, auch zum Lesen: bitte den Schreibschutz aufheben oder den "
            "Ordner auf einen beschreibbaren Datenträger kopieren. Es wurde nichts geändert.")
    if not os.access(folder, os.W_OK) or (database.exists()
                                          and not os.access(database, os.W_OK)):
        raise ReadOnlyMediumError(
            f"Für den Datenbestand ({folder}) fehlen die Schreibrechte. KIMdesk braucht "
            "Schreibzugriff, auch zum Lesen: bitte die Rechte des Ordners prüfen. Es wurde "
            "nichts geändert.")


def nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def _mounted_read_only(folder: Path) -> bool:
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:  # Windows: os.access below sees the read-only attribute
        return False
    try:
        return bool(statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False
