"""Heute: a plan for the day — appointments with their times first, then what is due for
me (my steps, follow-ups, Wiedervorlagen, expiring residence titles), apart from what
others owe. Tick off, postpone or set a Wiedervorlage from here; Enter opens the Akte on
the entry itself; the day list prints for outreach visits."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kimdesk.casework.today import OPTIONAL_SECTIONS, SECTIONS, Agenda, TodayItem
from kimdesk.core import plurals
from kimdesk.core.dates import german
from kimdesk.ui.decisions_panel import DecisionsPanel
from kimdesk.ui.forms import DateField, FormPanel, TextField
from kimdesk.ui.keyboard import prepare as prepare_keyboard
from kimdesk.ui.splitters import RememberedSplitter
from kimdesk.ui.view import Context, View

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
OVERDUE = QColor("#a12a2a")
#: sections folded on opening: they are long and not the case manager's own to do
FOLDED = {"others", "no_contact"}
#: kinds that can be ticked off and postponed from Heute
ACTIONABLE = {"step", "reminder", "follow_up"}


class TodayView(View):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.setObjectName("page")
        self._stale = True
        self.agenda: Agenda | None = None
        self.reminder_dialog: ReminderDialog | None = None
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel("Heute")
        self.title.setObjectName("title")
        head.addWidget(self.title)
        head.addStretch(1)
        self.print_button = QPushButton("Tagesliste &drucken …")
        self.print_button.setAccessibleName("Tagesliste drucken oder als PDF speichern")
        self.print_button.clicked.connect(self.print_day_list)
        head.addWidget(self.print_button)
        refresh = QPushButton("&Aktualisieren (F5)")
        refresh.setShortcut("F5")
        refresh.setAccessibleName("Heute aktualisieren")
        refresh.clicked.connect(self.refresh)
        head.addWidget(refresh)
        layout.addLayout(head)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("subtitle")
        layout.addWidget(self.subtitle)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Was heute ansteht")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Wann", "Klient*in", "Was"])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # the date column as wide as a date (the spanned section titles must not widen it)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, self.fontMetrics().horizontalAdvance("00.00.0000") + 56)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # names measured in the rows on screen, not in up to a thousand of them at each
        # layout (Heute with thousands of cases)
        self.tree.header().setResizeContentsPrecision(0)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemActivated.connect(lambda item, _col: self.open_item(item))
        self.tree.itemExpanded.connect(self._fill_folded)
        self._folded_rows: dict[int, list[TodayItem]] = {}  # id(section head) -> its entries
        self.tree.currentItemChanged.connect(lambda *_a: self._enable())
        plan = QWidget()  # the plan and its buttons, above the steering group's decisions
        plan_layout = QVBoxLayout(plan)
        plan_layout.setContentsMargins(0, 0, 0, 0)
        plan_layout.addWidget(self.tree, 1)
        actions = QHBoxLayout()
        self.open_button = QPushButton("Akte ö&ffnen (Eingabe)")
        self.open_button.clicked.connect(lambda: self.open_item(self.tree.currentItem()))
        self.done_button = QPushButton("&Erledigt")
        self.done_button.setAccessibleName("Ausgewählten Eintrag abhaken")
        self.done_button.clicked.connect(self.tick_off)
        self.postpone_to = QLineEdit()
        self.postpone_to.setAccessibleName("Verschieben auf Datum")
        self.postpone_to.setPlaceholderText("TT.MM.JJJJ")
        self.postpone_to.setMaximumWidth(self.postpone_to.fontMetrics().horizontalAdvance(
            "00.00.00000") + 16)
        self.postpone_button = QPushButton("&Verschieben auf")
        self.postpone_button.clicked.connect(self.postpone)
        self.reminder_button = QPushButton("&Wiedervorlage …")
        self.reminder_button.setAccessibleName("Wiedervorlage zu diesem Eintrag anlegen")
        self.reminder_button.clicked.connect(self.new_reminder)
        for widget in (self.open_button, self.done_button, self.postpone_button,
                       self.postpone_to, self.reminder_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        plan_layout.addLayout(actions)
        self.decisions = DecisionsPanel(ctx)  # what the steering group decided
        self.splitter = RememberedSplitter("heute", Qt.Orientation.Vertical, plan,
                                           self.decisions)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.tree)

    def mark_stale(self) -> None:
        self._stale = True

    def refresh(self) -> None:
        self._stale = False
        today = date.today()
        self.title.setText(f"Heute, {WEEKDAYS[today.weekday()]}, {german(today)}")
        self.subtitle.setText("Wird geladen …")
        self.postpone_to.setText(german(today + timedelta(days=7)))
        service = self.desk.today
        self.run(lambda: service.agenda(today), self._show)
        self.decisions.refresh()

    def _show(self, agenda: Agenda) -> None:
        """Sections with their rows attached before they enter the tree (one layout, not
        one per row); a folded long section gets its rows when it is first opened."""
        self.agenda = agenda
        current = self.current()
        self.tree.clear()
        self._folded_rows.clear()
        bold = QFont()
        bold.setBold(True)
        mine = 0
        select = None
        heads: list[tuple[QTreeWidgetItem, bool]] = []
        for key, title in SECTIONS.items():
            items = agenda.sections.get(key, [])
            count = agenda.totals.get(key, 0)
            if not count and key in OPTIONAL_SECTIONS:
                continue
            if key not in FOLDED:
                mine += count
            shown = f"{title} ({count})" if count <= len(items) else \
                f"{title} ({len(items)} von {count})"
            head = QTreeWidgetItem([shown if count else f"{title} — nichts", "", ""])
            head.setFont(0, bold)
            head.setData(0, Qt.ItemDataRole.UserRole, None)
            expanded = key not in FOLDED or count <= 10
            if expanded:
                rows, found = self._rows(items, current)
                head.addChildren(rows)
                select = found if select is None else select
            elif items:  # filled when opened (see _fill_folded)
                self._folded_rows[id(head)] = items
                head.setChildIndicatorPolicy(
                    QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            heads.append((head, expanded))
        self.tree.addTopLevelItems([head for head, _ in heads])
        for head, expanded in heads:
            head.setFirstColumnSpanned(True)  # (only takes effect once the item is in a tree)
            head.setExpanded(expanded)
        self.subtitle.setText(
            f"{plurals.count(mine, 'Eintrag')} für mich. Eingabe öffnet die Akte beim "
            "Eintrag; Erledigt, Verschieben und Wiedervorlage wirken auf die markierte Zeile.")
        if select is None:  # the first entry, not an empty section's title
            select = next((h.child(0) for h, _ in heads if h.childCount() and h.isExpanded()),
                          heads[0][0] if heads else None)
        if select is not None:
            self.tree.setCurrentItem(select)
        self._enable()

    def _rows(self, items: list[TodayItem], current: TodayItem | None
              ) -> tuple[list[QTreeWidgetItem], QTreeWidgetItem | None]:
        """The rows of a section, and the one that shows ``current`` if it is among them."""
        overdue = QBrush(OVERDUE)
        rows, select = [], None
        for item in items:
            when = item.text.split(" Uhr")[0] if item.kind == "appointment" else \
                german(item.on)
            row = QTreeWidgetItem([when, item.client_name, item.text])
            row.setData(0, Qt.ItemDataRole.UserRole, item)
            row.setToolTip(2, item.text)
            if item.overdue:
                for col in range(3):
                    row.setForeground(col, overdue)
                row.setToolTip(0, "überfällig")
            rows.append(row)
            if current is not None and (item.kind, item.ref_id) == \
                    (current.kind, current.ref_id):
                select = row
        return rows, select

    def _fill_folded(self, head: QTreeWidgetItem) -> None:
        items = self._folded_rows.pop(id(head), None)
        if items is not None:
            head.addChildren(self._rows(items, None)[0])

    def current(self) -> TodayItem | None:
        return self.current_of(self.tree.currentItem())

    @staticmethod
    def current_of(item: QTreeWidgetItem | None) -> TodayItem | None:
        value = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, TodayItem) else None

    def _enable(self) -> None:
        item = self.current()
        actionable = item is not None and item.kind in ACTIONABLE
        self.done_button.setEnabled(actionable)
        self.postpone_button.setEnabled(actionable)
        self.open_button.setEnabled(item is not None and item.client_id is not None)
        self.reminder_button.setEnabled(item is not None and item.client_id is not None)

    # -- actions ------------------------------------------------------------------------
    def open_item(self, tree_item: QTreeWidgetItem | None) -> None:
        item = tree_item.data(0, Qt.ItemDataRole.UserRole) if tree_item else None
        if isinstance(item, TodayItem) and item.client_id:
            self.ctx.open_entry(int(item.client_id), *item.landing, item.case_id)

    def tick_off(self) -> None:
        item = self.current()
        if item is None or item.kind not in ACTIONABLE:
            return
        actions = self.desk.agenda_actions
        self.run(lambda: actions.tick_off(item), lambda _r: self._changed("Erledigt."))

    def postpone(self) -> None:
        item, to = self.current(), self.postpone_to.text()
        if item is None or item.kind not in ACTIONABLE:
            return
        actions = self.desk.agenda_actions
        self.run(lambda: actions.postpone(item, to),
                 lambda _r: self._changed(f"Verschoben auf {to}."))

    def new_reminder(self) -> None:
        item = self.current()
        if item is None or item.client_id is None:
            return
        self.reminder_dialog = ReminderDialog(self, item)
        self.reminder_dialog.show()

    def _changed(self, message: str) -> None:
        self.ctx.messages.info(message)
        self.ctx.data_changed()
        self.refresh()

    def print_day_list(self) -> None:
        from kimdesk.ui.day_list import print_day_list

        if self.agenda is not None:
            print_day_list(self, self.agenda)

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        super().showEvent(event)
        if self._stale and self.agenda is not None:
            self.refresh()


class ReminderDialog(QDialog):
    """Wiedervorlage: a date and a short note, for the person of the chosen entry."""

    def __init__(self, view: TodayView, item: TodayItem) -> None:
        super().__init__(view)
        self.view, self.item = view, item
        self.setWindowTitle("Wiedervorlage — KIMdesk")
        layout = QVBoxLayout(self)
        self.form = FormPanel(f"Wiedervorlage: {item.client_name}", [
            DateField("due_on", "&Am", today=False),
            TextField("text", "&Worum geht es", default=item.text[:120]),
        ], "Wiedervorlage anlegen")
        self.form.field("due_on").widget.setText(german(date.today() + timedelta(days=7)))
        self.form.submitted.connect(self.save)
        layout.addWidget(self.form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        cancel = QPushButton("Abbrechen")
        cancel.clicked.connect(self.reject)
        layout.addWidget(cancel, 0, Qt.AlignmentFlag.AlignRight)
        prepare_keyboard(self)
        self.resize(520, self.sizeHint().height())

    def save(self, values: dict) -> None:
        referrals, item = self.view.desk.referrals, self.item
        self.view.run(lambda: referrals.remind(values["due_on"], values["text"],
                                               item.client_id, item.case_id, *item.source),
                      self._saved, self.error.setText)

    def _saved(self, _result: object) -> None:
        self.accept()
        self.view._changed("Wiedervorlage angelegt.")
