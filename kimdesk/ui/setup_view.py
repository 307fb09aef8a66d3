"""First-run setup: profile and district, passphrase with strength feedback, recovery key.

The recovery key is shown exactly once, with buttons to print it or save it as a PDF; the
case manager confirms having kept it before the desk opens.
"""

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kimdesk import catalogues
from kimdesk.casework.profiles import MIN_PASSPHRASE, create_profile, passphrase_strength
from kimdesk.ui.recovery_sheet import PDF_WARNING, print_with_dialog, recovery_document, save_pdf
from kimdesk.ui.start_view import centered_card
from kimdesk.ui.tasks import TaskRunner


def _labelled(form: QFormLayout, text: str, widget: QWidget) -> None:
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(text.replace("&", ""))
    form.addRow(label, widget)


class SetupView(QWidget):
    finished = Signal(object, object)  # Profile, open store
    cancelled = Signal()
    restore = Signal()  # instead: a backup from another disk (e.g. on a new laptop)

    def __init__(self, runner: TaskRunner, kdf: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.runner, self.kdf = runner, kdf
        self._created: tuple[Any, Any, str] | None = None
        layout = centered_card(self, 560)
        self.title = QLabel("Neues Profil einrichten")
        self.title.setObjectName("title")
        layout.addWidget(self.title)
        self.steps = QStackedWidget()
        layout.addWidget(self.steps)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        self.cancel = QPushButton("Abbrechen")
        self.cancel.setAccessibleName("Einrichtung abbrechen")
        self.cancel.clicked.connect(self.cancelled.emit)
        row.addWidget(self.cancel)
        self.back = QPushButton("&Zurück")
        self.back.clicked.connect(self._back)
        row.addWidget(self.back)
        self.restore_button = QPushButton("Sicherung z&urückspielen …")
        self.restore_button.setAccessibleName("Statt einzurichten: eine Sicherung von einem "
                                              "anderen Datenträger zurückspielen")
        self.restore_button.clicked.connect(self.restore.emit)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        self.next = QPushButton("&Weiter")
        self.next.setObjectName("primary")
        self.next.clicked.connect(self._next)
        row.addWidget(self.next)
        layout.addLayout(row)
        self._build_profile_step()
        self._build_passphrase_step()
        self._build_recovery_step()
        self.reset()

    # -- steps ------------------------------------------------------------------------
    def _build_profile_step(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)  # aligned with the title and the buttons
        intro = QLabel("Schritt 1 von 3: Für wen und für welchen Kreis ist dieses Profil?")
        intro.setWordWrap(True)
        form.addRow(intro)
        self.name = QLineEdit()
        _labelled(form, "Ihr &Name", self.name)
        self.label = QLineEdit()
        self.label.setPlaceholderText("z. B. „Case Management Goch“")
        _labelled(form, "&Profilname", self.label)
        self.district = QComboBox()
        self.district.addItem("— bitte wählen —", "")
        for did in catalogues.district_ids():
            self.district.addItem(catalogues.district(did).name, did)
        _labelled(form, "&Kreis", self.district)
        self.team = QComboBox()  # the figures are composed per team at the office
        team_hint = "Ihr Regionalteam, Ihr Cluster oder Ihr Planungsraum im Kreis"
        self.team.setToolTip(team_hint)
        self.team.setAccessibleDescription(team_hint)
        self.team_hint = QLabel(team_hint)
        self.team_hint.setObjectName("subtitle")
        self.team_hint.setWordWrap(True)
        team_box = QVBoxLayout()  # the hint right under its field, not a form row apart
        team_box.setSpacing(2)
        team_box.addWidget(self.team)
        team_box.addWidget(self.team_hint)
        team_label = QLabel("&Team")
        team_label.setBuddy(self.team)
        self.team.setAccessibleName("Team")
        form.addRow(team_label, team_box)
        self.district.currentIndexChanged.connect(lambda _i: self._fill_teams())
        self._fill_teams()
        self.steps.addWidget(page)

    def _fill_teams(self) -> None:
        self.team.clear()
        self.team.addItem("— noch offen —", None)
        if self.district.currentData():
            for area in catalogues.district(self.district.currentData()).planning_areas:
                self.team.addItem(area.name, area.id)

    def _build_passphrase_step(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)  # aligned with the title and the buttons
        intro = QLabel("Schritt 2 von 3: Die Passphrase schützt alle Fallakten dieses Profils. "
                       "Mehrere Wörter sind leichter zu merken und sicherer als ein kurzes "
                       "Passwort.")
        intro.setWordWrap(True)
        form.addRow(intro)
        self.pass1 = QLineEdit()
        self.pass1.setEchoMode(QLineEdit.EchoMode.Password)
        _labelled(form, "&Passphrase", self.pass1)
        self.strength = QProgressBar()
        self.strength.setRange(0, 4)
        self.strength.setTextVisible(False)
        self.strength.setMaximumHeight(8)
        self.strength.setAccessibleName("Stärke der Passphrase")
        form.addRow("", self.strength)
        self.strength_hint = QLabel()
        self.strength_hint.setObjectName("subtitle")
        form.addRow("", self.strength_hint)
        self.pass2 = QLineEdit()
        self.pass2.setEchoMode(QLineEdit.EchoMode.Password)
        _labelled(form, "Passphrase &wiederholen", self.pass2)
        self.pass1.textChanged.connect(self._rate)
        self.pass2.returnPressed.connect(self._next)
        self.steps.addWidget(page)

    def _build_recovery_step(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)  # aligned with the title and the buttons
        intro = QLabel("Schritt 3 von 3: Der Wiederherstellungsschlüssel öffnet den "
                       "Datenbestand, falls die Passphrase vergessen wird. Er wird nur jetzt "
                       "angezeigt. Bitte ausdrucken und verschlossen aufbewahren.")
        intro.setWordWrap(True)
        box.addWidget(intro)
        self.key_label = QLabel()
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setWordWrap(True)
        self.key_label.setAccessibleName("Wiederherstellungsschlüssel")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.key_label)
        row = QHBoxLayout()
        self.print_button = QPushButton("&Drucken …")
        self.print_button.setAccessibleName("Wiederherstellungsschlüssel drucken")
        self.print_button.clicked.connect(self._print)
        row.addWidget(self.print_button)
        self.pdf_button = QPushButton("Als PD&F speichern …")
        self.pdf_button.setAccessibleName("Wiederherstellungsschlüssel als PDF speichern")
        self.pdf_button.clicked.connect(self._save_pdf_dialog)
        row.addWidget(self.pdf_button)
        row.addStretch(1)
        box.addLayout(row)
        self.kept = QCheckBox("Ich habe den Schlüssel &ausgedruckt oder sicher notiert.")
        self.kept.setAccessibleName("Schlüssel aufbewahrt")
        self.kept.toggled.connect(lambda _b: self._update_buttons())
        box.addWidget(self.kept)
        self.steps.addWidget(page)

    # -- flow -------------------------------------------------------------------------
    def reset(self, first_run: bool = False) -> None:
        self._created = None
        for edit in (self.name, self.label, self.pass1, self.pass2):
            edit.clear()
        self.kept.setChecked(False)
        self.district.setCurrentIndex(0)
        self.key_label.clear()
        self.error.clear()
        self.title.setText("Willkommen bei KIMdesk" if first_run else "Neues Profil einrichten")
        self.steps.setCurrentIndex(0)
        self._update_buttons()
        self.name.setFocus()

    def _rate(self) -> None:
        score, hint = passphrase_strength(self.pass1.text(), self._own_words())
        self.strength.setValue(score)
        self.strength_hint.setText(hint)
        self.strength.setAccessibleDescription(hint)

    def _own_words(self) -> tuple[str, ...]:
        """Name, profile and Kreis: words an attacker would try first."""
        return (self.name.text(), self.label.text(), self.district.currentText())

    def _update_buttons(self) -> None:
        step = self.steps.currentIndex()
        self.back.setVisible(step == 1)
        self.restore_button.setVisible(step == 0)
        self.cancel.setVisible(step != 2)  # once the profile exists, only "Fertig" is left
        self.next.setText("&Fertig — KIMdesk öffnen" if step == 2 else
                          "Profil &anlegen" if step == 1 else "&Weiter")
        self.next.setAccessibleName(self.next.text().replace("&", ""))
        self.next.setEnabled(step != 2 or self.kept.isChecked())

    def _back(self) -> None:
        if self.steps.currentIndex() == 0 or self._created:
            self.cancelled.emit()
            return
        self.steps.setCurrentIndex(self.steps.currentIndex() - 1)
        self.error.clear()
        self._update_buttons()

    def _next(self) -> None:
        step = self.steps.currentIndex()
        self.error.clear()
        if step == 0:
            if not self.name.text().strip() and not self.label.text().strip():
                self.error.setText("Bitte Ihren Namen oder einen Profilnamen eingeben.")
                return
            if not self.district.currentData():
                self.error.setText("Bitte den Kreis wählen, für den das Profil arbeitet.")
                self.district.setFocus()
                return
            self.steps.setCurrentIndex(1)
            self.pass1.setFocus()
        elif step == 1:
            self._create()
            return
        elif step == 2 and self._created:
            profile, store, _key = self._created
            self._created = None
            self.key_label.clear()  # shown once, then gone
            self.finished.emit(profile, store)
            return
        self._update_buttons()

    def _create(self) -> None:
        p1, p2 = self.pass1.text(), self.pass2.text()
        if len(p1) < MIN_PASSPHRASE:
            self.error.setText(f"Die Passphrase muss mindestens {MIN_PASSPHRASE} Zeichen "
                               "lang sein.")
            return
        if p1 != p2:
            self.error.setText("Die beiden Eingaben stimmen nicht überein.")
            return
        name = self.name.text().strip()
        label = self.label.text().strip() or name
        district, kdf = self.district.currentData(), self.kdf
        team = self.team.currentData()
        self.next.setEnabled(False)
        self.error.setObjectName("subtitle")
        self.error.setText("Der verschlüsselte Datenbestand wird angelegt …")
        self.runner.run(lambda: create_profile(label, district, p1, name, kdf=kdf,
                                               team_id=team),
                        self._created_ok, self._create_failed, owner=self)

    def _created_ok(self, result: tuple[Any, Any, str]) -> None:
        self._created = result
        self.pass1.clear()
        self.pass2.clear()
        self.error.clear()
        self.error.setObjectName("error")
        self.key_label.setText(result[2])
        self.steps.setCurrentIndex(2)
        self._update_buttons()
        self.print_button.setFocus()

    def _create_failed(self, message: str) -> None:
        self.error.setObjectName("error")
        self.error.setText(message)
        self._update_buttons()

    # -- the key on paper ---------------------------------------------------------------
    def _document(self) -> Any:
        assert self._created is not None  # the key step follows a created profile
        profile, _store, key = self._created
        return recovery_document(key, profile.label, profile.district_name)

    def _print(self) -> None:
        if self._created:
            print_with_dialog(self._document(), self)

    def _save_pdf_dialog(self) -> None:
        if not self._created:
            return
        QMessageBox.warning(self, "Wiederherstellungsschlüssel als PDF", PDF_WARNING)
        path, _ = QFileDialog.getSaveFileName(self, "Wiederherstellungsschlüssel speichern",
                                              "KIMdesk-Wiederherstellung.pdf", "PDF (*.pdf)")
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> Path:
        return save_pdf(self._document(), path)

    def recovery_key(self) -> str:
        return self._created[2] if self._created else ""
