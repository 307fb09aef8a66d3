"""Vermittlungen (referrals with follow-up) and Lücken (gap reports)."""

from datetime import date, timedelta

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from kimdesk import catalogues
from kimdesk.core.dates import german
from kimdesk.ui.akte.base import FileTab, form_column, require_case
from kimdesk.ui.akte.data import FileData
from kimdesk.ui.akte.work_tabs import state_label
from kimdesk.ui.consent_exception import save_with_consent
from kimdesk.ui.forms import (
    ChoiceField,
    DateField,
    Field,
    FormPanel,
    MemoField,
    TextField,
    catalogue_options,
)
from kimdesk.ui.tables import ListTable

FOLLOW_UP_DAYS = 14


def _in_two_weeks() -> str:
    return german(date.today() + timedelta(days=FOLLOW_UP_DAYS))


def referral_fields() -> list[Field]:
    return [
        TextField("institution_name", "&Stelle"),
        ChoiceField("life_area", "&Lebensbereich",
                    catalogue_options("life_areas", "— ohne —"), default=""),
        TextField("purpose", "&Anliegen"),
        DateField("referred_on", "Vermittelt &am"),
        DateField("follow_up_on", "&Nachfassen am", today=False),
    ]


def gap_fields() -> list[Field]:
    return [
        ChoiceField("category", "&Art", catalogue_options("gap_categories")),
        DateField("reported_on", "Festgestellt &am"),
        MemoField("description", "&Beschreibung (ohne Namen)"),
        ChoiceField("legal_system", "&Rechtskreis",
                    catalogue_options("legal_systems", "— unbekannt —"), default=""),
        ChoiceField("life_area", "&Lebensbereich",
                    catalogue_options("life_areas", "— ohne —"), default=""),
    ]


class ReferralsTab(FileTab):
    title = "Vermittlungen"

    def __init__(self, file_view) -> None:  # noqa: ANN001 - ClientFileView
        super().__init__(file_view)
        self._service_ids: set[str] = set()
        layout = QHBoxLayout(self.body)
        left = QVBoxLayout()
        self.state = state_label()
        left.addWidget(self.state)
        self.table = ListTable(["Vermittelt am", "Stelle", "Lebensbereich", "Ergebnis",
                                "Nachfassen am"], "Vermittlungen", 1,
                               "Noch keine Vermittlung. Rechts die Stelle wählen und das "
                               "Anliegen eintragen.")
        left.addWidget(self.table, 1)
        row = self.correctable(self.table, "referral", "Vermittlung korrigieren",
                               referral_fields)
        self.outcome = QComboBox()
        self.outcome.setAccessibleName("Ergebnis der ausgewählten Vermittlung")
        for oid, text in catalogue_options("referral_outcomes"):
            self.outcome.addItem(text, oid)
        row.addWidget(self.outcome, 2)
        self.next_follow_up = QLineEdit()
        self.next_follow_up.setPlaceholderText("nachfassen am TT.MM.JJJJ")
        self.next_follow_up.setAccessibleName("Neues Datum zum Nachfassen")
        row.addWidget(self.next_follow_up, 1)
        self.outcome_button = QPushButton("&Ergebnis festhalten")
        self.outcome_button.setAccessibleName("Ergebnis festhalten")
        self.outcome_button.clicked.connect(self._record_outcome)
        row.addWidget(self.outcome_button)
        left.addLayout(row)
        self.form = self.add_form("referral", FormPanel("Vermitteln", [
            ChoiceField("institution", "&Stelle", [], default="", editable=True),
            ChoiceField("life_area", "&Lebensbereich",
                        catalogue_options("life_areas", "— ohne —"), default=""),
            TextField("purpose", "&Anliegen"),
            DateField("referred_on", "Vermittelt &am"),
            TextField("follow_up_on", "&Nachfassen am", default=_in_two_weeks,
                      placeholder="TT.MM.JJJJ"),
        ], "Vermittlung speichern"))
        self.form.field("institution").widget.lineEdit().setPlaceholderText(
            "Stelle wählen (tippen filtert) oder eingeben")
        self.form.field("institution").widget.setToolTip(
            "Stelle aus dem Versorgungssystem wählen (tippen filtert) oder frei eingeben")
        self.form.submitted.connect(self._add)
        self.splitter = self.list_beside(layout, left, form_column(self.form))

    def refresh(self, data: FileData) -> None:
        is_open = self.case_state_note(self.state, data)
        self.form.setEnabled(is_open)
        self.outcome_button.setEnabled(is_open)
        if data.services:
            options = [(str(s.id), f"{s.name} — {self.desk.municipality_name(s.municipality_id)}"
                        if s.municipality_id else s.name) for s in data.services]
            self._service_ids = {oid for oid, _t in options}
            self.form.choice("institution").set_options(options)
        self.table.set_rows([[german(r.referred_on), r.institution_name,
                              catalogues.label("life_areas", r.life_area).split(" (")[0]
                              if r.life_area else "",
                              catalogues.label("referral_outcomes", r.outcome),
                              german(r.follow_up_on)] for r in data.referrals],
                            [r.id for r in data.referrals])

    def pick_service(self, service_id: int) -> None:
        self.form.field("institution").set_value(str(service_id))

    def _add(self, v: dict) -> None:
        referrals, case_id = self.desk.referrals, self.shown_case_id
        inst = v["institution"]
        service_id = int(inst) if inst in self._service_ids else None
        name = "" if service_id else inst
        self.save_with_consent("referral", lambda reason: referrals.refer(
            require_case(case_id), v["referred_on"], institution_name=name, service_id=service_id,
            purpose=v["purpose"], life_area=v["life_area"],
            follow_up_on=v["follow_up_on"] or None, exception_reason=reason),
            "Vermittlung gespeichert.")

    def _record_outcome(self) -> None:
        referral_id = self.table.current_id()
        if referral_id is None:
            self.ctx.messages.error("Bitte zuerst eine Vermittlung in der Liste auswählen.")
            return
        referrals, outcome = self.desk.referrals, self.outcome.currentData()
        follow = self.next_follow_up.text() or None
        def recorded(_result: object) -> None:
            self.next_follow_up.clear()
            self.ctx.messages.info("Ergebnis festgehalten.")
            self.ctx.data_changed()
            self.file.reload()

        save_with_consent(self, lambda reason: referrals.record_outcome(
            referral_id, outcome, follow, exception_reason=reason), recorded)


class GapsTab(FileTab):
    title = "Lücken"

    def __init__(self, file_view) -> None:  # noqa: ANN001
        super().__init__(file_view)
        layout = QHBoxLayout(self.body)
        left = QVBoxLayout()
        self.table = ListTable(["Festgestellt am", "Art", "Rechtskreis", "Beschreibung"],
                               "Gemeldete Lücken", 3, "Noch keine Lücke festgehalten. Eine "
                               "Versorgungslücke oder ein Hindernis rechts erfassen — ohne "
                               "Namen.")
        left.addWidget(self.table, 1)
        left.addLayout(self.correctable(self.table, "gap_report", "Lücke korrigieren",
                                        gap_fields))
        self.form = self.add_form("gap", FormPanel("Lücke oder Hindernis festhalten", [
            ChoiceField("category", "&Art", catalogue_options("gap_categories")),
            DateField("reported_on", "Festgestellt &am"),
            MemoField("description", "&Beschreibung (ohne Namen)"),
            ChoiceField("legal_system", "&Rechtskreis",
                        catalogue_options("legal_systems", "— unbekannt —"), default=""),
            ChoiceField("institution_type", "&Institution",
                        catalogue_options("institution_types", "— keine —"), default=""),
            ChoiceField("life_area", "&Lebensbereich",
                        catalogue_options("life_areas", "— ohne —"), default=""),
        ], "Lücke festhalten"))
        self.form.submitted.connect(self._add)
        self.splitter = self.list_beside(layout, left, form_column(self.form))

    def refresh(self, data: FileData) -> None:
        self.form.setEnabled(data.case is not None)
        self.table.set_rows([[german(g.reported_on), catalogues.label("gap_categories",
                                                                      g.category),
                              catalogues.label("legal_systems", g.legal_system)
                              if g.legal_system else "", g.description] for g in data.gaps],
                            [g.id for g in data.gaps])

    def _add(self, v: dict) -> None:
        referrals, case_id = self.desk.referrals, self.shown_case_id
        self.save("gap", lambda: referrals.report_gap(
            v["category"], v["reported_on"], v["description"], v["legal_system"],
            v["institution_type"], "", v["life_area"], case_id), "Lücke festgehalten.")
