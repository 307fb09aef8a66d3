"""Fall & Phasen: open a case, change its type (with reason), move phases, close, re-open."""

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kimdesk import catalogues
from kimdesk.core.dates import german
from kimdesk.core.vocabulary import (
    ACCESS_PATH_LABELS,
    CASE_TYPE_LABELS,
    PHASE_LABELS,
    CaseType,
    Phase,
)
from kimdesk.ui.akte.base import FileTab, require_case, require_client
from kimdesk.ui.akte.data import FileData
from kimdesk.ui.forms import ChoiceField, DateField, FormPanel, TextField, catalogue_options
from kimdesk.ui.tables import ListTable

EVENT_LABELS = {"opened": "eröffnet", "type_changed": "Fallart geändert",
                "phase_changed": "Phase gewechselt", "closed": "abgeschlossen",
                "reopened": "wieder aufgenommen"}
TYPES = [(k.value, v) for k, v in CASE_TYPE_LABELS.items()]
PHASES = [(k.value, v) for k, v in PHASE_LABELS.items()]


def value_label(value: str) -> str:
    for labels in (CASE_TYPE_LABELS, PHASE_LABELS):
        found = next((text for key, text in labels.items() if key == value), None)
        if found is not None:
            return found
    return catalogues.label("close_reasons", value) if value else ""


def case_line(case) -> str:  # noqa: ANN001 - a Case row
    state = (f"abgeschlossen am {german(case.closed_on)} "
             f"({catalogues.label('close_reasons', case.close_reason)})"
             if case.closed_on else "offen")
    phase = f" · Phase: {PHASE_LABELS[Phase(case.phase)]}" \
        if case.case_type == CaseType.CASE_MANAGEMENT else ""
    return (f"{CASE_TYPE_LABELS[CaseType(case.case_type)]}{phase} · seit {german(case.opened_on)}"
            f" · {state}")


class CaseTab(FileTab):
    title = "Fall && Phasen"

    def __init__(self, file_view) -> None:  # noqa: ANN001 - ClientFileView
        super().__init__(file_view)
        outer = QVBoxLayout(self.body)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        self.banner = QLabel()
        self.banner.setObjectName("caseBanner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Stand des Falls")
        layout.addWidget(self.banner)
        actions = QHBoxLayout()
        self.reconstruct_button = QPushButton("Fall&rekonstruktion … (Strg+R)")
        self.reconstruct_button.setShortcut(QKeySequence("Ctrl+R"))
        self.reconstruct_button.setAccessibleName("Fallrekonstruktion aus diesem Fall erstellen")
        self.reconstruct_button.setToolTip("Anonymisierte Fallrekonstruktion für die "
                                           "Projektgruppen (Kleve 5.5.1)")
        self.reconstruct_button.clicked.connect(self._reconstruct)
        actions.addWidget(self.reconstruct_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.events = ListTable(["Datum", "Ereignis", "Von → nach", "Begründung"],
                                "Verlauf des Falls")
        self.events.setMinimumHeight(150)
        layout.addWidget(self.events)
        grid = QGridLayout()
        layout.addLayout(grid)
        layout.addStretch(1)
        self.open_form = self.add_form("case_open", FormPanel("Neuen Fall eröffnen", [
            ChoiceField("case_type", "&Fallart", TYPES),
            DateField("opened_on", "Fall&beginn"),
            ChoiceField("access_path", "&Zugang", [(str(k), v) for k, v in
                                                   ACCESS_PATH_LABELS.items()], default="1"),
            ChoiceField("referred_by_type", "Meldende &Institution",
                        catalogue_options("institution_types", "— keine —"), default=""),
            TextField("referred_by", "Meldende &Stelle (Name)"),
        ], "Fall eröffnen"), level="client")
        self.type_form = self.add_form("case_type", FormPanel("Fallart ändern", [
            ChoiceField("case_type", "Neue Fall&art", TYPES),
            DateField("on", "Ä&nderung am"),
            TextField("reason", "&Begründung", placeholder="Warum ändert sich die Fallart?"),
        ], "Fallart ändern"))
        self.phase_form = self.add_form("case_phase", FormPanel("Phase wechseln", [
            ChoiceField("phase", "Neue &Phase", PHASES),
            DateField("on", "&Wechsel am"),
            TextField("reason", "Begründung (bei Schritt &zurück)"),
        ], "Phase wechseln"))
        self.close_form = self.add_form("case_close", FormPanel("Fall abschließen", [
            DateField("on", "Abschluss &am"),
            ChoiceField("reason", "Abschluss&grund", catalogue_options("close_reasons")),
            TextField("note", "&Notiz"),
        ], "Fall abschließen"))
        self.reopen_form = self.add_form("case_reopen", FormPanel(
            "Fall wieder aufnehmen (Wiedereintritt)", [
                DateField("on", "Wieder aufgenommen &am"),
                TextField("reason", "&Anlass"),
            ], "Wieder aufnehmen"))
        grid.addWidget(self.type_form, 0, 0)
        grid.addWidget(self.phase_form, 0, 1)
        grid.addWidget(self.close_form, 1, 0)
        grid.addWidget(self.reopen_form, 1, 1)
        grid.addWidget(self.open_form, 2, 0, 1, 2)
        self.open_form.submitted.connect(self._open)
        self.type_form.submitted.connect(self._change_type)
        self.phase_form.submitted.connect(self._change_phase)
        self.close_form.submitted.connect(self._close)
        self.reopen_form.submitted.connect(self._reopen)

    def refresh(self, data: FileData) -> None:
        case = data.case
        if case is None:
            self.banner.setText("Noch kein Fall. Mit dem Formular unten einen Fall eröffnen.")
            self.events.set_rows([])
        else:
            self.banner.setText(case_line(case))
            self.events.set_rows([[german(e.on), EVENT_LABELS.get(e.kind, e.kind),
                                   " → ".join(x for x in (value_label(e.from_value),
                                                         value_label(e.to_value)) if x),
                                   e.reason] for e in reversed(case.events)])
        self.reconstruct_button.setVisible(case is not None)
        is_open = case is not None and case.closed_on is None
        for form in (self.type_form, self.phase_form, self.close_form):
            form.setVisible(is_open)
        self.reopen_form.setVisible(case is not None and not is_open)
        self.open_form.setTitle("Fall eröffnen" if case is None else "Weiteren Fall eröffnen")
        if is_open:
            self.phase_form.choice("phase").set_options(PHASES)

    def _open(self, v: dict) -> None:
        cases, cid = self.desk.cases, self.file.client_id
        self.save("case_open", lambda: cases.open_case(
            require_client(cid), v["case_type"], v["opened_on"], int(v["access_path"]),
            v["referred_by_type"], v["referred_by"]), "Der Fall wurde eröffnet.",
            after=lambda case_id: self.file.reload(case_id))

    def _change_type(self, v: dict) -> None:
        cases, case_id = self.desk.cases, self.shown_case_id
        self.save("case_type", lambda: cases.change_type(require_case(case_id), v["case_type"],
                                                         v["on"], v["reason"]),
                  "Fallart geändert.")

    def _change_phase(self, v: dict) -> None:
        cases, case_id = self.desk.cases, self.shown_case_id
        self.save("case_phase", lambda: cases.change_phase(require_case(case_id), v["phase"],
                                                           v["on"], v["reason"]),
                  "Phase gewechselt.")

    def _close(self, v: dict) -> None:
        cases, case_id = self.desk.cases, self.shown_case_id
        self.save("case_close", lambda: cases.close(require_case(case_id), v["on"], v["reason"],
                                                    v["note"]),
                  "Der Fall wurde abgeschlossen.")

    def _reopen(self, v: dict) -> None:
        cases, case_id = self.desk.cases, self.shown_case_id
        self.save("case_reopen", lambda: cases.reopen(require_case(case_id), v["on"], v["reason"]),
                  "Der Fall wurde wieder aufgenommen.")

    def _reconstruct(self) -> None:
        from kimdesk.ui.reconstruction.window import ReconstructionWindow

        if self.data is None or self.data.case_id is None:
            return
        window = ReconstructionWindow(self.desk.reconstructions, self.ctx.runner,
                                      self.data.case_id, self.window())
        window.show()
