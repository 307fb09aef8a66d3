"""The reconstruction editor: narrative, hindering factors, diagram, generative theme.

Embed it with a reconstruction already loaded (on the task runner)::

    view = service.in_work(case_id)             # on the worker
    editor = ReconstructionEditor(service, view, runner)

Every call of the service — save, dragged positions, review, preview, queue — runs on the
task runner, never in a slot on the GUI thread; results come back as callbacks. Errors
appear as German sentences under the buttons, never as tracebacks.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kimdesk import catalogues
from kimdesk.core.errors import DomainError
from kimdesk.reconstruction.content import ReconstructionContent
from kimdesk.reconstruction.service_chain import (
    CM_NODE,
    DEPENDENCY_KINDS,
    Dependency,
    Factor,
    life_area_label,
)
from kimdesk.reconstruction.wording import THEME_VERBS, compose_theme, theme_hints
from kimdesk.ui.reconstruction.diagram import ChainView
from kimdesk.ui.reconstruction.review_dialog import ReviewDialog
from kimdesk.ui.splitters import RememberedSplitter
from kimdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from kimdesk.reconstruction.review import Review
    from kimdesk.reconstruction.workflow import ReconstructionService, ReconstructionView

STATE_HINTS = {
    "draft": "Entwurf – vor dem Senden ist die Datenschutzprüfung nötig.",
    "in_review": "In Prüfung – es sind noch Fundstellen offen.",
    "reviewed": "Geprüft – bereit für den Postausgang.",
    "queued": "Liegt im Postausgang und wird bei der nächsten Verbindung gesendet.",
}


class ReconstructionEditor(QWidget):
    """``view``: the reconstruction as loaded by ``service`` (see the module docstring).
    ``print_sheet(reconstruction_id)``: optional, shows the print/PDF dialog."""

    saved = Signal(str)   # new state
    queued = Signal(str)  # outbox item id
    state_loaded = Signal(str)  # the state after the review dialog closed

    def __init__(self, service: ReconstructionService, view: ReconstructionView,
                 runner: TaskRunner, print_sheet: Callable[[int], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.runner = runner
        self.reconstruction_id = view.id
        self._print_sheet = print_sheet
        self.review_dialog: ReviewDialog | None = None
        self.setAccessibleName("Fallrekonstruktion")
        self._content: ReconstructionContent = view.content
        self._timeline = view.timeline
        self._state = view.state
        self._areas = [(e.id, e.label) for e in catalogues.catalogue("life_areas")]

        self.tabs = QTabWidget()
        self.tabs.addTab(self._narrative_tab(), "Schilderung")
        self.tabs.addTab(self._factors_tab(), "Hinderliche Faktoren")
        self.tabs.addTab(self._diagram_tab(), "Schaubild")
        self.tabs.addTab(self._theme_tab(), "Generatives Thema")
        self.state_label = QLabel()
        self.state_label.setObjectName("subtitle")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.save_button = QPushButton("Speichern")
        self.review_button = QPushButton("Datenschutz prüfen und senden …")
        self.review_button.setObjectName("primary")
        self.print_button = QPushButton("Blatt für die Projektgruppe drucken …")
        self.print_button.setVisible(print_sheet is not None)
        self.save_button.clicked.connect(self.save)
        self.review_button.clicked.connect(self.open_review)
        self.print_button.clicked.connect(self._print)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.review_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._load()

    # -- tabs ----------------------------------------------------------------------------
    def _narrative_tab(self) -> QWidget:
        page = QWidget()
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Titel")
        self.goal_edit = QLineEdit()
        self.goal_edit.setAccessibleName("Zielsetzung")
        self.goal_edit.setPlaceholderText("z. B. erfolgreiche Absolvierung einer Ausbildung")
        self.narrative_edit = QPlainTextEdit()
        self.narrative_edit.setAccessibleName("Fallschilderung")
        self.narrative_edit.setPlaceholderText(
            "Anonymisiert und abstrahiert schildern: Rollen statt Namen, relative Zeit "
            "(„nach drei Monaten“), Art der Stelle statt ihres Namens.")
        self.areas_list = QListWidget()
        self.areas_list.setAccessibleName("Lebensbereiche")
        for area_id, label in self._areas:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, area_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.areas_list.addItem(item)
        self.timeline_list = QListWidget()
        self.timeline_list.setAccessibleName("Zeitleiste aus der Akte")
        for side_list in (self.areas_list, self.timeline_list):
            # long lines wrap instead of scrolling sideways (the pane is narrow at 150 %)
            side_list.setWordWrap(True)
            side_list.setResizeMode(QListView.ResizeMode.Adjust)
            side_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        take = QPushButton("Zeitleiste in die Schilderung übernehmen")
        take.clicked.connect(self._insert_timeline)
        form = QFormLayout()
        form.addRow("Titel", self.title_edit)
        form.addRow("Zielsetzung", self.goal_edit)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(QLabel("Fallschilderung"))
        left.addWidget(self.narrative_edit, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel("Lebensbereiche (Themenfelder)"))
        right.addWidget(self.areas_list, 2)
        right.addWidget(QLabel("Zeitleiste (relative Zeit)"))
        right.addWidget(self.timeline_list, 1)
        right.addWidget(take)
        panes = []
        for column in (left, right):
            pane = QWidget()
            column.setContentsMargins(0, 0, 0, 0)
            pane.setLayout(column)
            panes.append(pane)
        row = QHBoxLayout(page)
        row.addWidget(RememberedSplitter("fallrekonstruktion.schilderung",
                                         Qt.Orientation.Horizontal, *panes, ratio=(3, 2)))
        return page

    def _factors_tab(self) -> QWidget:
        page = QWidget()
        self.factor_list = QListWidget()
        self.factor_list.setAccessibleName("Hinderliche Faktoren")
        self.factor_list.currentRowChanged.connect(self._factor_selected)
        self.factor_text = QLineEdit()
        self.factor_text.setAccessibleName("Faktor")
        self.factor_area = self._area_combo()
        add = QPushButton("Hinzufügen")
        update = QPushButton("Ändern")
        remove = QPushButton("Entfernen")
        add.clicked.connect(self._add_factor)
        update.clicked.connect(self._update_factor)
        remove.clicked.connect(self._remove_factor)
        form = QFormLayout()
        form.addRow("Faktor", self.factor_text)
        form.addRow("Lebensbereich", self.factor_area)
        fbuttons = QHBoxLayout()
        for b in (add, update, remove):
            fbuttons.addWidget(b)
        factors = QGroupBox("Was erschwert oder verhindert die Zielerreichung?")
        fv = QVBoxLayout(factors)
        fv.addWidget(self.factor_list, 1)
        fv.addLayout(form)
        fv.addLayout(fbuttons)

        self.dep_from, self.dep_to = QComboBox(), QComboBox()
        self.dep_kind = QComboBox()
        for kind, label in DEPENDENCY_KINDS.items():
            self.dep_kind.addItem(label, kind)
        self.dep_list = QListWidget()
        self.dep_list.setAccessibleName("Zusammenhänge")
        link = QPushButton("Verknüpfen")
        unlink = QPushButton("Entfernen")
        link.clicked.connect(self._add_dependency)
        unlink.clicked.connect(self._remove_dependency)
        deps = QGroupBox("Wie hängen die Faktoren zusammen?")
        dv = QVBoxLayout(deps)
        pick = QHBoxLayout()
        pick.addWidget(self.dep_from, 2)
        pick.addWidget(self.dep_kind, 1)
        pick.addWidget(self.dep_to, 2)
        pick.addWidget(link)
        dv.addLayout(pick)
        dv.addWidget(self.dep_list, 1)
        dv.addWidget(unlink, 0, Qt.AlignmentFlag.AlignRight)
        row = QHBoxLayout(page)
        row.addWidget(RememberedSplitter("fallrekonstruktion.faktoren",
                                         Qt.Orientation.Horizontal, factors, deps,
                                         ratio=(1, 1)))
        return page

    def _diagram_tab(self) -> QWidget:
        page = QWidget()
        self.chain_view = ChainView()
        self.chain_view.positions_changed.connect(self._positions_changed)
        self.node_pick = QComboBox()
        self.node_pick.setAccessibleName("Stelle im Schaubild")
        self.node_pick.currentIndexChanged.connect(self._node_selected)
        self.node_label = QLineEdit()
        self.node_broken = QComboBox()
        self.node_broken.addItems(["läuft", "Bruchstelle"])
        self.node_note = QLineEdit()
        self.node_note.setPlaceholderText("Woran stockt es hier? (ohne Namen)")
        apply_node = QPushButton("Übernehmen")
        apply_node.clicked.connect(self._apply_node)
        relayout = QPushButton("Automatisch anordnen")
        relayout.clicked.connect(self.chain_view.reset_positions)
        hint = QLabel("Spuren = Lebensbereiche, Kästen = Stellen (nur die Art), Pfeile = "
                      "Übergaben in zeitlicher Folge. Rot gestrichelt = unterbrochen. "
                      "Kästen lassen sich verschieben.")
        hint.setWordWrap(True)
        hint.setObjectName("subtitle")
        edit = QHBoxLayout()
        edit.addWidget(self.node_pick, 2)
        edit.addWidget(self.node_label, 2)
        edit.addWidget(self.node_broken, 1)
        edit.addWidget(self.node_note, 3)
        edit.addWidget(apply_node)
        edit.addWidget(relayout)
        v = QVBoxLayout(page)
        v.addWidget(hint)
        v.addWidget(self.chain_view, 1)
        v.addLayout(edit)
        return page

    def _theme_tab(self) -> QWidget:
        page = QWidget()
        self.theme_subject = QLineEdit()
        self.theme_subject.setPlaceholderText("Die Vereinbarkeit von Familie und Qualifizierung")
        self.theme_context = QLineEdit()
        self.theme_context.setPlaceholderText("in Kontexten der beruflichen Orientierung")
        self.theme_means = QLineEdit()
        self.theme_means.setPlaceholderText("durch angemessene Angebote der Kinderbetreuung")
        self.theme_verb = QComboBox()
        self.theme_verb.setEditable(True)
        self.theme_verb.addItems(THEME_VERBS)
        compose = QPushButton("Als Zielzustand formulieren")
        compose.clicked.connect(self._compose_theme)
        self.theme_edit = QPlainTextEdit()
        self.theme_edit.setAccessibleName("Generatives Thema")
        self.theme_edit.textChanged.connect(self._theme_changed)
        self.theme_hints = QLabel()
        self.theme_hints.setWordWrap(True)
        intro = QLabel("Das generative Thema beschreibt den verbesserten Zustand, positiv "
                       "und als erreicht: „… wird … gewährleistet/ermöglicht.“")
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Was ist erreicht?", self.theme_subject)
        form.addRow("In welchem Zusammenhang?", self.theme_context)
        form.addRow("Wodurch?", self.theme_means)
        form.addRow("Verb", self.theme_verb)
        v = QVBoxLayout(page)
        v.addWidget(intro)
        v.addLayout(form)
        v.addWidget(compose, 0, Qt.AlignmentFlag.AlignLeft)
        v.addWidget(QLabel("Generatives Thema"))
        v.addWidget(self.theme_edit, 1)
        v.addWidget(self.theme_hints)
        return page

    def _area_combo(self) -> QComboBox:
        combo = QComboBox()
        combo.addItem("(kein Lebensbereich)", "")
        for area_id, label in self._areas:
            combo.addItem(label, area_id)
        return combo

    # -- load and collect -------------------------------------------------------------------
    def _load(self) -> None:
        c = self._content
        self.title_edit.setText(c.title)
        self.goal_edit.setText(c.goal)
        self.narrative_edit.setPlainText(c.narrative)
        for i in range(self.areas_list.count()):
            item = self.areas_list.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in c.life_areas
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.timeline_list.clear()
        for t in self._timeline:
            self.timeline_list.addItem(f"{t.when}: {t.text}")
        self.theme_edit.setPlainText(c.generative_theme)
        self._refresh_factors()
        self._refresh_nodes()
        self._refresh_diagram()
        self._show_state()

    def content(self) -> ReconstructionContent:
        """The reconstruction as currently on screen."""
        c = self._content
        c.title = self.title_edit.text()
        c.goal = self.goal_edit.text()
        c.narrative = self.narrative_edit.toPlainText()
        c.generative_theme = self.theme_edit.toPlainText()
        c.life_areas = [self.areas_list.item(i).data(Qt.ItemDataRole.UserRole)
                        for i in range(self.areas_list.count())
                        if self.areas_list.item(i).checkState() == Qt.CheckState.Checked]
        c.chain.positions = self.chain_view.positions()
        return c

    def _show_state(self) -> None:
        self.state_label.setText(STATE_HINTS.get(self._state, self._state))

    # -- actions (all on the task runner) -----------------------------------------------------
    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], object] | None = None) -> None:
        self.error.clear()
        self.runner.run(fn, on_done, self.error.setText, owner=self)

    def _snapshot(self) -> ReconstructionContent:
        """A copy of what is on screen for the worker; the screen may change meanwhile."""
        return copy.deepcopy(self.content())

    def save(self, then: Callable[[], object] | None = None) -> None:
        """Store what is on screen; ``then`` runs once it is stored."""
        service, rid, content = self.service, self.reconstruction_id, self._snapshot()
        self._run(lambda: service.save(rid, content), lambda state: self._saved(state, then))

    def _saved(self, state: str, then: Callable[[], object] | None = None) -> None:
        self._state = state
        self._show_state()
        self.saved.emit(state)
        if then is not None:
            then()

    def open_review(self) -> None:
        """Save, scrub every free field, then open the review dialog (window-modal)."""
        service, rid, content = self.service, self.reconstruction_id, self._snapshot()

        def save_and_scrub() -> tuple[str, Review]:
            return service.save(rid, content), service.start_review(rid)

        self._run(save_and_scrub, self._show_review)

    def _show_review(self, result: tuple[str, Review]) -> None:
        state, review = result
        self._saved(state)
        service, rid = self.service, self.reconstruction_id
        dialog = ReviewDialog(
            review, self.runner, save=lambda r: service.save_review(rid, r),
            preview=lambda: service.preview(rid)[1],
            queue=lambda: service.queue(rid), parent=self)
        dialog.queued.connect(self._queued)
        dialog.finished.connect(self._review_closed)
        self.review_dialog = dialog
        dialog.open()

    def _review_closed(self, _result: int) -> None:
        service, rid = self.service, self.reconstruction_id
        self._run(lambda: service.get(rid).state, self._state_loaded)

    def _state_loaded(self, state: str) -> None:
        self._state = state
        self._show_state()
        self.state_loaded.emit(state)

    def _queued(self, item_id: str) -> None:
        self._state = "queued"
        self._show_state()
        self.queued.emit(item_id)

    def _print(self) -> None:
        print_sheet, rid = self._print_sheet, self.reconstruction_id
        if print_sheet is not None:
            self.save(then=lambda: print_sheet(rid))

    def _insert_timeline(self) -> None:
        lines = [f"{t.when}: {t.text}" for t in self._timeline]
        if lines:
            self.narrative_edit.appendPlainText("\n".join(lines))

    def _compose_theme(self) -> None:
        self.error.clear()
        try:
            text = compose_theme(self.theme_subject.text(), self.theme_verb.currentText(),
                                 self.theme_context.text(), self.theme_means.text())
        except DomainError as exc:
            self.error.setText(str(exc))
            return
        self.theme_edit.setPlainText(text)

    def _theme_changed(self) -> None:
        hints = theme_hints(self.theme_edit.toPlainText())
        self.theme_hints.setText("\n".join(f"• {h}" for h in hints) if hints
                                 else "✓ Als positiver Zielzustand formuliert.")

    # factors and dependencies
    def _refresh_factors(self) -> None:
        self.factor_list.clear()
        for f in self._content.factors:
            area = f" — {life_area_label(f.life_area, True)}" if f.life_area else ""
            self.factor_list.addItem(f"{f.text}{area}")
        for combo in (self.dep_from, self.dep_to):
            combo.clear()
            for f in self._content.factors:
                combo.addItem(f.text, f.id)
        self.dep_list.clear()
        names = {f.id: f.text for f in self._content.factors}
        for d in self._content.dependencies:
            self.dep_list.addItem(f"{names.get(d.source, '?')} → "
                                  f"{DEPENDENCY_KINDS.get(d.kind, d.kind)} → "
                                  f"{names.get(d.target, '?')}")
        self._refresh_diagram()

    def _factor_selected(self, row: int) -> None:
        if 0 <= row < len(self._content.factors):
            f = self._content.factors[row]
            self.factor_text.setText(f.text)
            self.factor_area.setCurrentIndex(max(0, self.factor_area.findData(f.life_area)))

    def _add_factor(self) -> None:
        text = self.factor_text.text().strip()
        if not text:
            self.error.setText("Bitte den Faktor kurz beschreiben (ohne Namen).")
            return
        used = {f.id for f in self._content.factors}
        n = 1
        while f"f{n}" in used:
            n += 1
        self._content.factors.append(Factor(f"f{n}", text, self.factor_area.currentData()))
        self.factor_text.clear()
        self._refresh_factors()

    def _update_factor(self) -> None:
        row = self.factor_list.currentRow()
        if 0 <= row < len(self._content.factors) and self.factor_text.text().strip():
            f = self._content.factors[row]
            f.text = self.factor_text.text().strip()
            f.life_area = self.factor_area.currentData()
            self._refresh_factors()

    def _remove_factor(self) -> None:
        row = self.factor_list.currentRow()
        if 0 <= row < len(self._content.factors):
            gone = self._content.factors.pop(row).id
            self._content.dependencies = [d for d in self._content.dependencies
                                          if gone not in (d.source, d.target)]
            self._refresh_factors()

    def _add_dependency(self) -> None:
        a, b = self.dep_from.currentData(), self.dep_to.currentData()
        if not a or not b or a == b:
            self.error.setText("Bitte zwei verschiedene Faktoren wählen.")
            return
        dep = Dependency(a, b, self.dep_kind.currentData())
        if dep not in self._content.dependencies:
            self._content.dependencies.append(dep)
        self._refresh_factors()

    def _remove_dependency(self) -> None:
        row = self.dep_list.currentRow()
        if 0 <= row < len(self._content.dependencies):
            self._content.dependencies.pop(row)
            self._refresh_factors()

    # diagram
    def _refresh_diagram(self) -> None:
        if hasattr(self, "chain_view"):
            self.chain_view.show_chain(self._content.chain, self._content.factors,
                                       self._content.dependencies)

    def _refresh_nodes(self) -> None:
        self.node_pick.blockSignals(True)
        self.node_pick.clear()
        for n in self._content.chain.nodes:
            if n.id != CM_NODE:
                self.node_pick.addItem(f"{n.label} ({life_area_label(n.life_area, True)})", n.id)
        self.node_pick.blockSignals(False)
        self._node_selected(self.node_pick.currentIndex())

    def _node_selected(self, _index: int) -> None:
        node = self._content.chain.node(self.node_pick.currentData() or "")
        if node is not None:
            self.node_label.setText(node.label)
            self.node_broken.setCurrentIndex(1 if node.broken else 0)
            self.node_note.setText(node.note)

    def _apply_node(self) -> None:
        node = self._content.chain.node(self.node_pick.currentData() or "")
        if node is None:
            return
        node.label = self.node_label.text().strip() or node.label
        node.broken = self.node_broken.currentIndex() == 1
        node.note = self.node_note.text().strip()
        index = self.node_pick.currentIndex()
        self._refresh_nodes()
        self.node_pick.setCurrentIndex(index)
        self._refresh_diagram()

    def _positions_changed(self, positions: dict) -> None:
        self._content.chain.positions = dict(positions)
        service, rid, moved = self.service, self.reconstruction_id, dict(positions)
        self._run(lambda: service.save_positions(rid, moved))
