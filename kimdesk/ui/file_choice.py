"""Choosing a file to open or a place to save, the same way in every dialog.

The file dialog starts in the folder used last (in this session), else in the user's
Dokumente folder — not in the bare home folder, which on a shared or admin account may be
``/root``. Filters name the kind of file in German; opening offers „Alle Dateien“ too, so a
renamed file can still be chosen. Only the folder is remembered, in memory, never on disk.
"""

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

ALL_FILES = "Alle Dateien (*)"
_last_folder: Path | None = None


def start_folder() -> Path:
    """Where a file dialog opens: the folder last used, else Dokumente (made if the account
    has none yet), else home."""
    if _last_folder is not None and _last_folder.is_dir():
        return _last_folder
    documents = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation)
    if documents:  # Qt names it but leaves creating it to the app (a fresh account)
        try:
            Path(documents).mkdir(exist_ok=True)
            return Path(documents)
        except OSError:
            pass
    return Path.home()


def remember(path: Path) -> None:
    """The folder of a chosen file is where the next dialog starts."""
    global _last_folder  # noqa: PLW0603 - one folder per running app, on purpose
    _last_folder = path.parent


def choose_open(parent: QWidget, title: str, kind: str) -> Path | None:
    """A file to open, e.g. ``choose_open(self, "Liste wählen", "Tabellen (*.csv *.xlsx)")``."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder()),
                                          f"{kind};;{ALL_FILES}")
    if not path:
        return None
    remember(Path(path))
    return Path(path)


def choose_save(parent: QWidget, title: str, suggested: str | Path, kind: str) -> Path | None:
    """Where to save; ``suggested`` is a file name (placed in :func:`start_folder`) or a
    whole path (e.g. what the person already typed)."""
    suggested = Path(suggested)
    if not suggested.is_absolute():
        suggested = start_folder() / suggested
    path, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), kind)
    if not path:
        return None
    remember(Path(path))
    return Path(path)
