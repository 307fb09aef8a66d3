"""Löschfristen (Strg+0): the case files due under the district's Löschkonzept, each with
its reason; erase them after a check, or keep one longer with a reason and a date."""

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kimdesk.casework.retention import DueFile, RetentionService
from kimdesk.core import plurals
from kimdesk.core.dates import german
from kimdesk.ui.dialog_height import TextDialog
from kimdesk.ui.erasure_dialog import ErasureDialog
from kimdesk.ui.keyboard import prepare as prepare_keyboard
from kimdesk.ui.tables import ListTable
from kimdesk.ui.view import Context, View


class KeepLongerDialog(TextDialog):
    """Why a due file must be kept (e.g. a running procedure) and until when."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Länger aufbewahren — KIMdesk")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Die Akte „{name}“ wird über die Frist hinaus aufbewahrt. Bitte den "
                       "Grund (z. B. laufendes Verfahren) und das neue Datum festhalten.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        label = QLabel("&Grund")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Grund für die längere Aufbewahrung")
        label.setBuddy(self.reason)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        label = QLabel("Aufbewahren &bis (TT.MM.JJJJ)")
        self.until = QLineEdit()
        self.until.setAccessibleName("Aufbewahren bis")
        self.until.setPlaceholderText("TT.MM.JJJJ")
        label.setBuddy(self.until)
        layout.addWidget(label)
        layout.addWidget(self.until)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = QPushButton("&Abbrechen")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        row.addWidget(cancel)
        self.ok_button = QPushButton("&Festhalten")
        self.ok_button.setObjectName("primary")
        self.ok_button.setDefault(True)
        row.addWidget(self.ok_button)
        layout.addLayout(row)
        prepare_keyboard(self)
        self.reason.setFocus()


class RetentionView(View):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.setObjectName("page")
        self.due: list[DueFile] = []
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        self.title = QLabel("Löschfristen")
        self.title.setObjectName("title")
        layout.addWidget(self.title)
        self.rule = QLabel()
        self.rule.setObjectName("subtitle")
        self.rule.setWordWrap(True)
        layout.addWidget(self.rule)
        self.table = ListTable(["Klient*in", "fällig seit", "Grund"],
                               "Zur Löschung fällige Akten", 2,
                               "")  # (the line under the table says when none is due)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.table, 3)
        row = QHBoxLayout()
        self.status = QLabel()
        row.addWidget(self.status, 1)
        self.open_button = QPushButton("Akte ö&ffnen")
        self.open_button.clicked.connect(self._open_file)
        row.addWidget(self.open_button)
        self.keep_button = QPushButton("Länger auf&bewahren …")
        self.keep_button.clicked.connect(self._keep_longer)
        row.addWidget(self.keep_button)
        self.handover_button = QPushButton("Akten über&geben …")
        self.handover_button.setToolTip("An eine Kollegin / einen Kollegen übergeben "
                                         "(Strg+Umschalt+U)")
        row.addWidget(self.handover_button)
        self.erase_button = QPushButton("Ausgewählte &löschen …")
        self.erase_button.setObjectName("danger")
        self.erase_button.clicked.connect(self._erase)
        row.addWidget(self.erase_button)
        layout.addLayout(row)
        held_label = QLabel("Länger aufbewahrt")
        held_label.setObjectName("sectionTitle")
        layout.addWidget(held_label)
        self.held = ListTable(["Klient*in", "aufbewahren bis", "Grund"],
                              "Länger aufbewahrte Akten", 2,
                              "Keine Akte wird über die Frist hinaus aufbewahrt.")
        layout.addWidget(self.held, 1)
        self.setFocusProxy(self.table)

    @property
    def service(self) -> RetentionService:
        return RetentionService(self.desk.store, self.desk.case_manager)

    def activate(self) -> None:
        service = self.service
        self.run(lambda: (service.years, service.due(), service.held()), self._show)

    def _show(self, result: tuple[int, list[DueFile], list[DueFile]]) -> None:
        years, due, held = result
        self.due = due
        self.rule.setText(f"Löschkonzept des Kreises: Akten werden {years} Jahre nach Ablauf "
                          "des Jahres gelöscht, in dem der letzte Fall abgeschlossen wurde. "
                          "Akten mit offenem Fall sind nie fällig.")
        self.table.set_rows([[f.name, german(f.due_on), f.reason] for f in due],
                            [f.client_id for f in due])
        self.held.set_rows([[f.name, german(f.held_until), f.hold_reason] for f in held],
                           [f.client_id for f in held])
        self.status.setText(f"{plurals.count(len(due), 'Akte')} fällig." if due
                            else "Keine Akte ist zur Löschung fällig.")
        for button in (self.open_button, self.keep_button, self.erase_button):
            button.setEnabled(bool(due))
        if due:
            self.table.selectRow(0)

    def selected(self) -> list[DueFile]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.due[r] for r in rows if r < len(self.due)]

    def _open_file(self) -> None:
        chosen = self.selected()
        if chosen:
            self.ctx.open_client(chosen[0].client_id)

    def _keep_longer(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            self.ctx.messages.error("Bitte genau eine Akte auswählen, die länger aufbewahrt "
                                    "werden soll.")
            return
        target = chosen[0]
        dialog = KeepLongerDialog(target.name, self.window())
        service = self.service

        def submit() -> None:
            reason, until = dialog.reason.text(), dialog.until.text()

            def failed(message: str) -> None:
                dialog.error.setText(message)

            self.run(lambda: service.keep_longer(target.client_id, until, reason),
                     lambda _r: (dialog.accept(), self.ctx.messages.info(
                         f"Die Akte „{target.name}“ wird bis {until} aufbewahrt."),
                         self.activate()), failed)

        dialog.ok_button.clicked.connect(submit)
        self.dialog = dialog
        dialog.open()

    def _erase(self) -> None:
        chosen = self.selected()
        if not chosen:
            self.ctx.messages.error("Bitte zuerst die Akten auswählen, die gelöscht werden "
                                    "sollen.")
            return
        who = chosen[0].name if len(chosen) == 1 else plurals.count(len(chosen), "Akte")
        dialog = ErasureDialog("Fällige Akten löschen", who, "Aufbewahrungsfrist abgelaufen",
                               "Ich habe geprüft, dass nichts die Löschung verbietet "
                               "(z. B. ein laufendes Verfahren).", self.window())
        service, ids = self.service, [f.client_id for f in chosen]

        def erased(count: int) -> None:
            self.ctx.messages.info(f"{plurals.count(count, 'Akte')} vollständig gelöscht.")
            self.ctx.data_changed()
            self.activate()

        dialog.accepted.connect(lambda: self.run(lambda: service.erase_due(ids), erased))
        self.dialog = dialog
        dialog.open()
