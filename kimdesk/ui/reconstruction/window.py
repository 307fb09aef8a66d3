"""The reconstruction editor in a window of its own, opened from the Akte.

A top-level window, so the lock hides it with everything else; the sheet is written only
where the case manager chose to save it, atomically and readable by the owner only (0600).
"""

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QVBoxLayout, QWidget

from kimdesk.store.atomic import write_atomic
from kimdesk.ui.reconstruction.editor import ReconstructionEditor
from kimdesk.ui.tasks import USER_ERRORS, user_message

log = logging.getLogger("kimdesk.ui")


class ReconstructionWindow(QWidget):
    def __init__(self, service: Any, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Fallrekonstruktion — KIMdesk")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # never larger than the screen (1366×768, or 1280×720 at 150 %): it scrolls inside
        screen = (parent.screen() if parent is not None else QApplication.primaryScreen())
        free = screen.availableGeometry()
        self.resize(min(1100, free.width()), min(760, free.height() - 40))
        self.service = service
        self.editor = ReconstructionEditor.for_case(service, case_id,
                                                    print_sheet=self._save_sheet)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)

    def _save_sheet(self, reconstruction_id: int) -> Path | None:
        """Ask where, then write the PDF; errors appear as a German message box.
        Returns the written path (None when cancelled or failed)."""
        from kimdesk.reconstruction.sheet import build_sheet

        content, reviewed = self.service.sheet_content(reconstruction_id)
        if not reviewed:
            answer = QMessageBox.question(
                self, "Noch nicht geprüft",
                "Die Datenschutzprüfung ist noch nicht abgeschlossen. Das Blatt wird als "
                "ENTWURF gedruckt und kann noch Namen enthalten. Trotzdem speichern?")
            if answer != QMessageBox.StandardButton.Yes:
                return None
        path, _ = QFileDialog.getSaveFileName(self, "Blatt speichern",
                                              "Fallrekonstruktion.pdf", "PDF (*.pdf)")
        if not path:
            return None
        target = Path(path)
        try:
            write_atomic(target, build_sheet(content, reviewed), mode=0o600)
        except Exception as exc:  # noqa: BLE001 - shown as a German sentence, never a trace
            if not isinstance(exc, (OSError, *USER_ERRORS)):
                log.error("saving the reconstruction sheet failed", exc_info=True)
            QMessageBox.warning(self, "Blatt nicht gespeichert",
                                f"Das Blatt konnte nicht gespeichert werden. {user_message(exc)}")
            return None
        return target
