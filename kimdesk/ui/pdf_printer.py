"""Printing a finished PDF on a real printer through Qt's print dialog.

The documents are made by ``kimdesk.printing`` (reportlab); pdfium renders each page at the
printer's resolution (capped at 300 dpi) and Qt paints it — no temporary file, no external
viewer, the same path on Windows and Linux.
"""

import pypdfium2 as pdfium
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget


def paint_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Paint every page of ``pdf`` onto ``printer``; returns the number of pages."""
    document = pdfium.PdfDocument(pdf)
    printer.setFullPage(True)
    dpi = min(printer.resolution(), 300)
    painter = QPainter(printer)
    try:
        for index in range(len(document)):
            if index:
                printer.newPage()
            bitmap = document[index].render(scale=dpi / 72, rev_byteorder=True)
            pixels = bitmap.to_numpy()
            height, width = pixels.shape[:2]
            image = QImage(pixels.data, width, height, pixels.strides[0],
                           QImage.Format.Format_RGB888)
            paper = printer.paperRect(QPrinter.Unit.DevicePixel).toRect()
            painter.drawImage(QRect(0, 0, paper.width(), paper.height()), image)
        return len(document)
    finally:
        painter.end()
        document.close()


def print_with_dialog(pdf: bytes, title: str, parent: QWidget) -> bool:
    """The system print dialog; True when printed, False when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"{title} drucken")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    paint_pdf(pdf, printer)
    return True
