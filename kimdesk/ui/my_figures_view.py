"""Meine Zahlen (Strg+9): the case manager's own exact counts per month or quarter for her
Sachbericht, as an Excel sheet too — marked everywhere as never sent."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from kimdesk.casework.my_figures import MONTHS, NEVER_SENT, MyFigures
from kimdesk.ui.tables import ListTable
from kimdesk.ui.view import Context, View


class MyFiguresView(View):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.setObjectName("page")
        self.figures: MyFigures | None = None
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        title = QLabel("Meine Zahlen")
        title.setObjectName("title")
        head.addWidget(title)
        head.addStretch(1)
        year_label = QLabel("&Jahr")
        self.year = QComboBox()
        this = date.today().year
        for year in range(this, this - 6, -1):
            self.year.addItem(str(year), year)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        year_label.setBuddy(self.year)
        head.addWidget(year_label)
        head.addWidget(self.year)
        view_label = QLabel("&Ansicht")
        self.by = QComboBox()
        self.by.addItem("nach Monaten", "months")
        self.by.addItem("nach Quartalen", "quarters")
        self.by.currentIndexChanged.connect(lambda _i: self._show_table())
        view_label.setBuddy(self.by)
        head.addWidget(view_label)
        head.addWidget(self.by)
        self.export_button = QPushButton("Als &Excel speichern …")
        self.export_button.clicked.connect(self.ask_export)
        head.addWidget(self.export_button)
        layout.addLayout(head)
        banner = QLabel(NEVER_SENT + " Für die Statistik des Kreises gehen nur anonymisierte, "
                        "leicht veränderte Tabellen hinaus (Statistik, Abgleich).")
        banner.setObjectName("caseBanner")
        banner.setWordWrap(True)
        banner.setAccessibleName("Hinweis: diese Zahlen werden nie gesendet")
        layout.addWidget(banner)
        self.table = ListTable(["Bereich", "Zahl"], "Meine Zahlen", 1)
        layout.addWidget(self.table, 1)

    def activate(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        service, year = self.desk.my_figures, int(self.year.currentData())
        self.run(lambda: service.year(year), self._loaded)

    def _loaded(self, figures: MyFigures) -> None:
        self.figures = figures
        self._show_table()

    def _show_table(self) -> None:
        if self.figures is None:
            return
        quarters = self.by.currentData() == "quarters"
        periods = ["Q1", "Q2", "Q3", "Q4"] if quarters else list(MONTHS)
        headers = ["Bereich", "Zahl", *periods, str(self.figures.year)]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.set_rows([[row.section, row.label,
                              *map(str, row.quarters if quarters else row.months),
                              str(row.total)] for row in self.figures.rows])
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r in range(self.table.rowCount()):
            for c in range(2, self.table.columnCount()):
                item = self.table.item(r, c)
                if item is not None:
                    item.setTextAlignment(right)
        self.table.resizeColumnsToContents()  # every number whole, no sideways scrolling

    def ask_export(self) -> None:
        if self.figures is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Meine Zahlen speichern", f"Meine-Zahlen-{self.figures.year}.xlsx",
            "Excel (*.xlsx)")
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> None:
        from kimdesk.casework.my_figures import save_xlsx

        figures = self.figures
        if figures is None:
            return
        self.run(lambda: save_xlsx(figures, path),
                 lambda _p: self.ctx.messages.info(f"Gespeichert: {path.name}"))
