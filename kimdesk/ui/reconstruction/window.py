"""The reconstruction editor in a window of its own, opened from the Akte.

A top-level window, so the lock hides it with everything else. The reconstruction is loaded
(or started from the case's proposals) on the task runner; the sheet is built and written
there too, only where the case manager chose to save it, atomically and readable by the
owner only (0600).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QVBoxLayout, QWidget

from kimdesk.store.atomic import write_atomic
from kimdesk.ui.reconstruction.editor import ReconstructionEditor
from kimdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from kimdesk.reconstruction.content import ReconstructionContent
    from kimdesk.reconstruction.workflow import ReconstructionService, ReconstructionView


class ReconstructionWindow(QWidget):
    loaded = Signal()
    sheet_saved = Signal(str)  # the path written

    def __init__(self, service: ReconstructionService, runner: TaskRunner, case_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Fallrekonstruktion — KIMdesk")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # never larger than the screen (1366×768, or 1280×720 at 150 %): it scrolls inside
        screen = (parent.screen() if parent is not None else QApplication.primaryScreen())
        free = screen.availableGeometry()
        self.resize(min(1100, free.width()), min(760, free.height() - 40))
        self.service, self.runner = service, runner
        self.editor: ReconstructionEditor | None = None
        self.status = QLabel("Die Fallrekonstruktion wird geladen …")
        self.status.setObjectName("subtitle")
        self.status.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.status)
        runner.run(lambda: service.in_work(case_id), self._loaded, self.status.setText,
                   owner=self)

    def _loaded(self, view: ReconstructionView) -> None:
        self.editor = ReconstructionEditor(self.service, view, self.runner,
                                           print_sheet=self._save_sheet)
        self.status.hide()
        self._layout.addWidget(self.editor)
        self.loaded.emit()

    def _save_sheet(self, reconstruction_id: int) -> None:
        """Ask where, then build and write the PDF on the runner; errors appear as a German
        message box. ``sheet_saved`` tells the path once it is written."""
        service = self.service
        self.runner.run(lambda: service.sheet_content(reconstruction_id), self._ask_where,
                        self._not_saved, owner=self)

    def _ask_where(self, sheet: tuple[ReconstructionContent, bool]) -> None:
        from kimdesk.reconstruction.sheet import build_sheet

        content, reviewed = sheet
        if not reviewed:
            answer = QMessageBox.question(
                self, "Noch nicht geprüft",
                "Die Datenschutzprüfung ist noch nicht abgeschlossen. Das Blatt wird als "
                "ENTWURF gedruckt und kann noch Namen enthalten. Trotzdem speichern?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        path, _ = QFileDialog.getSaveFileName(self, "Blatt speichern",
                                              "Fallrekonstruktion.pdf", "PDF (*.pdf)")
        if not path:
            return
        target = Path(path)
        self.runner.run(lambda: write_atomic(target, build_sheet(content, reviewed), mode=0o600),
                        lambda _r: self.sheet_saved.emit(str(target)), self._not_saved,
                        owner=self)

    def _not_saved(self, message: str) -> None:
        QMessageBox.warning(self, "Blatt nicht gespeichert",
                            f"Das Blatt konnte nicht gespeichert werden. {message}")
