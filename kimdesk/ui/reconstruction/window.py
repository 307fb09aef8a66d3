"""The reconstruction editor in a window of its own, opened from the Akte.

A top-level window, so the lock hides it with everything else; the sheet is written only
where the case manager chose to save it.
"""

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QVBoxLayout, QWidget

from kimdesk.ui.reconstruction.editor import ReconstructionEditor


class ReconstructionWindow(QWidget):
    def __init__(self, service: Any, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Fallrekonstruktion — KIMdesk")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1100, 760)
        self.service = service
        self.editor = ReconstructionEditor.for_case(service, case_id,
                                                    print_sheet=self._save_sheet)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)

    def _save_sheet(self, reconstruction_id: int) -> None:
        from kimdesk.printing.reconstruction_sheet import build_sheet

        content, reviewed = self.service.sheet_content(reconstruction_id)
        if not reviewed:
            answer = QMessageBox.question(
                self, "Noch nicht geprüft",
                "Die Datenschutzprüfung ist noch nicht abgeschlossen. Das Blatt wird als "
                "ENTWURF gedruckt und kann noch Namen enthalten. Trotzdem speichern?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        path, _ = QFileDialog.getSaveFileName(self, "Blatt speichern",
                                              "Fallrekonstruktion.pdf", "PDF (*.pdf)")
        if path:
            target = Path(path)
            target.write_bytes(build_sheet(content, reviewed))
            target.chmod(0o600)
