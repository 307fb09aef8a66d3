"""Store errors, each carrying one German sentence a case manager can act on."""

import errno
import sys

SQLITE_FULL = 13


class StoreError(Exception):
    """Base class; ``str(err)`` is the German message shown to the user."""

    exit_code = 1


class WrongPassphraseError(StoreError):
    """The passphrase or recovery key does not open any key slot."""

    exit_code = 2

    def __init__(self, message: str = "Die Passphrase ist falsch. Bitte erneut eingeben.") -> None:
        super().__init__(message)


class NotAStoreError(StoreError):
    """The path is not a KIMdesk store, or it is damaged beyond opening."""

    exit_code = 3


class StoreExistsError(StoreError):
    """Creating a store where one already exists would destroy data."""


class WeakPassphraseError(StoreError):
    """The passphrase is too short to protect case files on a laptop that may be lost."""

    def __init__(self) -> None:
        super().__init__("Die Passphrase muss mindestens 8 Zeichen lang sein.")


class StoreLockedError(StoreError):
    """No key is available to open the store (e.g. no passphrase given in a script)."""

    exit_code = 2


class DiskFullError(StoreError):
    """Writing failed because the disk is full; nothing was changed."""

    def __init__(self) -> None:
        super().__init__(
            "Der Datenträger ist voll. Es wurde nichts geändert — bitte Speicherplatz freigeben "
            "und erneut versuchen."
        )


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC from the OS, or SQLite's "database or disk is full" (SQLITE_FULL), also when
    SQLAlchemy wraps it — the one rule for telling a full disk from other failures."""
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, OSError):
        return orig.errno == errno.ENOSPC
    code = getattr(orig, "sqlite_errorcode", None)
    return (isinstance(code, int) and code & 0xFF == SQLITE_FULL) or \
        "database or disk is full" in str(orig)


class DatabaseError(StoreError):
    """Reading or writing the database failed (not for lack of space)."""

    def __init__(self) -> None:
        super().__init__("Der Datenbestand konnte nicht gelesen oder geschrieben werden. Bitte "
                         "'kimdesk check' ausführen.")


def database_error(exc: BaseException) -> StoreError | None:
    """The German error for a failure of the database driver, or None for anything else.

    Both SQLAlchemy's wrapped errors and the driver's own (from the plain reads of
    :mod:`kimdesk.store.reader`, e.g. ``kimdesk find``) count. Each is looked for only if
    its module was loaded: a caller that never opened a store (the command line printing
    its help) does not pay for importing either.
    """
    if not (_is_wrapped_driver_error(exc) or _is_plain_driver_error(exc)):
        return None
    return DiskFullError() if is_disk_full(exc) else DatabaseError()


def _is_wrapped_driver_error(exc: BaseException) -> bool:
    if "sqlalchemy.exc" not in sys.modules:
        return False
    from sqlalchemy.exc import DBAPIError

    return isinstance(exc, DBAPIError)


def _is_plain_driver_error(exc: BaseException) -> bool:
    if "kimdesk.store.reader" not in sys.modules:
        return False
    from kimdesk.store.reader import Reader

    return Reader.is_database_error(exc)


class NewerSchemaError(StoreError):
    """The store was written by a newer KIMdesk; it is refused and left exactly as it is."""

    exit_code = 3

    def __init__(self, revision: str) -> None:
        super().__init__(
            f"Dieser Datenbestand wurde mit einer neueren KIMdesk-Version bearbeitet "
            f"(Schema {revision}). Bitte KIMdesk aktualisieren; der Datenbestand wurde nicht "
            f"verändert.")
