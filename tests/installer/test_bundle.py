"""The bar is the bundle: PyInstaller builds it (once per set of inputs, cached under
build/bundle/) and the frozen ``kimdesk --self-test`` proves that it works — store, print,
figures, scrubber, desk. A copy with a resource removed fails with a German message that
names what is missing."""

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.conftest import HANG_GUARD_S

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


@pytest.fixture(scope="session")
def bundle():
    from installer.bundle import build

    return build()


def run_bundle(executable: Path, *args: str, home: Path) -> subprocess.CompletedProcess:
    """The frozen program as IT would start it: nothing of this virtualenv in its way."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("KIMDESK_", "PYTHON", "VIRTUAL_ENV", "QT_"))}
    env.update(KIMDESK_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(executable), *args], capture_output=True, text=True, env=env,
                          cwd=home, timeout=HANG_GUARD_S)


def linked_copy(bundle_folder: Path, target: Path) -> Path:
    """A copy of the bundle made of hard links: quick, and removing a file from it leaves
    the cached bundle whole."""
    shutil.copytree(bundle_folder, target, symlinks=True, copy_function=os.link)
    return target


def test_frozen_self_test_passes(bundle, tmp_path):
    done = run_bundle(bundle.executable, "--self-test", home=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"KIMdesk {VERSION} – Selbsttest" in done.stdout
    for step in ("Ressourcen vollständig", "verschlüsselter Datenbestand angelegt",
                 "Person angelegt, gesucht und gelesen", "(Deutsch/Arabisch) gedruckt",
                 "anonymisierte Kennzahlen erzeugt", "Beispieltext anonymisiert",
                 "Datenbestand geprüft", "7 Ansichten gezeichnet", "Selbsttest bestanden"):
        assert step in done.stdout, done.stdout
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == [], "the throwaway store was left behind"


def test_frozen_version_is_pyproject_version(bundle, tmp_path):
    assert bundle.folder.name == f"kimdesk-{VERSION}"
    done = run_bundle(bundle.executable, "--version", home=tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, f"KIMdesk {VERSION}")


@pytest.mark.parametrize("removed, named", [
    ("resources/fonts/NotoSansArabic-Regular.ttf",
     "Schriften: Noto Sans Arabic (NotoSansArabic-Regular.ttf) fehlt"),
    ("resources/names/sy.json", "Namenslisten: resources/names/sy.json fehlt"),
    ("resources/districts/kleve.json", "Kreisdaten: resources/districts/kleve.json fehlt"),
    ("kimdesk/store/migrations/versions/0003_printed_documents.py",
     "Datenbank-Migrationen: die Migration 0003 fehlt"),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "Qt-Plugins: qoffscreen fehlt"),
    ("bundle-manifest.json", "das Verzeichnis der mitgelieferten Dateien"),
])
def test_bundle_without_a_resource_fails_naming_it(bundle, tmp_path, removed, named):
    copy = linked_copy(bundle.folder, tmp_path / "bundle")
    (copy / "_internal" / removed).unlink()
    home = tmp_path / "home"
    home.mkdir()
    done = run_bundle(copy / bundle.executable.name, "--self-test", home=home)
    assert done.returncode == 1, done.stdout + done.stderr
    assert named in done.stderr, done.stderr
    assert "Selbsttest fehlgeschlagen" in done.stderr
    assert "Bitte KIMdesk neu installieren" in done.stderr
    assert "Traceback" not in done.stderr and "Selbsttest bestanden" not in done.stdout


def test_bundle_leaves_out_what_the_desk_does_not_use(bundle):
    internal = bundle.folder / "_internal"
    names = {p.name for p in internal.rglob("*")}
    for absent in ("fastapi", "uvicorn", "starlette", "pytest", "playwright", "hypothesis",
                   "libQt6Network.so.6", "libQt6Svg.so.6", "libgtk-3.so.0", "libqwayland.so",
                   "libqgtk3.so", "mypy", "ast_serialize"):
        assert absent not in names, f"{absent} is in the bundle"
    assert not (internal / "scipy").exists() and not (internal / "scipy.libs").exists()
    archived = _archived_packages(bundle.executable)
    for unused in ("scipy", "pygments", "rich", "click", "setuptools", "phonenumbers.geodata"):
        assert unused not in archived, f"{unused} is in the bundle's archive"
    assert {"kimdesk", "sqlalchemy", "numpy", "phonenumbers.data"} <= archived
    assert not list(internal.glob("PySide6/Qt/translations/*_fr.qm"))
    assert (internal / "PySide6/Qt/translations/qtbase_de.qm").is_file()
    for kept in ("NotoSans-Regular.ttf", "NotoSansArabic-Bold.ttf", "LICENSE", "NOTICE.md",
                 "CHANGELOG.md", "bundle-manifest.json"):
        assert kept in names, f"{kept} is missing from the bundle"


def _archived_packages(executable: Path) -> set[str]:
    """The packages in the executable's Python archive (first name part, first two)."""
    import tempfile

    from PyInstaller.archive.readers import CArchiveReader, ZlibArchiveReader

    archive = CArchiveReader(str(executable))
    names = set()
    with tempfile.TemporaryDirectory() as tmp:
        for entry in archive.toc:
            if entry.endswith(".pyz"):
                copy = Path(tmp) / entry
                copy.write_bytes(archive.extract(entry))
                modules = ZlibArchiveReader(str(copy)).toc
                names |= {".".join(m.split(".")[:2]) for m in modules}
                names |= {m.split(".")[0] for m in modules}
    return names
