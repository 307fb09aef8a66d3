"""Start the desktop application: ``run_app()`` for profiles, or on a demo store.

The demo opens the unlock screen of the demo store with its (synthetic) passphrase
already filled in: one press of Enter, and the lock screen is shown as it really is.
"""

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from kimdesk.casework.profiles import Profile, read_profile
from kimdesk.process_guard import harden
from kimdesk.ui.main_window import AppOptions, MainWindow
from kimdesk.ui.style import STYLESHEET
from kimdesk.ui.tasks import UNEXPECTED

log = logging.getLogger("kimdesk.ui")


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("KIMdesk")  # (no display name: Qt would add it to every title)
    _german_dialogs(app)
    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
    return app


def _german_dialogs(app: QApplication) -> None:
    """Qt's own buttons and file dialogs in German ("Ja", "Abbrechen", "Speichern unter")."""
    if app.property("kimdeskTranslator") is not None:
        return
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.German, QLocale.Country.Germany), "qtbase",
                       "_", path):
        app.installTranslator(translator)
        app.setProperty("kimdeskTranslator", True)


def demo_profile(folder: Path) -> Profile:
    found = read_profile(folder)
    label = found.label if found.label != folder.name else "Demo-Datenbestand"
    return Profile(folder, label, found.district_id)


def no_display() -> bool:
    """On Linux without X11/Wayland Qt would abort with an English message."""
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


def run_app(demo_folder: Path | None = None, demo_passphrase: str | None = None) -> int:
    harden()  # the desk holds the data key: no core dumps, private files
    if no_display():
        print("Keine grafische Oberfläche gefunden. KIMdesk bitte am Desktop starten "
              "(ohne Bildschirm: QT_QPA_PLATFORM=offscreen, z. B. für 'kimdesk screenshots').",
              file=sys.stderr)
        return 1
    app = make_application()
    options = AppOptions()
    if demo_folder is not None:
        options.demo_profile = demo_profile(Path(demo_folder))
        options.demo_passphrase = demo_passphrase or ""
    window = MainWindow(options)

    def excepthook(kind, value, tb) -> None:  # noqa: ANN001 - sys.excepthook signature
        log.error("unhandled error", exc_info=(kind, value, tb))
        if os.environ.get("KIMDESK_DEBUG"):
            sys.__excepthook__(kind, value, tb)
        window.messages.error(UNEXPECTED)

    sys.excepthook = excepthook
    window.show()
    try:
        return app.exec()
    finally:
        window.shutdown()
