"""Build the one-folder bundle once per set of inputs, and find it again.

``python -m installer.bundle`` (or :func:`build`) runs PyInstaller on
``installer/kimdesk.spec`` into ``build/bundle/<hash>/`` where the hash covers everything
that goes in: the spec and this folder, pyproject.toml, the package's sources, resources,
the installed distributions with their versions, the Python version and the fonts. A
second call with the same inputs returns the finished bundle at once; older builds are
removed so the build folder does not grow.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from importlib.metadata import distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "bundle"
DONE = ".complete"


@dataclass(frozen=True)
class Bundle:
    folder: Path  # dist/kimdesk-VERSION: the executable and _internal/
    seconds: float  # how long PyInstaller took (for this hash, when it was built)
    cached: bool

    @property
    def executable(self) -> Path:
        return self.folder / ("kimdesk.exe" if sys.platform == "win32" else "kimdesk")

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.folder.rglob("*")
                   if p.is_file() and not p.is_symlink())


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def inputs_hash() -> str:
    from installer.fonts import bundled_fonts

    digest = hashlib.sha256()
    files = [ROOT / "pyproject.toml", ROOT / "LICENSE", ROOT / "NOTICE.md", ROOT / "CHANGELOG.md",
             *sorted((ROOT / "installer").glob("*.py")),
             ROOT / "installer" / "kimdesk.spec"]
    for folder in ("kimdesk", "resources"):
        files += sorted(p for p in (ROOT / folder).rglob("*")
                        if p.is_file() and "__pycache__" not in p.parts
                        and p.suffix not in (".pyc",)
                        and not p.is_relative_to(ROOT / "kimdesk" / "office"))  # not bundled
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    for dist in sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions()):
        digest.update(dist.encode())
    digest.update(sys.version.encode())
    for font in bundled_fonts():
        digest.update(f"{font.name}:{font.stat().st_size}".encode())
    return digest.hexdigest()[:16]


def build(log: Path | None = None) -> Bundle:
    """The bundle for the current inputs, built now unless it already exists."""
    key = inputs_hash()
    home = BUILD / key
    folder = home / "dist" / f"kimdesk-{version()}"
    done = home / DONE
    if done.is_file() and folder.is_dir():
        return Bundle(folder, float(done.read_text() or 0), cached=True)
    if BUILD.exists():  # older inputs: their bundles are of no further use
        for old in BUILD.iterdir():
            shutil.rmtree(old, ignore_errors=True)
    home.mkdir(parents=True)
    started = time.perf_counter()
    with open(log or home / "pyinstaller.log", "w") as out:
        code = subprocess.call(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
             "--distpath", str(home / "dist"), "--workpath", str(home / "work"),
             str(ROOT / "installer" / "kimdesk.spec")],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONHASHSEED": "0"})
    seconds = time.perf_counter() - started
    if code != 0 or not folder.is_dir():
        raise RuntimeError(f"PyInstaller failed ({code}); see {log or home / 'pyinstaller.log'}")
    shutil.rmtree(home / "work", ignore_errors=True)  # intermediate files: 100+ MB
    done.write_text(f"{seconds:.1f}")
    return Bundle(folder, seconds, cached=False)


def main() -> int:
    bundle = build()
    state = "aus dem Zwischenspeicher" if bundle.cached else "gebaut"
    print(f"{bundle.folder} ({state}, Bau {bundle.seconds:.0f} s, "
          f"{bundle.size_bytes() / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
