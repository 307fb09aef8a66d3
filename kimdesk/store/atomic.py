"""Atomic small-file writes: a crash leaves either the old or the new file, never half."""

import errno
import os
from pathlib import Path

from kimdesk.store.errors import DiskFullError
from kimdesk.store.leftovers import temp_name


def create_private(path: Path) -> None:
    """An empty file only its owner may read, made before anything writes to it: SQLite
    would create it 0644 under the usual umask, readable for a moment or for ever."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` via a private temp file, fsync and ``os.replace``."""
    tmp = path.with_name(temp_name(path.name))
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise DiskFullError() from exc
        raise


def fsync_dir(directory: Path) -> None:
    """Make the rename durable (no-op where directories cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
