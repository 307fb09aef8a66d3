"""What a killed KIMdesk process leaves in a store folder, and removing it on the next open.

Every temporary name carries the writing process's id, so a leftover is told from a write
in progress (the desk and the command line may have the same store open): only names whose
process is gone are removed. They hold encrypted data or wrapped keys, never plaintext, but
they confuse people and tools ("which file is the real one?") and waste space.

=======================================  ==================================================
``.NAME.tmp-PID``                        :func:`~kimdesk.store.atomic.write_atomic`, and
                                         backups in ``backups/`` before they are verified
``.kimdesk-creating-PID-HEX/``           a store being created
``.case-file.db.restoring-PID``          a backup being put back
``.case-file.db.rekey-PID``              the database re-encrypted under a new key
``.kimdesk-unfertig-PID-HEX/``           a whole-store backup on another disk (swept there)
=======================================  ==================================================
"""

import os
import re
import shutil
import stat
from pathlib import Path

LEFTOVER = re.compile(r"\.(?:.+\.(?:tmp|restoring|rekey)|kimdesk-creating|kimdesk-unfertig)-(\d+)"
                      r"(?:-[0-9a-f]+)?(?:-wal|-shm|-journal)?")
#: names written before the process id was part of them
LEGACY = re.compile(r"\.kimdesk-creating-[0-9a-f]{8}|\.case-file\.db\.restoring")


def temp_name(final: str, kind: str = "tmp") -> str:
    """The private temporary name for ``final``, marked with this process."""
    return f".{final}.{kind}-{os.getpid()}"


def sweep(folder: Path, subfolders: tuple[str, ...] = ("backups",)) -> list[Path]:
    """Remove the leftovers of dead processes in ``folder`` and its ``subfolders``; make
    those subfolders private again (stores before 0.1 created ``backups/`` as 0755)."""
    removed: list[Path] = []
    for place in (folder, *(folder / name for name in subfolders)):
        if not place.is_dir():
            continue
        if place != folder and stat.S_IMODE(place.stat().st_mode) & 0o077:
            os.chmod(place, 0o700)
        for entry in place.iterdir():
            if _is_leftover(entry.name):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
                removed.append(entry)
    return removed


def _is_leftover(name: str) -> bool:
    if LEGACY.fullmatch(name):
        return True
    match = LEFTOVER.fullmatch(name)
    return match is not None and not pid_alive(int(match[1]))


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs (on this machine) — if in doubt, yes."""
    if pid == os.getpid():
        return True
    if os.name == "posix":
        try:
            os.kill(pid, 0)  # signal 0: only asks
        except ProcessLookupError:
            return False
        except OSError:  # e.g. another user's process
            return True
        return True
    return _windows_pid_alive(pid)


def _windows_pid_alive(pid: int) -> bool:
    # os.kill(pid, 0) would send CTRL+C on Windows: ask the kernel instead.
    import ctypes

    synchronize, wait_timeout = 0x00100000, 0x102
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(synchronize, False, pid)
    if not handle:
        return ctypes.GetLastError() == 5  # type: ignore[attr-defined]  # access denied: exists
    try:
        return kernel32.WaitForSingleObject(handle, 0) == wait_timeout
    finally:
        kernel32.CloseHandle(handle)
