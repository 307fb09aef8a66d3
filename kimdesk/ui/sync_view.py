"""Sync: is this laptop enrolled, what waits, what went wrong — and "Jetzt abgleichen".

Only anonymised payloads from the outbox ever leave (see kimdesk/sync/protocol); this
screen shows the state in one German sentence and the counts behind it.
"""

from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from kimdesk.ui.view import Context, View, scroll_body


def _when(value) -> str:  # noqa: ANN001 - datetime or None
    return value.strftime("%d.%m.%Y, %H:%M Uhr") if value else "—"


class SyncView(View):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.setObjectName("page")
        layout = QVBoxLayout(scroll_body(self))  # status, enrolment and backup: long at 150 %
        title = QLabel("Abgleich mit dem Kreisbüro")
        title.setObjectName("title")
        layout.addWidget(title)
        intro = QLabel("Übertragen werden nur anonymisierte Kennzahlen und geprüfte "
                       "Fallrekonstruktionen — nie Namen, Adressen oder Notizen.")
        intro.setObjectName("subtitle")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.message = QLabel()
        self.message.setObjectName("sectionTitle")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Stand des Abgleichs")
        layout.addWidget(self.message)

        details = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, label in (("device", "Gerät"), ("office", "Kreisbüro"),
                           ("waiting", "Wartende Einträge"), ("rejected", "Abgelehnt"),
                           ("delivered", "Übertragen"), ("last", "Letzter erfolgreicher Abgleich"),
                           ("next", "Nächster Versuch")):
            value = QLabel("—")
            value.setAccessibleName(label)
            details.addRow(f"{label}:", value)
            self.fields[key] = value
        layout.addLayout(details)

        row = QHBoxLayout()
        self.sync_button = QPushButton("Jetzt &abgleichen (F9)")
        self.sync_button.setAccessibleName("Jetzt mit dem Kreisbüro abgleichen")
        self.sync_button.clicked.connect(self.sync_now)
        row.addWidget(self.sync_button)
        row.addStretch(1)
        layout.addLayout(row)
        QShortcut(QKeySequence("F9"), self).activated.connect(self.sync_now)

        self.enroll_box = QGroupBox("Dieses Gerät beim Kreisbüro anmelden")
        form = QFormLayout(self.enroll_box)
        self.office_url = QLineEdit()
        self.office_url.setPlaceholderText("https://kim.kreis-beispiel.de")
        self.office_url.setAccessibleName("Adresse des Kreisbüros")
        self.code = QLineEdit()
        self.code.setPlaceholderText("Code von der Koordinierungsstelle")
        self.code.setAccessibleName("Anmeldecode")
        enroll = QPushButton("An&melden")
        enroll.setAccessibleName("Gerät anmelden")
        enroll.clicked.connect(self.enroll)
        self.code.returnPressed.connect(self.enroll)
        form.addRow("&Adresse:", self.office_url)
        form.addRow("&Code:", self.code)
        form.addRow("", enroll)
        layout.addWidget(self.enroll_box)

        backup_box = QGroupBox("Sicherung")
        backup_layout = QHBoxLayout(backup_box)
        self.backup_label = QLabel("Eine verschlüsselte Kopie des ganzen Datenbestands auf "
                                   "einen anderen Datenträger (z. B. USB-Stick) schreiben — "
                                   "falls das Gerät verloren geht oder ausfällt.")
        self.backup_label.setWordWrap(True)
        backup_layout.addWidget(self.backup_label, 1)
        backup = QPushButton("&Sicherung schreiben …")
        backup.setAccessibleName("Verschlüsselte Sicherung auf einen Datenträger schreiben")
        backup.clicked.connect(self.ask_backup)
        backup_layout.addWidget(backup)
        layout.addWidget(backup_box)
        layout.addStretch(1)
        self._on_sync_done = None

    # -- data -------------------------------------------------------------------------------
    def activate(self) -> None:
        if not self.office_url.text():  # the office's address from Einstellungen
            store = self.desk.store
            self.run(lambda: str(store.setting("sync_office_url") or ""), self._office_url)
        self.refresh()

    def _office_url(self, url: str) -> None:
        if not self.office_url.text():
            self.office_url.setText(url)

    def refresh(self) -> None:
        from kimdesk.sync.status import sync_status

        store = self.desk.store
        self.run(lambda: sync_status(store), self._show)

    def _show(self, status) -> None:  # noqa: ANN001 - SyncStatus
        self.message.setText(status.message)
        values = {"device": status.device_name or "—", "office": status.office_url or "—",
                  "waiting": str(status.waiting), "rejected": str(status.rejected),
                  "delivered": str(status.delivered), "last": _when(status.last_success_at),
                  "next": _when(status.next_attempt_at)}
        for key, text in values.items():
            self.fields[key].setText(text)
        self.enroll_box.setVisible(not status.enrolled or status.revoked)
        self.sync_button.setEnabled(status.enrolled and not status.revoked)

    def sync_now(self) -> None:
        if not self.sync_button.isEnabled():
            return
        from kimdesk.sync.rounds import Synchronizer

        store = self.desk.store
        self.sync_button.setEnabled(False)
        self.message.setText("Abgleich läuft …")
        if self.ctx.wake_sync is not None:
            self.ctx.wake_sync()  # the worker runs the round; it refreshes this view after
            return
        self.run(lambda: Synchronizer(store).run_round(),
                 lambda _result: self._done(), lambda msg: self._done(msg))

    def _done(self, error: str = "") -> None:
        if error:
            self.ctx.messages.error(error)
        self.ctx.data_changed()
        self.refresh()

    def enroll(self) -> None:
        from kimdesk.sync.enrollment import enroll

        url, code, store = self.office_url.text().strip(), self.code.text(), self.desk.store
        if not url:
            self.ctx.messages.error("Bitte die Adresse des Kreisbüros eingeben.")
            return
        self.run(lambda: enroll(store, url, code), lambda _identity: self._enrolled())

    def _enrolled(self) -> None:
        self.code.clear()
        self.ctx.messages.info("Das Gerät ist beim Kreisbüro angemeldet.")
        if self.ctx.wake_sync is not None:
            self.ctx.wake_sync()
        self.refresh()

    # -- backup -------------------------------------------------------------------------
    def ask_backup(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Ziel der Sicherung wählen")
        if folder:
            self.backup_to(Path(folder))

    def backup_to(self, folder: Path) -> None:
        store = self.desk.store
        self.run(lambda: store.export_backup(folder), self._backed_up)

    def _backed_up(self, target: Path) -> None:
        self.ctx.messages.info(f"Sicherung geschrieben: {target}. Sie ist verschlüsselt und "
                               "öffnet sich mit derselben Passphrase.")
        self.backup_label.setText(f"Letzte Sicherung: {target.name}")
