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


def test_documents_are_kept_encrypted_viewed_and_exported(desk_window, tmp_path):
    win = desk_window
    pdf, photo = _files(tmp_path)
    ws = win.workspace
    ws.open_client(win.desk.clients.all(limit=1)[0].id)
    _settle(win)
    tab = ws.file.show_tab(DocumentsTab)
    tab.add(pdf, "Bescheid Jobcenter")
    _settle(win)
    tab.add(photo)
    _settle(win)
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
    assert "Anhang angelegt" in whats and "Anhang gedruckt" in whats


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
