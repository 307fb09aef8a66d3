"""Real small and read-only filesystems for tests (tmpfs with size=, read-only bind mounts).

Mounting needs root (as in CI); elsewhere the tests that use these are skipped with the
reason. Every mount is undone when the test ends, also when it fails.
"""

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a filesystem")
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"mount not permitted here: {result.stderr.strip()}")


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


@contextlib.contextmanager
def small_disk(path: Path, size_bytes: int) -> Iterator[Path]:
    """A tmpfs of ``size_bytes`` (rounded up to pages by the kernel) at ``path``."""
    path.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size_bytes},mode=0700", "tmpfs", str(path))
    try:
        yield path
    finally:
        _umount(path)


@contextlib.contextmanager
def read_only_view(source: Path, path: Path) -> Iterator[Path]:
    """``source`` seen read-only at ``path`` (a read-only bind mount, like a locked SD card
    or a medium mounted ro)."""
    path.mkdir(parents=True, exist_ok=True)
    _mount("--bind", str(source), str(path))
    try:
        result = subprocess.run(["mount", "-o", "remount,ro,bind", str(path)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            pytest.skip(f"read-only remount not permitted here: {result.stderr.strip()}")
        yield path
    finally:
        _umount(path)
