"""Is everything the app loads from disk there? Each problem as a German phrase.

A frozen bundle carries ``bundle-manifest.json`` (written by the build: every file under
``resources/`` and the store migrations, with sizes); each listed file must be present.
Besides, and in a source tree too, the things that fail late or abort the process are
checked directly: the Noto fonts the printouts need, the Alembic migration chain, the Qt
platform plugins (a missing one aborts Qt with an English message), the keyring backends.
"""

import importlib
import json
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

MANIFEST = "bundle-manifest.json"

#: what a folder under resources/ (or the migrations) holds, for the German message
KINDS = {"fonts": "Schriften", "names": "Namenslisten", "catalogues": "Kataloge",
         "districts": "Kreisdaten", "translations": "Übersetzungen",
         "service_directory": "Versorgungssystem", "migrations": "Datenbank-Migrationen"}


def bundle_root() -> Path | None:
    """The unpacked bundle folder when frozen (PyInstaller), else None."""
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) if getattr(sys, "frozen", False) and base else None


def kind_of(relative: str) -> str:
    parts = Path(relative).parts
    for part in parts:
        if part in KINDS:
            return KINDS[part]
    return "Programmdatei"


def missing_resources() -> list[str]:
    """Every problem found, each naming the missing or broken thing; empty when all is well."""
    problems: list[str] = []
    root = bundle_root()
    if root is not None:
        problems += list(_manifest_gaps(root))
    problems += list(_font_gaps(frozen=root is not None))
    problems += list(_migration_gaps())
    problems += list(_qt_plugin_gaps())
    problems += list(_keyring_gaps())
    return problems


def write_manifest(bundle: Path, folders: tuple[str, ...] = ("resources",
                                                             "kimdesk/store/migrations")
                   ) -> Path:
    """List every data file of a built bundle (used by the build, not at run time)."""
    files: dict[str, int] = {}
    for folder in folders:
        for path in sorted((bundle / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[path.relative_to(bundle).as_posix()] = path.stat().st_size
    target = bundle / MANIFEST
    target.write_text(json.dumps({"files": files}, indent=1, ensure_ascii=False), "utf-8")
    return target


def _manifest_gaps(root: Path) -> Iterator[str]:
    try:
        listed = json.loads((root / MANIFEST).read_text("utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        yield (f"das Verzeichnis der mitgelieferten Dateien ({MANIFEST}) fehlt oder ist "
               "unlesbar")
        return
    for relative, size in listed.items():
        path = root / relative
        if not path.is_file():
            yield f"{kind_of(relative)}: {relative} fehlt"
        elif path.stat().st_size != size:
            yield f"{kind_of(relative)}: {relative} ist beschädigt (Größe stimmt nicht)"


def _font_gaps(frozen: bool) -> Iterator[str]:
    from kimdesk.catalogues import resource_path
    from kimdesk.printing import fonts

    for family, regular, bold in fonts.FAMILIES.values():
        for filename in (regular, bold):
            # a bundle must carry its fonts (Windows has no Noto); a source tree may use
            # the system's (Debian: fonts-noto-core)
            found = (resource_path("fonts", filename) if frozen
                     else fonts.find_font_file(filename))
            if found is None or not found.is_file():
                yield f"Schriften: {family} ({filename}) fehlt"


def _migration_gaps() -> Iterator[str]:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    from kimdesk.store import migrate

    folder = migrate.MIGRATIONS_DIR
    if not (folder / "env.py").is_file():
        yield f"Datenbank-Migrationen: {folder / 'env.py'} fehlt"
        return
    try:
        with warnings.catch_warnings():  # alembic warns, then fails, on a gap in the chain
            warnings.simplefilter("ignore")
            script = ScriptDirectory.from_config(migrate.alembic_config())
            heads = script.get_heads()
            revisions = list(script.walk_revisions())
    except KeyError as exc:  # a down_revision whose file is not there
        yield f"Datenbank-Migrationen: die Migration {exc.args[0]} fehlt (in {folder / 'versions'})"
        return
    except (CommandError, ImportError, OSError) as exc:
        yield f"Datenbank-Migrationen: unvollständig in {folder / 'versions'} ({exc})"
        return
    if len(heads) != 1:
        yield f"Datenbank-Migrationen: {len(heads)} Endstände statt einem ({', '.join(heads)})"
    if revisions and revisions[-1].down_revision is not None:
        yield (f"Datenbank-Migrationen: die Migration {revisions[-1].down_revision} fehlt "
               f"(in {folder / 'versions'})")


def _qt_plugin_gaps() -> Iterator[str]:
    try:
        from PySide6.QtCore import QLibraryInfo
    except ImportError as exc:
        yield f"Qt-Bibliotheken: {exc.name or 'PySide6'} fehlt"
        return
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    native = {"win32": "qwindows", "darwin": "qcocoa"}.get(sys.platform, "qxcb")
    for name in ("qoffscreen", native):
        if not any((plugins / "platforms").glob(f"*{name}.*")):
            yield f"Qt-Plugins: {name} fehlt (in {plugins / 'platforms'})"


def _keyring_gaps() -> Iterator[str]:
    native = {"win32": "keyring.backends.Windows", "darwin": "keyring.backends.macOS"}.get(
        sys.platform, "keyring.backends.SecretService")
    for module in ("keyring.backends.fail", native):
        try:
            importlib.import_module(module)
        except ImportError:
            yield f"Schlüsselbund-Anbindung: {module} fehlt"
