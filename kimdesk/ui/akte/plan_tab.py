"""Zielvereinbarung: goals per person, steps with who and by when, their status."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from kimdesk import catalogues
from kimdesk.core.dates import german
from kimdesk.core.vocabulary import GoalStatus, StepStatus
from kimdesk.ui.akte.base import FileTab, form_column, require_case
from kimdesk.ui.akte.data import FileData
from kimdesk.ui.akte.work_tabs import state_label
from kimdesk.ui.forms import ChoiceField, DateField, FormPanel, TextField, catalogue_options
from kimdesk.ui.tables import wrap_tree


class PlanTab(FileTab):
    title = "Zielvereinbarung"

    def __init__(self, file_view) -> None:  # noqa: ANN001 - ClientFileView
        super().__init__(file_view)
        layout = QHBoxLayout(self.body)
        left = QVBoxLayout()
        self.state = state_label()
        left.addWidget(self.state)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Ziele und Schritte")
        self.tree.setHeaderLabels(["Ziel / Schritt", "Für / Wer", "Bis", "Status"])
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            self.tree.header().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAlternatingRowColors(True)
        wrap_tree(self.tree)  # a long goal takes two lines instead of being cut at 150 %
        left.addWidget(self.tree, 1)
        status_row = QHBoxLayout()
        self.status = QComboBox()
        self.status.setAccessibleName("Neuer Status des ausgewählten Eintrags")
        self.tree.currentItemChanged.connect(lambda *_a: self._status_options())
        status_row.addWidget(self.status, 1)
        self.status_button = QPushButton("S&tatus setzen")
        self.status_button.setAccessibleName("Status setzen")
        self.status_button.clicked.connect(self._set_status)
        status_row.addWidget(self.status_button)
        correct = QPushButton("Eintrag &korrigieren …")
        correct.setAccessibleName("Ausgewähltes Ziel oder ausgewählten Schritt korrigieren")
        correct.setToolTip("Auch mit Eingabe oder Doppelklick auf die Zeile")
        correct.clicked.connect(self.correct_current)
        self.tree.itemActivated.connect(lambda *_a: self.correct_current())
        status_row.addWidget(correct)
        left.addLayout(status_row)
        self.goal_form = self.add_form("goal", FormPanel("Ziel vereinbaren", [
            TextField("title", "&Ziel", placeholder="positiv formuliert, in einem Satz"),
            TextField("title_other", "Ziel in ihrer/seiner &Sprache",
                      hint="Wie die Person das Ziel in ihrer Sprache sagt; steht auf dem "
                           "Ausdruck unter dem deutschen Text"),
            ChoiceField("life_area", "&Lebensbereich",
                        catalogue_options("life_areas", "— ohne —"), default=""),
            ChoiceField("member", "&Für", [("", "die Person selbst")], default=""),
        ], "Ziel anlegen"))
        self.step_form = self.add_form("step", FormPanel("Schritt hinzufügen", [
            ChoiceField("goal", "Zu &Ziel", []),
            TextField("description", "&Was"),
            TextField("description_other", "Was, in ihrer/seiner Sprac&he",
                      hint="Steht auf dem Ausdruck unter dem deutschen Text"),
            TextField("responsible", "&Wer", placeholder="z. B. Klientin, Case Managerin, "
                      "Jobcenter"),
            DateField("due_on", "&Bis", today=False),
        ], "Schritt anlegen"))
        self.goal_form.submitted.connect(self._add_goal)
        self.step_form.submitted.connect(self._add_step)
        self.splitter = self.list_beside(layout, left, form_column(self.goal_form, self.step_form))

    def refresh(self, data: FileData) -> None:
        is_open = self.case_state_note(self.state, data)
        for w in (self.goal_form, self.step_form, self.status_button):
            w.setEnabled(is_open)
        self.goal_form.choice("member").set_options(
            [("", "die Person selbst")] + [(str(m.id), m.display_name)
                                           for m in data.client.household])
        self.step_form.choice("goal").set_options([(str(g.id), g.title) for g in data.goals])
        self.tree.clear()
        for goal in data.goals:
            area = catalogues.label("life_areas", goal.life_area) if goal.life_area else ""
            item = QTreeWidgetItem([goal.title + (f"  ({area.split(' (')[0]})" if area else ""),
                                    data.member_name(goal.member_id), "",
                                    GoalStatus(goal.status).label])
            item.setData(0, Qt.ItemDataRole.UserRole, ("goal", goal.id))
            # the client's language under the German text on hover
            item.setToolTip(0, "\n".join(filter(None, (goal.title, goal.title_other))))
            for step in goal.steps:
                child = QTreeWidgetItem([step.description, step.responsible,
                                         german(step.due_on), StepStatus(step.status).label])
                child.setData(0, Qt.ItemDataRole.UserRole, ("step", step.id))
                child.setToolTip(0, "\n".join(filter(None, (step.description,
                                                             step.description_other))))
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        self._status_options()

    def _status_options(self) -> None:
        item = self.tree.currentItem()
        kind = item.data(0, Qt.ItemDataRole.UserRole)[0] if item else "step"
        enum = GoalStatus if kind == "goal" else StepStatus
        self.status.clear()
        for value in enum:
            self.status.addItem(value.label, value.value)

    def _add_goal(self, v: dict) -> None:
        plans, case_id = self.desk.plans, self.shown_case_id
        member = int(v["member"]) if v["member"] else None
        self.save_with_consent("goal", lambda reason: plans.add_goal(
            require_case(case_id), v["title"], v["life_area"], member,
            title_other=v["title_other"], exception_reason=reason), "Ziel angelegt.")

    def _add_step(self, v: dict) -> None:
        if not v["goal"]:
            self.ctx.messages.error("Bitte zuerst ein Ziel anlegen und dann den Schritt "
                                    "zuordnen.")
            return
        plans = self.desk.plans
        self.save_with_consent("step", lambda reason: plans.add_step(
            int(v["goal"]), v["description"], v["responsible"], v["due_on"] or None,
            v["description_other"], exception_reason=reason), "Schritt angelegt.")

    def select(self, key: tuple[str, int | None]) -> bool:
        """Select the goal or step ``("goal"|"step", id)`` and put the focus on it."""
        for i in range(self.tree.topLevelItemCount()):
            goal = self.tree.topLevelItem(i)
            if goal is None:
                continue
            for item in (goal, *(goal.child(j) for j in range(goal.childCount()))):
                if item is not None and \
                        tuple(item.data(0, Qt.ItemDataRole.UserRole)) == tuple(key):
                    self.tree.setCurrentItem(item)
                    self.tree.setFocus()
                    return True
        return False

    def correct_current(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            self.ctx.messages.error("Bitte zuerst ein Ziel oder einen Schritt auswählen.")
            return
        kind, rid = item.data(0, Qt.ItemDataRole.UserRole)
        if kind == "goal":
            self.correct_entry("goal", rid, "Ziel korrigieren", lambda: [
                TextField("title", "&Ziel"),
                TextField("title_other", "Ziel in ihrer/seiner &Sprache"),
                ChoiceField("life_area", "&Lebensbereich",
                            catalogue_options("life_areas", "— ohne —"), default="")])
        else:
            self.correct_entry("plan_step", rid, "Schritt korrigieren", lambda: [
                TextField("description", "&Was"),
                TextField("description_other", "Was, in ihrer/seiner Sprac&he"),
                TextField("responsible", "W&er"),
                DateField("due_on", "&Bis", today=False)])

    def _set_status(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            self.ctx.messages.error("Bitte zuerst ein Ziel oder einen Schritt auswählen.")
            return
        kind, rid = item.data(0, Qt.ItemDataRole.UserRole)
        status, plans = self.status.currentData(), self.desk.plans
        call = (lambda: plans.set_goal_status(rid, status)) if kind == "goal" else \
            (lambda: plans.set_step_status(rid, status))
        self.run(call, lambda _r: (self.ctx.messages.info("Status gesetzt."),
                                   self.ctx.data_changed(), self.file.reload()))
