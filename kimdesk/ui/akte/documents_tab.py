"""Dokumente: scans and photos of the person, kept inside the encrypted store; shown in the
app's own viewer, printed or exported only after the warning every printout carries."""

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kimdesk.casework.attachments import LABELS, AttachmentInfo, size_text
from kimdesk.ui.akte.base import FileTab
from kimdesk.ui.akte.data import FileData
from kimdesk.ui.tables import ListTable

logger = logging.getLogger(__name__)
#: the viewer renders at most this many pages of a PDF (a Bescheid has a few)
MAX_PAGES = 20


class DocumentsTab(FileTab):
    title = "Dokumente"

    def __init__(self, file_view) -> None:  # noqa: ANN001 - ClientFileView
        super().__init__(file_view)
        self.infos: list[AttachmentInfo] = []
        self.viewer: DocumentViewer | None = None
        layout = QVBoxLayout(self.body)
        note = QLabel("Bescheide, Aufenthaltstitel, Nachweise: PDF, JPEG oder PNG bis 20 MB. "
                      "Sie bleiben verschlüsselt in KIMdesk; eine Datei entsteht nur beim "
                      "Exportieren.")
        note.setObjectName("subtitle")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = ListTable(["Titel", "Art", "Größe", "Hinzugefügt"], "Dokumente", 0,
                               "Noch keine Dokumente. „Dokument hinzufügen …“ nimmt einen "
                               "Scan oder ein Foto auf.")
        self.table.activated.connect(lambda _i: self.view_current())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        for text, slot in (("Dokument &hinzufügen …", self.ask_add),
                           ("&Ansehen (Eingabe)", self.view_current),
                           ("E&xportieren …", self.ask_export),
                           ("&Löschen …", self.ask_delete)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

    def refresh(self, data: FileData) -> None:
        self.reload_list()

    def reload_list(self) -> None:
        attachments, client_id = self.desk.attachments, self.file.client_id
        if client_id is None:
            return
        self.run(lambda: attachments.list(client_id), self._show)

    def _show(self, infos: list[AttachmentInfo]) -> None:
        self.infos = infos
        self.table.set_rows([[i.title, LABELS.get(i.kind, i.kind), size_text(i.size),
                              f"{i.added_at:%d.%m.%Y}"] for i in infos], [i.id for i in infos])

    # -- actions ------------------------------------------------------------------------
    def ask_add(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Dokument hinzufügen", str(Path.home()),
                                              "Scans und Fotos (*.pdf *.jpg *.jpeg *.png)")
        if path:
            self.add(Path(path))

    def add(self, path: Path, title: str = "") -> None:
        attachments, client_id = self.desk.attachments, self.file.client_id
        if client_id is None:
            return
        self.run(lambda: attachments.add(client_id, path, title),
                 lambda _id: self._changed("Dokument hinzugefügt."))

    def view_current(self) -> None:
        attachment_id = self.table.current_id()
        if attachment_id is None:
            self.ctx.messages.error("Bitte zuerst ein Dokument in der Liste auswählen.")
            return
        attachments = self.desk.attachments
        title = next((i.title for i in self.infos if i.id == attachment_id), "Dokument")
        self.run(lambda: attachments.data(attachment_id),
                 lambda result: self._open_viewer(attachment_id, title, *result))

    def _open_viewer(self, attachment_id: int, title: str, kind: str, data: bytes) -> None:
        self.viewer = DocumentViewer(title, kind, data, self, lambda viewer: self.print_document(
            attachment_id, title, kind, data, viewer))
        self.viewer.show()

    def print_document(self, attachment_id: int, title: str, kind: str, data: bytes,
                       parent: QWidget) -> bool:
        """Warning, the system print dialog, the pages, then the entry in the Verlauf."""
        from kimdesk.ui.pdf_printer import ask_printer, paint_image, paint_pdf
        from kimdesk.ui.print_dialog import confirm_print

        if not confirm_print(parent, f"{title} drucken"):
            return False
        printer = ask_printer(title, parent)
        if printer is None:
            return False
        try:
            if kind == "pdf":
                paint_pdf(data, printer)
            else:
                paint_image(QImage.fromData(data), printer)
        except Exception:  # noqa: BLE001 - a damaged scan must not end the app
            logger.exception("printing attachment %s failed", attachment_id)
            self.ctx.messages.error("Das Dokument konnte nicht gedruckt werden. Bitte den "
                                    "Drucker prüfen oder das Dokument exportieren und von "
                                    "dort drucken.")
            return False
        attachments = self.desk.attachments
        self.run(lambda: attachments.record_printed(attachment_id),
                 lambda _r: self._changed(f"Gedruckt: {title}. Bitte am Drucker abholen."))
        return True

    def ask_export(self) -> None:
        attachment_id = self.table.current_id()
        if attachment_id is None:
            self.ctx.messages.error("Bitte zuerst ein Dokument in der Liste auswählen.")
            return
        from kimdesk.ui.print_dialog import SAVE_WARNING  # (loads the PDF printer on demand)

        QMessageBox.warning(self, "Dokument exportieren", SAVE_WARNING)
        info = next(i for i in self.infos if i.id == attachment_id)
        suffix = {"pdf": ".pdf", "jpeg": ".jpg", "png": ".png"}.get(info.kind, "")
        path, _ = QFileDialog.getSaveFileName(self, "Dokument exportieren",
                                              f"{info.title}{suffix}")
        if path:
            self.export(attachment_id, Path(path))

    def export(self, attachment_id: int, path: Path) -> None:
        attachments = self.desk.attachments
        self.run(lambda: attachments.export(attachment_id, path),
                 lambda _p: self._changed(f"Exportiert: {path.name} — bitte nach Gebrauch "
                                          "löschen."))

    def ask_delete(self) -> None:
        attachment_id = self.table.current_id()
        if attachment_id is None:
            return
        answer = QMessageBox.question(
            self, "Dokument löschen", "Dieses Dokument endgültig löschen?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(attachment_id)

    def delete(self, attachment_id: int, reason: str = "") -> None:
        attachments = self.desk.attachments
        self.run(lambda: attachments.delete(attachment_id, reason),
                 lambda _r: self._changed("Dokument gelöscht."))

    def _changed(self, message: str) -> None:
        self.ctx.messages.info(message)
        self.file.reload()


class DocumentViewer(QDialog):
    """The document inside KIMdesk: pages of a PDF or the photo, scrolled, never a file."""

    def __init__(self, title: str, kind: str, data: bytes, parent: QWidget,
                 on_print: Callable[["DocumentViewer"], object] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} — KIMdesk")
        self.pages: list[QLabel] = []
        inner = QWidget()
        column = QVBoxLayout(inner)
        for image in _images(kind, data):
            page = QLabel()
            page.setPixmap(QPixmap.fromImage(image).scaledToWidth(
                min(image.width(), 900), Qt.TransformationMode.SmoothTransformation))
            page.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            column.addWidget(page)
            self.pages.append(page)
        if not self.pages:
            column.addWidget(QLabel("Dieses Dokument kann nicht angezeigt werden."))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.print_button = QPushButton("&Drucken …")
        self.print_button.setAccessibleName("Dokument drucken")
        self.print_button.setEnabled(on_print is not None and bool(self.pages))
        if on_print is not None:
            self.print_button.clicked.connect(lambda: on_print(self))
        buttons.addWidget(self.print_button)
        close = QPushButton("&Schließen")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        screen = parent.screen().availableGeometry()
        self.resize(min(960, screen.width()), min(720, screen.height() - 40))


def _images(kind: str, data: bytes) -> list[QImage]:
    if kind != "pdf":
        image = QImage.fromData(data)
        return [] if image.isNull() else [image]
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        images = []
        for index in range(min(len(document), MAX_PAGES)):
            bitmap = document[index].render(scale=1.5, rev_byteorder=True)
            pixels = bitmap.to_numpy()
            height, width = pixels.shape[:2]
            images.append(QImage(pixels.data, width, height, pixels.strides[0],
                                 QImage.Format.Format_RGB888).copy())
        return images
    finally:
        document.close()
