"""Qt starts on a fresh Debian/Ubuntu desktop: every library its X11 and Wayland plugins
load is installed by ``scripts/system-packages`` (which ``./run`` installs)."""

import ctypes.util
import shutil
import subprocess
from pathlib import Path

import PySide6
import pytest

QT = Path(PySide6.__file__).parent / "Qt"


def _missing(path: Path) -> list[str]:
    out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False)
    return [line.split("=>")[0].strip() for line in out.stdout.splitlines()
            if "not found" in line]


@pytest.mark.skipif(shutil.which("ldd") is None, reason="ldd only on Linux")
def test_the_desktop_platform_plugins_find_every_library():
    plugins = [QT / "plugins" / "platforms" / name for name in ("libqxcb.so", "libqwayland.so")]
    libraries = [*plugins, *sorted((QT / "lib").glob("libQt6XcbQpa.so*"))[:1],
                 *sorted((QT / "lib").glob("libQt6WaylandClient.so*"))[:1]]
    missing = {lib.name: _missing(lib) for lib in libraries if lib.exists()}
    assert plugins[0].exists()
    assert not any(missing.values()), (
        f"{missing} — add the Debian packages to scripts/system-packages")
    # loaded at run time, not linked: Qt ≥ 6.5 refuses to start on X11 without it
    assert ctypes.util.find_library("xcb-cursor"), "libxcb-cursor0 is missing"
