"""Print or save the Tagesliste from Heute — after the warning every printout carries."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from kimdesk.ui.pdf_printer import print_with_dialog
from kimdesk.ui.print_dialog import SAVE_WARNING

if TYPE_CHECKING:
    from kimdesk.ui.today_view import TodayView

CHOICE = ("Die Tagesliste enthält Namen und Termine. Bitte nur mitnehmen, was für die "
          "Termine nötig ist, und danach vernichten.")


def build(view: "TodayView", agenda: Any, then: Any) -> None:  # noqa: ANN401 - callbacks
    from kimdesk.casework.today import SECTIONS
    from kimdesk.printing.day_list import build_day_list

    author = view.desk.case_manager
    view.run(lambda: build_day_list(agenda, SECTIONS, author), then)


def print_day_list(view: "TodayView", agenda: Any) -> None:  # noqa: ANN401
    box = QMessageBox(QMessageBox.Icon.Warning, "Tagesliste", CHOICE,
                      QMessageBox.StandardButton.Cancel, view)
    printer = box.addButton("Drucken …", QMessageBox.ButtonRole.AcceptRole)
    pdf = box.addButton("Als PDF speichern …", QMessageBox.ButtonRole.ActionRole)
    box.button(QMessageBox.StandardButton.Cancel).setText("Abbrechen")
    box.exec()
    if box.clickedButton() is printer:
        build(view, agenda, lambda data: print_with_dialog(data, "Tagesliste", view))
    elif box.clickedButton() is pdf:
        QMessageBox.warning(view, "PDF speichern", SAVE_WARNING)
        path, _ = QFileDialog.getSaveFileName(view, "Tagesliste speichern",
                                              f"Tagesliste-{agenda.today:%Y-%m-%d}.pdf",
                                              "PDF (*.pdf)")
        if path:
            save_day_list(view, agenda, Path(path))


def save_day_list(view: "TodayView", agenda: Any, path: Path) -> None:  # noqa: ANN401
    from kimdesk.casework.printouts import write_pdf

    build(view, agenda, lambda data: view.run(
        lambda: write_pdf(data, path),
        lambda _p: view.ctx.messages.info(f"Tagesliste gespeichert: {path.name}")))
