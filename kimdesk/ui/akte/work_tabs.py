"""Kontakte and Assessment: the daily documentation of a case."""

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from kimdesk import catalogues
from kimdesk.casework.cases import ContactInput
from kimdesk.core.dates import german
from kimdesk.ui.akte.base import FileTab, form_column, require_case, require_client
from kimdesk.ui.akte.data import FileData
from kimdesk.ui.forms import (
    CheckField,
    ChoiceField,
    DateField,
    Field,
    FormPanel,
    MemoField,
    MultiChoiceField,
    NumberField,
    TextField,
    catalogue_options,
)
from kimdesk.ui.tables import ListTable

PRIORITIES = [("1", "hoch"), ("2", "mittel"), ("3", "niedrig")]


def _areas(ids: list[str]) -> str:
    return ", ".join(catalogues.label("life_areas", a).split(" (")[0] for a in ids)


def state_label() -> QLabel:
    label = QLabel()
    label.setObjectName("caseBanner")
    label.setWordWrap(True)
    label.hide()
    return label


def contact_fields() -> list[Field]:
    return [
        DateField("date", "&Datum"),
        ChoiceField("form", "&Form", catalogue_options("contact_forms")),
        NumberField("duration_min", "Da&uer", 1, 600, 30, " Min."),
        MultiChoiceField("life_areas", "&Lebensbereiche", catalogue_options("life_areas"),
                         rows=6),
        TextField("place", "&Ort"),
        CheckField("interpreter_used", "Sprach- und Kulturmittlung eingesetzt"),
        MemoField("note", "&Notiz", 3),
    ]


def assessment_fields() -> list[Field]:
    return [
        ChoiceField("life_area", "&Lebensbereich", catalogue_options("life_areas")),
        DateField("assessed_on", "&Datum"),
        ChoiceField("priority", "&Priorität", PRIORITIES, default="2"),
        MemoField("resources", "&Ressourcen"),
        MemoField("problems", "Pro&blemlagen"),
        MemoField("client_view", "&Sicht und Wünsche der Person"),
    ]


class ContactsTab(FileTab):
    title = "Kontakte"

    def __init__(self, file_view) -> None:  # noqa: ANN001 - ClientFileView
        super().__init__(file_view)
        layout = QHBoxLayout(self.body)
        left = QVBoxLayout()
        self.state = state_label()
        left.addWidget(self.state)
        self.table = ListTable(["Datum", "Form", "Dauer", "Lebensbereiche", "Notiz"],
                               "Kontakte")
        left.addWidget(self.table, 1)
        left.addLayout(self.correctable(self.table, "contact", "Kontakt korrigieren",
                                        contact_fields))
        self.form = self.add_form("contact", FormPanel("Kontakt erfassen", contact_fields(),
                                                       "Kontakt speichern"))
        self.form.submitted.connect(self._add)
        self.appointment_form = self.add_form("appointment", FormPanel("Termin vereinbaren", [
            DateField("on", "Termin &am"),
            TextField("at", "&Uhrzeit", placeholder="z. B. 14:30"),
            TextField("place", "O&rt des Termins", placeholder="z. B. Rathaus, Zimmer 12"),
            TextField("note", "&Hinweis"),
        ], "Termin anlegen"), level="client")
        self.appointment_form.submitted.connect(self._schedule)
        self.next_appointments = QLabel()
        self.next_appointments.setObjectName("subtitle")
        self.next_appointments.setWordWrap(True)
        self.next_appointments.setAccessibleName("Nächste Termine")
        left.addWidget(self.next_appointments)
        row = QHBoxLayout()
        self.appointment_choice = QComboBox()
        self.appointment_choice.setAccessibleName("Termin auswählen")
        row.addWidget(self.appointment_choice, 1)
        move = QPushButton("Termin &verlegen …")
        move.clicked.connect(self.move_appointment)
        row.addWidget(move)
        cancel = QPushButton("Termin a&bsagen …")
        cancel.clicked.connect(self.cancel_appointment)
        row.addWidget(cancel)
        self.appointment_buttons = (self.appointment_choice, move, cancel)
        left.addLayout(row)
        self.splitter = self.list_beside(layout, left,
                                         form_column(self.form, self.appointment_form))

    def refresh(self, data: FileData) -> None:
        self.form.setEnabled(self.case_state_note(self.state, data))
        upcoming = [f"{a.starts_at:%d.%m.%Y, %H:%M} Uhr{f' — {a.place}' if a.place else ''}"
                    for a in data.appointments]
        self.next_appointments.setText(
            "Nächste Termine: " + "; ".join(upcoming) if upcoming
            else "Kein Termin vereinbart (Terminzettel: Strg+P).")
        self.appointment_choice.clear()
        for text, a in zip(upcoming, data.appointments, strict=True):
            self.appointment_choice.addItem(text, a.id)
        for widget in self.appointment_buttons:
            widget.setVisible(bool(upcoming))
        self.table.set_rows([[german(c.date), catalogues.label("contact_forms", c.form),
                              f"{c.duration_min} Min.",
                              _areas([a.life_area for a in c.life_areas]), c.note]
                             for c in data.contacts], [c.id for c in data.contacts])

    def _add(self, v: dict) -> None:
        cases, case_id = self.desk.cases, self.shown_case_id
        contact = ContactInput(date=v["date"], form=v["form"], duration_min=v["duration_min"],
                               life_areas=tuple(v["life_areas"]), place=v["place"],
                               interpreter_used=v["interpreter_used"], note=v["note"])
        self.save("contact", lambda: cases.log_contact(require_case(case_id), contact),
                  "Kontakt gespeichert.")

    def _appointment_dialog(self, title: str, fields: list, save, delete) -> None:  # noqa: ANN001
        from kimdesk.ui.correction_dialog import CorrectionDialog

        appointment_id = self.appointment_choice.currentData()
        if appointment_id is None:
            return
        shown = self.data.appointments if self.data else []
        current = next((a for a in shown if a.id == appointment_id), None)
        if current is None:
            return
        values = {"on": f"{current.starts_at:%d.%m.%Y}", "at": f"{current.starts_at:%H:%M}",
                  "place": current.place}
        self.correction = CorrectionDialog(
            title, fields, values, self.ctx.runner,
            lambda v, reason: save(appointment_id, v, reason),
            (lambda reason: delete(appointment_id, reason)) if delete else None,
            self._corrected, self, delete_text="Termin absagen")
        self.correction.show()

    def move_appointment(self) -> None:
        appointments = self.desk.appointments
        self._appointment_dialog("Termin verlegen", [
            DateField("on", "Termin &am"), TextField("at", "&Uhrzeit"),
            TextField("place", "&Ort des Termins")],
            lambda aid, v, reason: appointments.move(aid, v["on"], v["at"], v["place"], reason),
            lambda aid, reason: appointments.cancel(aid, reason))

    def cancel_appointment(self) -> None:
        self.move_appointment()
        if self.correction is not None:
            self.correction.delete_button.setFocus()

    def _schedule(self, v: dict) -> None:
        appointments, cid = self.desk.appointments, self.file.client_id
        case_id = self.shown_case_id
        self.save("appointment", lambda: appointments.schedule(
            require_client(cid), v["on"], v["at"], v["place"], note=v["note"], case_id=case_id),
            "Termin angelegt.")


class AssessmentTab(FileTab):
    title = "Assessment"

    def __init__(self, file_view) -> None:  # noqa: ANN001
        super().__init__(file_view)
        layout = QHBoxLayout(self.body)
        left = QVBoxLayout()
        self.state = state_label()
        left.addWidget(self.state)
        self.table = ListTable(["Datum", "Lebensbereich", "Priorität", "Ressourcen",
                                "Problemlagen", "Sicht der Person"], "Assessment", 3)
        left.addWidget(self.table, 1)
        left.addLayout(self.correctable(self.table, "assessment", "Einschätzung korrigieren",
                                        assessment_fields))
        self.form = self.add_form("assessment", FormPanel(
            "Lebensbereich einschätzen", assessment_fields(), "Einschätzung speichern"))
        self.form.submitted.connect(self._add)
        self.splitter = self.list_beside(layout, left, form_column(self.form))

    def refresh(self, data: FileData) -> None:
        self.form.setEnabled(self.case_state_note(self.state, data))
        labels = dict(PRIORITIES)
        self.table.set_rows([[german(a.assessed_on), catalogues.label("life_areas", a.life_area),
                              labels.get(str(a.priority), ""), a.resources, a.problems,
                              a.client_view] for a in data.assessments],
                            [a.id for a in data.assessments])

    def _add(self, v: dict) -> None:
        plans, case_id = self.desk.plans, self.shown_case_id
        self.save_with_consent("assessment", lambda reason: plans.assess(
            require_case(case_id), v["life_area"], v["assessed_on"], v["resources"],
            v["problems"], v["client_view"], int(v["priority"]), exception_reason=reason),
            "Einschätzung gespeichert.")
