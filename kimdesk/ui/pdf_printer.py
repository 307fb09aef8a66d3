"""Printing on a real printer through Qt's print dialog: finished PDFs and stored photos.

The documents are made by ``kimdesk.printing`` (reportlab) or kept as scans in the store;
pdfium renders each PDF page at the printer's resolution (capped at 300 dpi) and Qt paints
it — no temporary file, no external viewer, the same path on Windows and Linux.
"""

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, Qt
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


def paint_image(image: QImage, printer: QPrinter) -> int:
    """Paint a photo or scan onto one page, as large as the printable area allows without
    distorting it (a residence title photographed sideways stays readable); returns 1."""
    printer.setFullPage(False)
    painter = QPainter(printer)
    try:
        area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        size = image.size().scaled(area.width(), area.height(),
                                   Qt.AspectRatioMode.KeepAspectRatio)
        painter.drawImage(QRect(0, 0, size.width(), size.height()), image)
        return 1
    finally:
        painter.end()


def ask_printer(title: str, parent: QWidget) -> QPrinter | None:
    """The system print dialog; the chosen printer, or None when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"{title} drucken")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def print_with_dialog(pdf: bytes, title: str, parent: QWidget) -> bool:
    """The system print dialog, then the PDF; True when printed, False when cancelled."""
    printer = ask_printer(title, parent)
    if printer is None:
        return False
    paint_pdf(pdf, printer)
    return True
