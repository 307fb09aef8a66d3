"""Drucken aus der Akte: Integrationsplan, Einwilligung, Terminzettel, Auskunft (Art. 15).

The document is prepared on the store worker; printing goes through the system dialog,
saving as PDF only after a warning that the file is not encrypted. Every printout is
recorded in the case (version, date) by ``kimdesk.printing``.
"""

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kimdesk import catalogues
from kimdesk.ui.keyboard import prepare as prepare_keyboard
from kimdesk.ui.pdf_printer import print_with_dialog
from kimdesk.ui.view import Context

DOCUMENTS = (("plan", "Integrationsplan / Zielvereinbarung"),
             ("consent", "Einwilligungserklärung"),
             ("slip", "Terminzettel (nächster Termin)"),
             ("export", "Auskunft nach Art. 15 DSGVO (nur Deutsch)"))
SAVE_WARNING = ("Die PDF-Datei ist nicht verschlüsselt und enthält persönliche Daten. Bitte "
                "nur speichern, wenn es nötig ist, und die Datei danach löschen.")
PRINT_WARNING = ("Der Ausdruck enthält persönliche Daten. Bitte sofort am Drucker abholen, "
                 "nur der Person selbst oder Berechtigten geben und nicht mehr Benötigtes "
                 "vernichten. Der Druck wird im Verlauf der Akte vermerkt.")


def confirm_print(parent: QWidget, title: str) -> bool:
    """The warning before a stored document goes to paper; True when the user goes on."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, PRINT_WARNING,
                      QMessageBox.StandardButton.Cancel, parent)
    go = box.addButton("&Drucken …", QMessageBox.ButtonRole.AcceptRole)
    box.button(QMessageBox.StandardButton.Cancel).setText("Abbrechen")
    box.setDefaultButton(go)
    box.exec()
    return box.clickedButton() is go


def language_options(client_languages: list[str]) -> list[tuple[str, str]]:
    """Printable second languages, the client's own first."""
    from kimdesk.printing.labels import printable_languages

    printable = [code for code in printable_languages() if code != "de"]
    own = [code for code in client_languages if code in printable]
    ordered = own + [code for code in printable if code not in own]
    return [("de", "nur Deutsch")] + [(code, catalogues.label("languages", code))
                                      for code in ordered]


class PrintDialog(QDialog):
    def __init__(self, ctx: Context, client_id: int, case_id: int | None,
                 client_languages: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.client_id, self.case_id = ctx, client_id, case_id
        self.setWindowTitle("Drucken — KIMdesk")
        self.document = QComboBox()
        self.document.setAccessibleName("Dokument")
        for key, label in DOCUMENTS:
            self.document.addItem(label, key)
        self.language = QComboBox()
        self.language.setAccessibleName("Zweite Sprache")
        for code, label in language_options(client_languages):
            self.language.addItem(label, code)
        if self.language.count() > 1 and client_languages:
            self.language.setCurrentIndex(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Dokument:", self.document)
        form.addRow("Zweite &Sprache:", self.language)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton("&Drucken …")
        self.save_button = QPushButton("Als &PDF speichern …")
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("Schließen", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(lambda: self.prepare("print"))
        self.save_button.clicked.connect(lambda: self.prepare("save"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.printed: Any = None
        prepare_keyboard(self)

    def prepare(self, then: str) -> None:
        from kimdesk.casework import printouts

        store, cid, case_id = self.ctx.desk.store, self.client_id, self.case_id
        kind, lang = self.document.currentData(), self.language.currentData()
        makers = {
            "plan": lambda: printouts.prepare_plan(store, cid, lang, case_id=case_id),
            "consent": lambda: printouts.prepare_consent(store, cid, lang),
            "slip": lambda: printouts.prepare_slip(store, cid, lang),
            "export": lambda: printouts.prepare_export(store, cid),
        }
        self.status.setText("Das Dokument wird erstellt …")
        self.ctx.runner.run(makers[kind], lambda printed: self._ready(printed, then),
                            self._failed, owner=self)

    def _failed(self, message: str) -> None:
        self.status.setText(message)

    def _ready(self, printed: Any, then: str) -> None:
        self.printed = printed
        self.status.clear()
        if then == "print":
            self.print_now(printed)
        else:
            self.ask_save(printed)

    def print_now(self, printed: Any) -> None:
        from kimdesk.casework import printouts

        if print_with_dialog(printed.pdf, self.document.currentText(), self):
            store, actor = self.ctx.desk.store, self.ctx.desk.case_manager
            self.ctx.runner.run(lambda: printouts.record(store, printed, actor),
                                lambda _id: self._recorded(printed), self._failed, owner=self)

    def ask_save(self, printed: Any) -> None:
        QMessageBox.warning(self, "PDF speichern", SAVE_WARNING)
        path, _ = QFileDialog.getSaveFileName(self, "Als PDF speichern",
                                              printed.suggested_filename, "PDF (*.pdf)")
        if path:
            self.save_to(printed, Path(path))

    def save_to(self, printed: Any, path: Path) -> None:
        from kimdesk.casework import printouts

        store, actor = self.ctx.desk.store, self.ctx.desk.case_manager
        self.ctx.runner.run(lambda: printouts.save(store, printed, path, actor),
                            lambda _path: self._recorded(printed), self._failed, owner=self)

    def _recorded(self, printed: Any) -> None:
        stamp = printed.stamp
        self.status.setText(f"Erledigt: Dokument {stamp.document_id}, Version {stamp.version}.")
        self.ctx.data_changed()
