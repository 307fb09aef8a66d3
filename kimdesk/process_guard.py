"""Hardening of every KIMdesk process that unlocks a store (command line and desk).

An unlocked process holds the data key, perhaps the passphrase, and case data in memory.
A core dump (a crash with ``ulimit -c unlimited``, or a crash reporter) would write all of
it to disk in the clear; ``/proc/PID/environ`` would show a passphrase handed over in
``KIMDESK_PASSPHRASE`` for as long as the process runs, and child processes would inherit
it. So, first thing at start:

- no core dumps: ``RLIMIT_CORE`` 0 (soft and hard, so nothing in the process can raise it
  again) and, on Linux, ``PR_SET_DUMPABLE`` 0 (also keeps other processes of the same user
  from attaching a debugger or reading ``/proc/PID/mem``);
- umask 077: every file the process creates is private from its first byte;
- secrets are taken out of the environment: the value is overwritten in the process's
  original environment block (what ``/proc/PID/environ`` and a dump show) and in Python's
  copy, then unset; the command line asks :func:`take_secret` for it once.

What remains: the one Python string returned by :func:`take_secret` until it is dropped,
and copies the key derivation and SQLCipher make — Python cannot wipe immutable strings.
Windows has no core dumps unless Windows Error Reporting is configured to collect them.
"""

import contextlib
import ctypes
import os
import sys

SECRET_VARIABLES = ("KIMDESK_PASSPHRASE", "KIMDESK_NEW_PASSPHRASE", "KIMDESK_RECOVERY_KEY")
PR_SET_DUMPABLE = 4

_secrets: dict[str, str] = {}


def harden() -> None:
    """Apply everything above; safe to call more than once."""
    os.umask(0o077)
    _no_core_dumps()
    for name in SECRET_VARIABLES:
        value = _take_from_environment(name)
        if value:
            _secrets[name] = value


def has_secret(name: str) -> bool:
    """Whether ``name`` was handed over in the environment (and not taken yet)."""
    return bool(_secrets.get(name) or os.environ.get(name))


def take_secret(name: str) -> str | None:
    """The value handed over in the environment variable ``name``.

    After :func:`harden` (the command line and the desk call it first thing) the value was
    moved out of the environment and is handed out once. Used as a library without
    :func:`harden` (tests, scripts calling a command in-process), the environment is the
    caller's own and is read as it is, never changed behind the caller's back.
    """
    if name in _secrets:
        return _secrets.pop(name)
    return os.environ.get(name) or None


def _no_core_dumps() -> None:
    try:
        import resource
    except ImportError:  # Windows
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def _take_from_environment(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None:
        return None
    if os.name == "posix":
        _wipe_c_environ(name)
        _wipe_python_copy(name)
    os.environ.pop(name, None)  # unsetenv: gone for child processes too
    return value


def _wipe_c_environ(name: str) -> None:
    """Overwrite the value in the C ``environ`` block in place (no copy is made)."""
    try:
        libc = ctypes.CDLL(None)
        environ = ctypes.POINTER(ctypes.c_void_p).in_dll(libc, "environ")
    except (OSError, ValueError):
        return
    libc.strlen.restype = ctypes.c_size_t
    libc.strlen.argtypes = [ctypes.c_void_p]
    prefix = name.encode("ascii") + b"="
    i = 0
    while environ[i]:
        address = environ[i]
        if ctypes.string_at(address, len(prefix)) == prefix:
            length = libc.strlen(address)
            ctypes.memset(address + len(prefix), 0, length - len(prefix))
        i += 1


def _wipe_python_copy(name: str) -> None:
    """Overwrite the bytes Python copied from the environment at start (``posix.environ``;
    ``os.environ`` shares them). CPython only: it relies on the layout of bytes objects."""
    if sys.implementation.name != "cpython":
        return
    data = getattr(os.environ, "_data", None)
    raw = data.get(name.encode("ascii")) if isinstance(data, dict) else None
    if isinstance(raw, bytes) and len(raw) > 1:  # 0- and 1-byte objects are shared
        ctypes.memset(id(raw) + sys.getsizeof(b"") - 1, 0, len(raw))
