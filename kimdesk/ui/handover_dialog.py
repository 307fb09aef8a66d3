"""Akten übergeben (Strg+Umschalt+U, and from Löschfristen): handing case files to a
colleague's profile and taking them over from one (:mod:`kimdesk.casework.handover`).

Two tabs, one for each side. *Abgeben*: the colleague's Übergabecode, the files, where the
package goes; below, the packages not yet confirmed and the field for the colleague's
Quittungscode — only that erases the files here. *Übernehmen*: a one-time Übergabecode to
read out to the colleague, the package to take over, and the Quittungscode to tell back.
"""

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kimdesk.casework.handover import SUFFIX, HandoverService, Imported, Pending
from kimdesk.core import plurals
from kimdesk.ui.dialog_height import TextDialog
from kimdesk.ui.erasure_dialog import ErasureDialog
from kimdesk.ui.file_choice import choose_open, choose_save, start_folder
from kimdesk.ui.keyboard import prepare as prepare_keyboard
from kimdesk.ui.tables import ListTable
from kimdesk.ui.view import Context

PACKAGES = f"KIMdesk-Übergabepaket (*{SUFFIX})"


def _code_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setAccessibleName(name)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setWeight(QFont.Weight.DemiBold)
    field.setFont(font)
    return field


def _tab(intro: str) -> tuple[QWidget, QVBoxLayout]:
    """A tab that starts with its steps in a sentence."""
    tab = QWidget()
    box = QVBoxLayout(tab)
    text = QLabel(intro)
    text.setWordWrap(True)
    text.setObjectName("subtitle")
    box.addWidget(text)
    return tab, box


def _labelled(grid: QGridLayout, row: int, text: str, widget: QWidget,
              extra: QWidget | None = None) -> None:
    label = QLabel(text)
    label.setBuddy(widget)
    grid.addWidget(label, row, 0)
    grid.addWidget(widget, row, 1, 1, 1 if extra else 2)
    if extra is not None:
        grid.addWidget(extra, row, 2)


class _Message(QLabel):
    """A result or error line that takes no room while it is empty."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.setObjectName(kind)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")


def _message(kind: str) -> QLabel:
    return _Message(kind)


class _CompactTable(ListTable):
    """A table that asks for a few lines only and grows with the dialog: the dialog fits
    a 1366×768 laptop and 150 %."""

    def __init__(self, headers: list[str], name: str, rows: int, stretch: int = -1) -> None:
        super().__init__(headers, name, stretch)
        self.rows = rows
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        line = self.fontMetrics().height() + 12
        height = self.horizontalHeader().sizeHint().height() + self.rows * line + 6
        return QSize(super().sizeHint().width(), height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.sizeHint()


class HandoverDialog(TextDialog):
    def __init__(self, ctx: Context, preselect: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preselect = preselect
        self.client_ids: list[int] = []
        self.pending: list[Pending] = []
        self.confirm_dialog: ErasureDialog | None = None
        self.setWindowTitle("Akten übergeben — KIMdesk")
        self.setMinimumWidth(840)
        layout = QVBoxLayout(self)
        heading = QLabel("Akten übergeben oder übernehmen")
        heading.setObjectName("title")
        layout.addWidget(heading)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._give_tab(), "Akten &abgeben")
        self.tabs.addTab(self._take_tab(), "Akten ü&bernehmen")
        layout.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        close = QPushButton("&Schließen")
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        prepare_keyboard(self, reserved="ab")  # the tabs' letters (not widgets of their own)
        self.code.setFocus()

    @property
    def service(self) -> HandoverService:
        desk = self.ctx.desk
        return HandoverService(desk.store, desk.case_manager)

    def run(self, fn, on_done, error_label: QLabel) -> None:  # noqa: ANN001 - callables
        def failed(message: str) -> None:
            error_label.setText(message)

        error_label.clear()
        self.ctx.runner.run(fn, on_done, failed, owner=self)

    # -- Abgeben ------------------------------------------------------------------------
    def _give_tab(self) -> QWidget:
        tab, box = _tab("1. Die Kollegin / der Kollege erzeugt unter „Akten übernehmen“ einen "
                        "Übergabecode und liest ihn vor. 2. Code eingeben, Akten wählen, "
                        "Paket erstellen und weitergeben. 3. Die Akten bleiben hier, bis Sie "
                        "den Quittungscode der Kollegin / des Kollegen eingeben.")
        grid = QGridLayout()
        self.code = _code_field("Übergabecode der Kollegin oder des Kollegen")
        self.code.setPlaceholderText("XXXX-XXXX-… (56 Zeichen)")
        _labelled(grid, 0, "Übergabe&code", self.code)
        self.target = QLineEdit(str(start_folder() / f"KIMdesk-Uebergabe-{date.today():%Y%m%d}"
                                                     f"{SUFFIX}"))
        self.target.setAccessibleName("Paket speichern unter")
        browse = QPushButton("&Durchsuchen …")
        browse.setAutoDefault(False)
        browse.clicked.connect(self._choose_target)
        _labelled(grid, 1, "Paket &speichern unter", self.target, browse)
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)
        self.clients = _CompactTable(["Klient*in", "geboren"], "Akten zur Übergabe", 4)
        self.clients.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        clients_label = QLabel("A&kten (mit Strg oder Umschalt mehrere wählen)")
        clients_label.setBuddy(self.clients)
        box.addWidget(clients_label)
        box.addWidget(self.clients, 2)
        row = QHBoxLayout()
        self.chosen = QLabel()
        row.addWidget(self.chosen, 1)
        everyone = QPushButton("A&lle wählen")
        everyone.setAutoDefault(False)
        everyone.clicked.connect(self.clients.selectAll)
        row.addWidget(everyone)
        self.export_button = QPushButton("Paket &erstellen")
        self.export_button.setObjectName("primary")
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.export)
        row.addWidget(self.export_button)
        box.addLayout(row)
        self.clients.itemSelectionChanged.connect(self._count_chosen)
        self.give_done = _message("subtitle")
        self.give_error = _message("error")
        box.addWidget(self.give_done)
        box.addWidget(self.give_error)

        pending_label = QLabel("Offene Übergaben (die Akten sind noch hier)")
        pending_label.setObjectName("sectionTitle")
        box.addWidget(pending_label)
        self.pending_table = _CompactTable(["Paket", "erstellt", "Akten"], "Offene Übergaben",
                                           2, 2)
        box.addWidget(self.pending_table, 1)
        grid = QGridLayout()
        self.receipt = _code_field("Quittungscode der Kollegin oder des Kollegen")
        self.receipt.setPlaceholderText("XXXX-XXXX-XXXX-XXXX")
        self.confirm_button = QPushButton("Bestätigen und hier &löschen …")
        self.confirm_button.setObjectName("danger")
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.clicked.connect(self.confirm)
        _labelled(grid, 0, "&Quittungscode", self.receipt, self.confirm_button)
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)
        self.confirm_error = _message("error")
        box.addWidget(self.confirm_error)
        return tab

    def load(self) -> None:
        """The clients to choose from and the packages not yet confirmed."""
        service = self.service
        self.run(lambda: (service.choices(), service.pending()), self._show, self.give_error)

    def _show(self, result: tuple[list[tuple[int, str, str]], list[Pending]]) -> None:
        choices, pending = result
        self.client_ids = [c[0] for c in choices]
        self.clients.set_rows([[name, born] for _cid, name, born in choices],
                              self.client_ids)
        if self.preselect in self.client_ids:
            self.clients.selectRow(self.client_ids.index(self.preselect))
        self.pending = pending
        self.pending_table.set_rows([[f"{p.package_id[:8]}", f"{p.created_at:%d.%m.%Y %H:%M}",
                                      ", ".join(p.names)] for p in pending])
        self.receipt.setEnabled(bool(pending))
        self.confirm_button.setEnabled(bool(pending))
        self._count_chosen()

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.clients.selectedIndexes()})
        return [self.client_ids[r] for r in rows if r < len(self.client_ids)]

    def _count_chosen(self) -> None:
        n = len(self.selected_ids())
        self.chosen.setText(f"{plurals.count(n, 'Akte')} gewählt." if n
                            else "Noch keine Akte gewählt.")

    def _choose_target(self) -> None:
        path = choose_save(self, "Übergabepaket speichern unter", self.target.text(), PACKAGES)
        if path:
            self.target.setText(str(path))

    def export(self) -> None:
        ids, code, target = self.selected_ids(), self.code.text(), Path(self.target.text())
        service = self.service
        self.give_done.clear()

        def done(sent) -> None:  # noqa: ANN001 - Exported
            self.give_done.setText(
                f"{plurals.count(sent.clients, 'Akte')} verschlüsselt gespeichert: "
                f"{sent.path}. Bitte der Kollegin / dem Kollegen geben; die Akten bleiben "
                "hier, bis Sie den Quittungscode eingeben.")
            self.code.clear()
            self.load()

        self.run(lambda: service.export(ids, code, target), done, self.give_error)

    def confirm(self) -> None:
        receipt = self.receipt.text()
        if not receipt.strip():
            self.confirm_error.setText("Bitte den Quittungscode eingeben, den die Kollegin / "
                                       "der Kollege nach der Übernahme sieht.")
            return
        dialog = ErasureDialog("Übergebene Akten hier löschen", "Die übergebenen Akten",
                               "an eine Kollegin / einen Kollegen übergeben",
                               "Die Kollegin / der Kollege hat die Übernahme mit diesem Code "
                               "bestätigt.", self)
        service = self.service

        def erased(count: int) -> None:
            self.receipt.clear()
            self.give_done.setText(f"Übernahme bestätigt: {plurals.count(count, 'Akte')} "
                                   "hier vollständig gelöscht.")
            self.ctx.data_changed()
            self.load()

        dialog.accepted.connect(lambda: self.run(lambda: service.confirm(receipt), erased,
                                                 self.confirm_error))
        self.confirm_dialog = dialog
        dialog.open()

    # -- Übernehmen -----------------------------------------------------------------------
    def _take_tab(self) -> QWidget:
        tab, box = _tab("1. Übergabecode erzeugen und der abgebenden Person vorlesen (oder "
                        "schicken und am Telefon vergleichen). 2. Das Paket, das sie daraus "
                        "erstellt, hier übernehmen. 3. Den Quittungscode zurückmelden — erst "
                        "dann werden die Akten dort gelöscht. Ein Code gilt für ein Paket.")
        row = QHBoxLayout()
        self.new_code_button = QPushButton("Übergabecode e&rzeugen")
        self.new_code_button.setAutoDefault(False)
        self.new_code_button.clicked.connect(self.make_code)
        row.addWidget(self.new_code_button)
        row.addStretch(1)
        box.addLayout(row)
        self.my_code = _code_field("Übergabecode dieses Profils")
        self.my_code.setReadOnly(True)
        self.my_code.setPlaceholderText("noch kein Code erzeugt")
        box.addWidget(self.my_code)
        grid = QGridLayout()
        self.package = QLineEdit()
        self.package.setAccessibleName("Übergabepaket")
        self.package.setPlaceholderText(f"Übergabepaket (*{SUFFIX})")
        pick = QPushButton("Dur&chsuchen …")
        pick.setAutoDefault(False)
        pick.clicked.connect(self._choose_package)
        _labelled(grid, 0, "&Paket", self.package, pick)
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)
        row = QHBoxLayout()
        row.addStretch(1)
        self.import_button = QPushButton("Paket überneh&men")
        self.import_button.setObjectName("primary")
        self.import_button.setAutoDefault(False)
        self.import_button.clicked.connect(self.take_over)
        row.addWidget(self.import_button)
        box.addLayout(row)
        self.take_done = _message("subtitle")
        box.addWidget(self.take_done)
        grid = QGridLayout()
        self.my_receipt = _code_field("Quittungscode für die abgebende Person")
        self.my_receipt.setReadOnly(True)
        self.my_receipt.setPlaceholderText("erscheint nach der Übernahme")
        _labelled(grid, 0, "&Quittungscode", self.my_receipt)
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)
        self.take_error = _message("error")
        box.addWidget(self.take_error)
        box.addStretch(1)
        return tab

    def make_code(self) -> None:
        service = self.service
        self.run(service.new_code, self._code_made, self.take_error)

    def _code_made(self, code: str) -> None:
        self.my_code.setText(code)
        self.my_code.setFocus()
        self.my_code.selectAll()

    def _choose_package(self) -> None:
        path = choose_open(self, "Übergabepaket öffnen", PACKAGES)
        if path:
            self.package.setText(str(path))

    def take_over(self) -> None:
        if not self.package.text().strip():
            self.take_error.setText("Bitte zuerst das Übergabepaket wählen.")
            return
        path, service = Path(self.package.text()), self.service
        self.take_done.clear()
        self.run(lambda: service.import_package(path), self._taken, self.take_error)

    def _taken(self, got: Imported) -> None:
        sender = f" von {got.sender}" if got.sender else ""
        self.take_done.setText(f"{plurals.count(got.clients, 'Akte')}{sender} übernommen "
                               f"(Verlauf: {plurals.count(got.entries, 'Eintrag')}): "
                               f"{'; '.join(got.names)}. Bitte den Quittungscode der "
                               "abgebenden Person mitteilen.")
        self.my_receipt.setText(got.receipt)
        self.my_receipt.setFocus()
        self.my_receipt.selectAll()
        self.my_code.clear()
        self.ctx.data_changed()
