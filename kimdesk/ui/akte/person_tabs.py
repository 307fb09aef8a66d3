"""Stammdaten, Haushalt, Einwilligungen: the person and who belongs to them."""

from datetime import date

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from kimdesk import catalogues
from kimdesk.core.dates import PartialDate, german
from kimdesk.ui.akte.base import FileTab, require_client
from kimdesk.ui.akte.data import FileData
from kimdesk.ui.akte.duplicates import DuplicateNotice, MergeDialog
from kimdesk.ui.forms import (
    CheckField,
    ChoiceField,
    DateField,
    Field,
    FormPanel,
    MultiChoiceField,
    TextField,
    catalogue_options,
)
from kimdesk.ui.tables import ListTable


def _partial(iso: str | None) -> str:
    pd = PartialDate.from_iso(iso)
    return pd.german() if pd else ""


class MasterDataTab(FileTab):
    title = "Stammdaten"

    def __init__(self, file_view) -> None:  # noqa: ANN001 - ClientFileView
        super().__init__(file_view)
        layout = QVBoxLayout(self.body)
        municipalities = [("", "— bitte wählen —")] + [
            (m.id, m.name) for m in self.desk.district.municipalities()]
        self.form = self.add_form("client", FormPanel(
            "Stammdaten" if file_view.client_id else "Neue Person anlegen", [
                TextField("family_name", "&Familienname"),
                TextField("given_names", "&Vorname(n)"),
                TextField("name_variants", "Andere Sc&hreibweisen",
                          placeholder="mit ; trennen, z. B. Mohamad; Muhammad"),
                TextField("birth_date", "&Geburtsdatum", placeholder="TT.MM.JJJJ, MM.JJJJ "
                          "oder JJJJ"),
                ChoiceField("sex", "Ge&schlecht", catalogue_options("sexes"), default="x"),
                MultiChoiceField("nationalities", "Staats&angehörigkeit",
                                 catalogue_options("nationalities"), rows=3),
                MultiChoiceField("languages", "S&prachen",
                                 catalogue_options("languages"), rows=3),
                ChoiceField("municipality_id", "&Kommune", municipalities, default=""),
                TextField("address", "&Adresse"),
                TextField("phone", "&Telefon"),
                TextField("email", "&E-Mail"),
                ChoiceField("residence_status", "Aufenthalts&status",
                            catalogue_options("residence_statuses"), default="unknown"),
                TextField("residence_paragraph", "&Rechtsgrundlage",
                          placeholder="z. B. § 104c AufenthG"),
                DateField("residence_expires_on", "Titel gültig &bis", today=False),
                CheckField("interpreter_needed", "Sprach- und Kulturmittlung nötig"),
            ], "Speichern"), level="client")
        self.form.submitted.connect(self._save)
        layout.addWidget(self.form)  # the tab scrolls (FileTab.body) at 150 % on a laptop
        self.duplicates = DuplicateNotice(self)
        self.form.notice_area.addWidget(self.duplicates)
        if file_view.client_id is not None:
            row = QHBoxLayout()
            merge = QPushButton("Mit &Dublette zusammenführen …")
            merge.setAccessibleName("Diese Akte mit einer doppelt angelegten zusammenführen")
            merge.clicked.connect(self.open_merge)
            row.addWidget(merge)
            row.addStretch(1)
            delete = QPushButton("Person &löschen …")
            delete.setAccessibleName("Person mit allen Fällen löschen")
            delete.clicked.connect(self.ask_delete)
            row.addWidget(delete)
            layout.addLayout(row)
        layout.addStretch(1)
        self.merge_dialog: MergeDialog | None = None
        if file_view.client_id is None:
            self.bind_drafts()

    def refresh(self, data: FileData) -> None:
        c = data.client
        self.form.set_defaults({
            "family_name": c.family_name, "given_names": c.given_names,
            "name_variants": c.name_variants.replace(";", "; "),
            "birth_date": _partial(c.birth_date), "sex": c.sex,
            "nationalities": list(c.nationalities or []), "languages": list(c.languages or []),
            "municipality_id": c.municipality_id, "address": c.address, "phone": c.phone,
            "email": c.email, "residence_status": c.residence_status,
            "residence_paragraph": c.residence_paragraph,
            "residence_expires_on": german(c.residence_expires_on),
            "interpreter_needed": c.interpreter_needed})

    def _save(self, values: dict) -> None:
        fields = dict(values)
        fields["name_variants"] = [v for v in fields["name_variants"].split(";")]
        clients, client_id = self.desk.clients, self.file.client_id
        if client_id is None:
            family = fields.pop("family_name")
            if not self.duplicates.confirmed:  # first look for the same person
                duplicates = self.desk.duplicates
                self.run(lambda: duplicates.candidates(family, fields["given_names"],
                                                       fields["birth_date"] or None),
                         lambda found: self._checked(found, values))
                return
            self.save("client", lambda: clients.create(family, **fields),
                      "Die Person wurde angelegt.", after=self.ctx.open_client)
        else:
            self.save("client", lambda: clients.update(require_client(client_id), **fields),
                      "Stammdaten gespeichert.")


    def _checked(self, found: list, values: dict) -> None:
        if found:
            self.duplicates.offer(found)
            return
        self.duplicates.confirmed = True
        try:
            self._save(values)
        finally:
            self.duplicates.confirmed = False

    def ask_delete(self) -> None:
        name = self.data.client.display_name if self.data else "diese Person"
        answer = QMessageBox.question(
            self, "Person löschen",
            f"{name} mit allen Fällen, Kontakten, Plänen und Dokumenten endgültig löschen? "
            "Das lässt sich nicht rückgängig machen (Löschung nach Art. 17 DSGVO).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_person()

    def delete_person(self) -> None:
        clients, client_id = self.desk.clients, self.file.client_id
        self.run(lambda: clients.delete(require_client(client_id)),
                 lambda _r: self.ctx.person_deleted())

    def open_merge(self) -> None:
        self.merge_dialog = MergeDialog(self)
        self.merge_dialog.show()


def member_fields() -> list[Field]:
    return [
        ChoiceField("relation", "&Beziehung", catalogue_options("relations")),
        TextField("given_names", "&Vorname(n)"),
        TextField("family_name", "&Familienname"),
        TextField("birth_date", "&Geburtsdatum", placeholder="TT.MM.JJJJ oder JJJJ"),
    ]


def consent_fields() -> list[Field]:
    return [
        ChoiceField("scope", "&Art", catalogue_options("consent_scopes")),
        DateField("given_on", "Erteilt &am"),
        TextField("institution", "&Stelle", placeholder="bei Schweigepflichtentbindung"),
        TextField("note", "&Notiz"),
    ]


class HouseholdTab(FileTab):
    title = "Haushalt"

    def __init__(self, file_view) -> None:  # noqa: ANN001
        super().__init__(file_view)
        layout = QVBoxLayout(self.body)
        self.table = ListTable(["Beziehung", "Name", "Geburtsdatum"], "Haushaltsmitglieder", 1)
        layout.addWidget(self.table, 1)
        row = self.correctable(self.table, "household_member", "Haushaltsmitglied korrigieren",
                               member_fields)
        remove = QPushButton("Ausgewählte Person &entfernen")
        remove.setAccessibleName("Haushaltsmitglied entfernen")
        remove.clicked.connect(self._remove)
        row.addWidget(remove)
        layout.addLayout(row)
        self.form = self.add_form("member", FormPanel("Haushaltsmitglied hinzufügen",
                                                      member_fields(), "Hinzufügen"),
                                  level="client")
        self.form.submitted.connect(self._add)
        layout.addWidget(self.form)

    def refresh(self, data: FileData) -> None:
        members = data.client.household
        self.table.set_rows([[catalogues.label("relations", m.relation), m.display_name,
                              _partial(m.birth_date)] for m in members],
                            [m.id for m in members])

    def _add(self, v: dict) -> None:
        clients, cid = self.desk.clients, self.file.client_id
        self.save_with_consent("member", lambda reason: clients.add_household_member(
            require_client(cid), v["relation"], v["given_names"], v["family_name"],
            v["birth_date"] or None, exception_reason=reason),
            "Haushaltsmitglied hinzugefügt.")

    def _remove(self) -> None:
        member_id = self.table.current_id()
        if member_id is None:
            self.ctx.messages.error("Bitte zuerst eine Person in der Liste auswählen.")
            return
        clients = self.desk.clients
        self.run(lambda: clients.remove_household_member(member_id),
                 lambda _r: (self.ctx.messages.info("Haushaltsmitglied entfernt."),
                             self.file.reload()))


class ConsentTab(FileTab):
    title = "Einwilligungen"

    def __init__(self, file_view) -> None:  # noqa: ANN001
        super().__init__(file_view)
        layout = QVBoxLayout(self.body)
        self.table = ListTable(["Einwilligung", "Stelle", "Erteilt am", "Widerrufen am"],
                               "Einwilligungen", 0)
        layout.addWidget(self.table, 1)
        row = self.correctable(self.table, "consent", "Einwilligung korrigieren",
                               consent_fields)
        hint = QLabel("Ohne Einwilligung in die Dokumentation nur das Minimum einer "
                      "Kurzintervention; ohne Schweigepflichtentbindung keine Vermittlung.")
        hint.setWordWrap(True)
        row.insertWidget(1, hint, 1)
        self.withdraw_button = withdraw = QPushButton("Ausgewählte &widerrufen (heute)")
        withdraw.setAccessibleName("Einwilligung widerrufen")
        withdraw.clicked.connect(self._withdraw)
        row.addWidget(withdraw)
        layout.addLayout(row)
        self.form = self.add_form("consent", FormPanel("Einwilligung erfassen",
                                                       consent_fields(), "Erfassen"),
                                  level="client")
        self.form.submitted.connect(self._add)
        layout.addWidget(self.form)

    def refresh(self, data: FileData) -> None:
        consents = data.client.consents
        self.table.set_rows([[catalogues.label("consent_scopes", c.scope), c.institution,
                              german(c.given_on), german(c.withdrawn_on)] for c in consents],
                            [c.id for c in consents])

    def _add(self, v: dict) -> None:
        clients, cid = self.desk.clients, self.file.client_id
        self.save("consent", lambda: clients.give_consent(require_client(cid), v["scope"],
                                                          v["given_on"], v["institution"],
                                                          v["note"]),
                  "Einwilligung erfasst.")

    def _withdraw(self) -> None:
        consent_id = self.table.current_id()
        if consent_id is None:
            self.ctx.messages.error("Bitte zuerst eine Einwilligung in der Liste auswählen.")
            return
        clients = self.desk.clients
        self.run(lambda: clients.withdraw_consent(consent_id, date.today()),
                 lambda stops: (self.ctx.messages.info(f"Einwilligung widerrufen. {stops}"),
                                self.file.reload()))
