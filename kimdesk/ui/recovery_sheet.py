"""The recovery key on paper: printed once at setup, or saved as a PDF to print later."""

import os
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtGui import QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

PDF_WARNING = ("Bitte die PDF-Datei auf einem separaten Datenträger (z. B. USB-Stick) "
               "speichern oder sofort ausdrucken und danach vom Laptop löschen: Wer sie "
               "zusammen mit dem Laptop hat, kann alle Fallakten lesen.")


def recovery_document(recovery_key: str, profile_label: str, district: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(
        "<h2>KIMdesk — Wiederherstellungsschlüssel</h2>"
        f"<p>Profil: <b>{escape(profile_label)}</b><br>Kreis: {escape(district)}<br>"
        f"Erstellt am {date.today():%d.%m.%Y}</p>"
        f"<p style='font-family: monospace; font-size: 16pt'>{escape(recovery_key)}</p>"
        "<p>Dieser Schlüssel öffnet den verschlüsselten Datenbestand, wenn die Passphrase "
        "vergessen wurde. Bitte verschlossen aufbewahren — getrennt vom Laptop. Wer ihn hat, "
        "kann alle Fallakten dieses Profils lesen.</p>")
    return doc


def save_pdf(doc: QTextDocument, path: Path) -> Path:
    """Write the sheet; the file is private (0600) before a byte of the key is in it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(str(path))
    doc.print_(printer)
    return path


def print_with_dialog(doc: QTextDocument, parent: QWidget) -> bool:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Wiederherstellungsschlüssel drucken")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    doc.print_(printer)
    return True
