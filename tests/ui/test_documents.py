"""Dokumente: scans and photos inside the encrypted store, shown in the app, exported only
by choice (owner-only file, in the Verlauf); other files and oversized ones get a German
message."""

from pypdf import PdfReader
from PySide6.QtGui import QColor, QImage

from kimdesk.casework import attachments
from kimdesk.ui.akte.documents_tab import DocumentsTab
from tests.ui.conftest import wait


def _settle(win) -> None:  # noqa: ANN001
    wait(win)
    wait(win)


def _files(tmp_path):  # noqa: ANN001, ANN202
    from datetime import date

    from kimdesk.casework.printouts import write_pdf
    from kimdesk.casework.today import SECTIONS, Agenda
    from kimdesk.printing.day_list import build_day_list

    pdf = write_pdf(build_day_list(Agenda(date.today()), SECTIONS), tmp_path / "bescheid.pdf")
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f5d8a"))
    photo = tmp_path / "aufenthaltstitel.png"
    image.save(str(photo))
    return pdf, photo


def _tab_with_a_scan_and_a_photo(win, tmp_path):  # noqa: ANN001, ANN202
    """The first person's Dokumente with a PDF "Bescheid Jobcenter" and, newest, a photo."""
    pdf, photo = _files(tmp_path)
    win.workspace.open_client(win.desk.clients.all(limit=1)[0].id)
    _settle(win)
    tab = win.workspace.file.show_tab(DocumentsTab)
    tab.add(pdf, "Bescheid Jobcenter")
    _settle(win)
    tab.add(photo, "Aufenthaltstitel")
    _settle(win)
    return tab, pdf, photo


def test_documents_are_kept_encrypted_viewed_and_exported(desk_window, tmp_path):
    win = desk_window
    ws = win.workspace
    tab, pdf, photo = _tab_with_a_scan_and_a_photo(win, tmp_path)
    assert tab.table.rowCount() == 2
    store_bytes = b"".join(p.read_bytes() for p in win.desk.store.folder.glob("case-file*"))
    assert photo.read_bytes() not in store_bytes  # encrypted: not readable in the file
    tab.table.selectRow(tab.table.rowCount() - 1)  # the PDF (newest first)
    tab.view_current()
    _settle(win)
    assert tab.viewer is not None and tab.viewer.pages and tab.viewer.isVisible()
    tab.viewer.close()
    target = tmp_path / "export.pdf"
    tab.export(tab.table.current_id(), target)
    _settle(win)
    assert PdfReader(target).pages and target.stat().st_mode & 0o077 == 0
    whats = [h.what for h in win.desk.history.for_client(ws.file.client_id)]
    assert "Anhang angelegt" in whats and "Anhang exportiert" in whats


def test_only_pdf_jpeg_png_and_not_too_large(desk_window, tmp_path):
    win = desk_window
    ws = win.workspace
    ws.open_client(win.desk.clients.all(limit=1)[0].id)
    _settle(win)
    tab = ws.file.show_tab(DocumentsTab)
    text = tmp_path / "notiz.pdf"
    text.write_text("kein PDF, nur Text", encoding="utf-8")
    tab.add(text)
    _settle(win)
    assert "kein PDF, JPEG- oder PNG-Bild" in win.messages.text()
    huge = tmp_path / "riesig.pdf"
    with huge.open("wb") as out:
        out.write(b"%PDF-1.4\n")
        out.truncate(attachments.MAX_BYTES + 1)
    tab.add(huge)
    _settle(win)
    assert "höchstens" in win.messages.text() and tab.table.rowCount() == 0


def _answer_warning(button_text: str, seen: list[str]) -> None:
    """Click ``button_text`` in the next message box as soon as it is open (it is modal)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == button_text).click()

    QTimer.singleShot(0, look)


def _pdf_printer(tmp_path, name: str):  # noqa: ANN001, ANN202
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / name))
    return printer


def test_a_stored_document_prints_from_the_viewer_after_the_warning(desk_window, tmp_path,
                                                                   monkeypatch):
    import pypdfium2 as pdfium

    win = desk_window
    ws = win.workspace
    tab, pdf, _photo = _tab_with_a_scan_and_a_photo(win, tmp_path)
    printers = []

    def system_dialog(title, parent):  # noqa: ANN001, ANN202 - the OS print dialog
        printers.append(_pdf_printer(tmp_path, f"printed-{len(printers)}.pdf"))
        return printers[-1]

    monkeypatch.setattr("kimdesk.ui.pdf_printer.ask_printer", system_dialog)
    seen: list[str] = []
    # the photo (newest first): one page, the blue of the scan in its upper left part
    tab.table.selectRow(0)
    tab.view_current()
    _settle(win)
    assert tab.viewer is not None and tab.viewer.print_button.isEnabled()
    _answer_warning("Drucken …", seen)
    tab.viewer.print_button.click()
    _settle(win)
    assert seen and "persönliche Daten" in seen[0]
    printed = pdfium.PdfDocument(tmp_path / "printed-0.pdf")
    try:
        assert len(printed) == 1
        pixel = printed[0].render(scale=0.5).to_pil().getpixel((20, 20))[:3]
    finally:
        printed.close()
    assert all(abs(a - b) <= 3 for a, b in zip(pixel, (0x2f, 0x5d, 0x8a), strict=True))
    tab.viewer.close()
    # the PDF: every page printed
    tab.table.selectRow(1)
    tab.view_current()
    _settle(win)
    _answer_warning("Drucken …", seen)
    tab.viewer.print_button.click()
    _settle(win)
    assert len(PdfReader(tmp_path / "printed-1.pdf").pages) == len(PdfReader(pdf).pages)
    whats = [h.what for h in win.desk.history.for_client(ws.file.client_id)]
    assert whats.count("Anhang gedruckt") == 2 and "Anhang exportiert" not in whats
    assert "Gedruckt: Bescheid Jobcenter" in win.messages.text()
    # Abbrechen at the warning: no print dialog, nothing in the Verlauf
    _answer_warning("Abbrechen", seen)
    tab.viewer.print_button.click()
    _settle(win)
    assert len(printers) == 2
    whats = [h.what for h in win.desk.history.for_client(ws.file.client_id)]
    assert whats.count("Anhang gedruckt") == 2
    tab.viewer.close()
