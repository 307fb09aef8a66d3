"""Einstellungen: the letterhead and contact details for letters, the second language of
printouts, the backup reminder and the office's address (kept in the encrypted store) and
the idle lock of this computer (kept in the platform's settings folder)."""

from dataclasses import asdict, fields

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from kimdesk import catalogues
from kimdesk.casework.desk_settings import StoreSettings
from kimdesk.ui.forms import ChoiceField, FormPanel, NumberField, TextField
from kimdesk.ui.view import Context, View, scroll_body

IDLE_MINUTES = (1, 60)


class SettingsView(View):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.setObjectName("page")
        layout = QVBoxLayout(scroll_body(self))
        title = QLabel("Einstellungen")
        title.setObjectName("title")
        layout.addWidget(title)
        intro = QLabel("Absender und Kontaktdaten stehen auf jedem Brief an Klient*innen. "
                       "Sie werden verschlüsselt in diesem Profil gespeichert; die Sperrzeit "
                       "gilt für diesen Computer.")
        intro.setObjectName("subtitle")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        columns = QHBoxLayout()
        self.sender_form = FormPanel("Absender für Briefe", [
            TextField("name", "&Dienststelle", placeholder="z. B. Stadt Goch – KIM"),
            TextField("department", "A&bteilung"),
            TextField("street", "&Straße und Hausnummer"),
            TextField("postcode", "&PLZ"),
            TextField("city", "&Ort"),
            TextField("phone", "&Telefon (Zentrale)"),
            TextField("email", "&E-Mail (Funktionspostfach)"),
        ], "Speichern")
        self.own_form = FormPanel("Meine Kontaktdaten und Arbeitsweise", [
            TextField("case_manager_phone", "Mein Tele&fon"),
            TextField("case_manager_email", "Meine E-&Mail"),
            TextField("consultation_hours", "Sprech&zeiten",
                      placeholder="z. B. Di und Do 9–12 Uhr, Rathaus Zimmer 12"),
            ChoiceField("default_language", "Zweite Sprache der &Ausdrucke",
                        [("", "keine (nur Deutsch)")] + [
                            (e.id, e.label) for e in catalogues.catalogue("languages")
                            if e.id != "de"], default=""),
            NumberField("backup_reminder_days", "An Sicherung erinnern &nach", 1, 90, 14,
                        " Tagen"),
            TextField("sync_office_url", "Adresse des &Kreisbüros",
                      placeholder="https://kim.kreis-beispiel.de"),
            NumberField("idle_minutes", "Sperren nach &Untätigkeit", *IDLE_MINUTES, 5,
                        " Minuten"),
        ], "Speichern")
        for form in (self.sender_form, self.own_form):
            form.submitted.connect(lambda _v: self.save())
            columns.addWidget(form, 1)
        layout.addLayout(columns)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton("Einstellungen &speichern")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        for form in (self.sender_form, self.own_form):
            form.submit_button.hide()  # one button saves both

    def activate(self) -> None:
        service, machine = self.desk.settings, self.ctx.machine
        self.run(service.load, lambda values: self._show(values, machine.idle_lock_minutes))

    def _show(self, values: StoreSettings, idle: int) -> None:
        data = asdict(values)
        sender, own = self.sender_form, self.own_form
        sender.set_defaults({k: v for k, v in data.items() if k in sender.fields})
        own.set_defaults({**{k: v for k, v in data.items() if k in own.fields},
                          "idle_minutes": idle})
        self.sender_form.reset()
        self.own_form.reset()

    def save(self) -> None:
        values = {**self.sender_form.values(), **self.own_form.values()}
        idle = int(values.pop("idle_minutes"))
        settings = StoreSettings(**{f.name: values[f.name] for f in fields(StoreSettings)})
        service = self.desk.settings
        self.run(lambda: service.save(settings), lambda _r: self._saved(idle))

    def _saved(self, idle: int) -> None:
        self.ctx.set_idle_minutes(idle)
        self.ctx.messages.info("Einstellungen gespeichert.")
