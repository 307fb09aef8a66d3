"""Hilfe → Über KIMdesk: app version and the store's schema version, to read out or copy
for the IT or support desk (nothing of any case is shown)."""

from collections.abc import Callable

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kimdesk.casework.versions import Versions

LICENCE = ("Lizenz: EUPL-1.2. Verwendete Bibliotheken, Schriften (Noto, SIL OFL 1.1) und "
           "Daten mit ihren Lizenzen: NOTICE.md im Installationsordner.")


class AboutDialog(QDialog):
    def __init__(self, versions: Versions, profile_label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Über KIMdesk")
        self.versions = versions
        schema = f"{versions.schema} (aktuell)" if versions.schema_current else (
            f"{versions.schema} (diese Version kennt bis {versions.schema_head})")
        self.rows = {
            "Version": f"KIMdesk {versions.app}",
            "Datenbestand": f"{profile_label}, Schema {schema}",
            "Laufzeit": f"Python {versions.python}, Qt for Python {pyside_version}",
        }
        box = QVBoxLayout(self)
        title = QLabel("<b>KIMdesk</b> – verschlüsselte Fallakte für das Kommunale "
                       "Integrationsmanagement")
        title.setWordWrap(True)
        box.addWidget(title)
        form = QFormLayout()
        for label, value in self.rows.items():
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAccessibleName(label)
            form.addRow(f"{label}:", shown)
        box.addLayout(form)
        licence = QLabel(LICENCE)
        licence.setWordWrap(True)
        box.addWidget(licence)
        buttons = QDialogButtonBox()
        copy = buttons.addButton("Angaben &kopieren", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        close = buttons.addButton("&Schließen", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        close.setDefault(True)
        box.addWidget(buttons)
        self.setMinimumWidth(460)

    def text(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in self.rows.items())

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())


def help_button(parent: QWidget, show_about: Callable[[], None]) -> QToolButton:
    """"Hilfe (F1)" for the toolbar: a menu with "Über KIMdesk"; F1 opens that at once."""
    about = QAction("Ü&ber KIMdesk …", parent)
    about.triggered.connect(lambda _checked=False: show_about())
    menu = QMenu(parent)
    menu.addAction(about)
    button = QToolButton(parent)
    button.setText("Hilfe")
    button.setAccessibleName("Hilfe")
    button.setToolTip("Hilfe: Über KIMdesk (F1)")
    button.setMenu(menu)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    shortcut = QAction(parent)
    shortcut.setShortcut(QKeySequence("F1"))
    shortcut.triggered.connect(lambda _checked=False: show_about())
    parent.addAction(shortcut)
    return button
