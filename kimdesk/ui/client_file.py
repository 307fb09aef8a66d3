"""Akte: one client's file — a header with the case chooser and the tabs.

Everything the tabs show is loaded in one background call (``akte.data.load_file``);
after every change the file reloads and each tab refreshes. Forms stay alive across
reloads, so typed input survives them.
"""

import time
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from kimdesk.core.dates import PartialDate
from kimdesk.ui.akte.base import FileTab
from kimdesk.ui.akte.case_tab import CaseTab, case_line
from kimdesk.ui.akte.data import FileData, load_file
from kimdesk.ui.akte.documents_tab import DocumentsTab
from kimdesk.ui.akte.history_tab import HistoryTab
from kimdesk.ui.akte.network_tabs import GapsTab, ReferralsTab
from kimdesk.ui.akte.person_tabs import ConsentTab, HouseholdTab, MasterDataTab
from kimdesk.ui.akte.plan_tab import PlanTab
from kimdesk.ui.akte.work_tabs import AssessmentTab, ContactsTab
from kimdesk.ui.keyboard import prepare as prepare_keyboard
from kimdesk.ui.view import Context, View

T = TypeVar("T", bound=FileTab)

TABS = (MasterDataTab, HouseholdTab, ConsentTab, CaseTab, ContactsTab, AssessmentTab, PlanTab,
        ReferralsTab, GapsTab, HistoryTab, DocumentsTab)


class ClientFileView(View):
    def __init__(self, ctx: Context, client_id: int | None) -> None:
        super().__init__(ctx)
        self.setObjectName("page")
        self.client_id = client_id
        self.data: FileData | None = None
        self.loaded_in_s = 0.0
        self._landing: tuple[str, int | None, int | None] | None = None
        self._services_loaded = False
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel("Neue Person" if client_id is None else "Akte wird geladen …")
        self.title.setObjectName("title")
        self.title.setAccessibleName("Name der Person")
        head.addWidget(self.title)
        self.facts = QLabel()
        self.facts.setObjectName("subtitle")
        head.addWidget(self.facts)
        head.addStretch(1)
        self.case_choice = QComboBox()
        self.case_choice.setAccessibleName("Fall auswählen")
        self.case_choice.setToolTip("Fall auswählen")
        self.case_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.case_choice.activated.connect(self._case_chosen)
        head.addWidget(self.case_choice)
        self.print_button = QPushButton("Dr&ucken … (Strg+P)", self)
        self.print_button.setShortcut(QKeySequence("Ctrl+P"))
        self.print_button.setAccessibleName("Drucken: Integrationsplan, Einwilligung, "
                                            "Terminzettel, Auskunft")
        self.print_button.clicked.connect(self.open_print_dialog)
        head.addWidget(self.print_button)
        if client_id is None:  # (never setVisible(True) here: still parentless = a window)
            self.print_button.hide()
        layout.addLayout(head)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Bereiche der Akte")
        self.tabs.setUsesScrollButtons(True)
        self.tab_views: dict[type, FileTab] = {}
        for number, cls in enumerate(TABS if client_id is not None else (MasterDataTab,), 1):
            tab = cls(self)
            self.tab_views[cls] = tab
            # Alt+1 … Alt+0 choose a tab; letters stay free for the fields of the tab
            # (an eleventh tab has no digit: Strg+Bild ab reaches it)
            text = f"&{number % 10} {tab.title}" if number <= 10 else tab.title
            self.tabs.addTab(tab, text)
            self.tabs.setTabToolTip(self.tabs.count() - 1,
                                    f"Alt+{number % 10}" if number <= 10 else "Strg+Bild ab")
            prepare_keyboard(tab, reserved="u1234567890")  # "Dr&ucken" in the header
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.next_tab(step))
        if client_id is None:
            self.case_choice.hide()
        else:
            self.reload()
        layout.addWidget(self.tabs, 1)

    def next_tab(self, step: int) -> None:
        """Strg+Bild ab/auf: the next or previous tab, round the end."""
        count = self.tabs.count()
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % count)
        self.tabs.currentWidget().setFocus()

    def open_print_dialog(self) -> QDialog | None:
        from kimdesk.ui.print_dialog import PrintDialog

        if self.client_id is None or self.data is None:
            return None
        languages = list(self.data.client.languages or []) or [
            lang for lang in [self.data.default_language] if lang]
        dialog = PrintDialog(self.ctx, self.client_id, self.data.case_id, languages, self)
        dialog.show()
        return dialog

    def tab(self, cls: type[T]) -> T:
        tab = self.tab_views[cls]
        assert isinstance(tab, cls)
        return tab

    def show_tab(self, cls: type[T]) -> T:
        tab = self.tab(cls)
        self.tabs.setCurrentWidget(tab)
        return tab

    def set_client(self, client_id: int) -> None:
        """Show another client in the same widgets (building ten tabs anew is slow)."""
        if client_id == self.client_id:
            self.reload()
            return
        self.ctx.drafts.flush_all()
        self.client_id = client_id
        self.data = None
        self.title.setText("Akte wird geladen …")
        self.facts.clear()
        self.reload()

    def reload(self, case_id: int | None = None) -> None:
        if self.client_id is None:
            return
        if case_id is None and self.data is not None:
            case_id = self.data.case_id
        desk, cid, with_services = self.desk, self.client_id, not self._services_loaded
        started = time.perf_counter()
        self.run(lambda: load_file(desk, cid, case_id, with_services),
                 lambda data: self._show(data, started))

    def _show(self, data: FileData, started: float) -> None:
        if data.client.id != self.client_id:
            return  # the user has moved on to another client meanwhile
        if data.services:
            self._services_loaded = True
        self.data = data
        client = data.client
        self.title.setText(client.display_name)
        born = PartialDate.from_iso(client.birth_date)
        facts = [f"geb. {born.german()}" if born else "",
                 self.desk.municipality_name(client.municipality_id)]
        self.facts.setText("  ·  ".join(f for f in facts if f))
        self.case_choice.clear()
        if not data.cases:
            self.case_choice.addItem("Noch kein Fall", None)
        for case in data.cases:
            self.case_choice.addItem(f"Fall: {case_line(case)}", case.id)
        idx = self.case_choice.findData(data.case_id)
        self.case_choice.setCurrentIndex(max(idx, 0))
        for tab in self.tab_views.values():
            tab.show_data(data)
        self.loaded_in_s = time.perf_counter() - started
        if self._landing is not None:
            kind, ref_id, case_id = self._landing
            if case_id not in (None, data.case_id) and \
                    case_id in [c.id for c in data.cases]:
                self.reload(case_id)  # the entry belongs to another case of the person
                return
            self._landing = None
            self._land(kind, ref_id)

    def focus_entry(self, kind: str, ref_id: int | None, case_id: int | None) -> None:
        """Open on one entry (from Heute): its tab, its line selected, the focus there."""
        self._landing = (kind, ref_id, case_id)

    def _land(self, kind: str, ref_id: int | None) -> None:
        if kind == "step":
            self.show_tab(PlanTab).select(("step", ref_id))
        elif kind == "follow_up":
            referrals = self.show_tab(ReferralsTab)
            referrals.table.select_id(ref_id)
            referrals.table.setFocus()
        elif kind == "appointment":
            contacts = self.show_tab(ContactsTab)
            index = contacts.appointment_choice.findData(ref_id)
            contacts.appointment_choice.setCurrentIndex(max(index, 0))
            contacts.appointment_choice.setFocus()
        elif kind == "expiring":
            self.show_tab(MasterDataTab).form.widget("residence_expires_on").setFocus()
        elif kind == "no_contact":
            self.show_tab(ContactsTab).form.focus_first()
        else:  # a Wiedervorlage: the case it belongs to
            self.show_tab(CaseTab).setFocus()

    def _case_chosen(self, index: int) -> None:
        case_id = self.case_choice.itemData(index)
        if case_id is not None and self.data is not None and case_id != self.data.case_id:
            self.ctx.drafts.flush_all()
            self.reload(case_id)
