"""Versorgungssystem: the local service directory by municipality and life area.

With a client file open, "Für Vermittlung übernehmen" puts the chosen service into the
referral form of that file.
"""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from kimdesk import catalogues
from kimdesk.ui.forms import catalogue_options
from kimdesk.ui.tables import ListTable
from kimdesk.ui.view import Context, View


class DirectoryView(View):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.setObjectName("page")
        self._loaded = False
        self.rows: list = []
        layout = QVBoxLayout(self)
        title = QLabel("Versorgungssystem")
        title.setObjectName("title")
        layout.addWidget(title)
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Name oder Adresse der Stelle")
        self.search.setAccessibleName("Stelle suchen")
        self.search.setClearButtonEnabled(True)
        row.addWidget(self.search, 3)
        self.municipality = QComboBox()
        self.municipality.setAccessibleName("Filter Kommune")
        self.municipality.addItem("Alle Kommunen", "")
        for m in self.desk.district.municipalities():
            self.municipality.addItem(m.name, m.id)
        row.addWidget(self.municipality, 1)
        self.life_area = QComboBox()
        self.life_area.setAccessibleName("Filter Lebensbereich")
        for oid, text in catalogue_options("life_areas", "Alle Lebensbereiche"):
            self.life_area.addItem(text, oid)
        row.addWidget(self.life_area, 1)
        layout.addLayout(row)
        self.table = ListTable(["Stelle", "Art", "Kommune", "Lebensbereiche"],
                               "Stellen im Versorgungssystem", 3)
        self.table.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAccessibleName("Angaben zur Stelle")
        bottom.addWidget(self.details, 1)
        self.pick = QPushButton("Für &Vermittlung übernehmen")
        self.pick.setAccessibleName("Stelle für Vermittlung übernehmen")
        self.pick.setToolTip("Übernimmt die Stelle in das Formular „Vermitteln“ der offenen Akte")
        self.pick.clicked.connect(self._pick)
        bottom.addWidget(self.pick)
        layout.addLayout(bottom)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.query)
        self.search.textChanged.connect(self._debounce.start)
        self.municipality.currentIndexChanged.connect(lambda _i: self.query())
        self.life_area.currentIndexChanged.connect(lambda _i: self.query())
        self.setFocusProxy(self.search)

    def activate(self) -> None:
        if not self._loaded:
            self.query()
        self.search.setFocus()

    def query(self) -> None:
        self._loaded = True
        directory = self.desk.directory
        text, mid, area = (self.search.text(), self.municipality.currentData(),
                           self.life_area.currentData())
        self.run(lambda: directory.search(text, municipality_id=mid, life_area=area), self._show)

    def _show(self, rows: list) -> None:
        self.rows = rows
        self.table.set_rows([[s.name, catalogues.label("institution_types", s.institution_type),
                              self.desk.municipality_name(s.municipality_id) or "kreisweit",
                              ", ".join(catalogues.label("life_areas", a).split(" (")[0]
                                        for a in s.life_areas)] for s in rows],
                            [s.id for s in rows])
        self.details.setText(f"{len(rows)} Stellen.")

    def _selected(self) -> None:
        sid = self.table.current_id()
        service = next((s for s in self.rows if s.id == sid), None)
        if service is not None:
            languages = ", ".join(catalogues.label("languages", lang)
                                  for lang in service.languages)
            self.details.setText(" · ".join(x for x in (
                service.name, service.address, service.phone, service.email,
                f"Sprachen: {languages}" if languages else "") if x))

    def _pick(self) -> None:
        sid = self.table.current_id()
        if sid is None:
            self.ctx.messages.error("Bitte zuerst eine Stelle auswählen.")
            return
        self.ctx.pick_service(sid)
