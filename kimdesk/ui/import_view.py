"""Import of a CSV/XLSX client list: choose the file, map the columns, check the preview,
then write — all rows in one transaction, or none. People who may already have a file are
flagged in the preview, left out by default, and their file opens from there."""

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kimdesk import catalogues
from kimdesk.casework import importer
from kimdesk.core.dates import PartialDate, german
from kimdesk.core.plurals import count
from kimdesk.ui.file_choice import choose_open
from kimdesk.ui.tables import ListTable
from kimdesk.ui.view import Context, View

FIELD_LABELS = {field: names[0] for field, names in importer.COLUMNS.items()}
PREVIEW_ROWS = 200


def _german_partial(iso: str | None) -> str:
    found = PartialDate.from_iso(iso)
    return found.german() if found else ""


class ImportView(View):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.setObjectName("page")
        self.table_data: importer.Table | None = None
        self.plan: importer.ImportPlan | None = None
        self.chosen: dict[str, str] = {}  # nationality as written → catalogue id
        #: planned client → the file it may duplicate (its id and name)
        self.duplicates: dict[int, tuple[int, str]] = {}
        layout = QVBoxLayout(self)
        title = QLabel("Import einer Klient*innen-Liste")
        title.setObjectName("title")
        layout.addWidget(title)
        intro = QLabel("1. Datei wählen (CSV oder Excel)  ·  2. Spalten zuordnen  ·  "
                       "3. Vorschau prüfen  ·  4. Importieren. Erst im letzten Schritt wird "
                       "etwas gespeichert — und nur, wenn jede Zeile lesbar ist.")
        intro.setWordWrap(True)
        intro.setObjectName("subtitle")
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.choose = QPushButton("&Datei wählen …")
        self.choose.setAccessibleName("Datei für den Import wählen")
        self.choose.clicked.connect(self._choose)
        row.addWidget(self.choose)
        self.file_label = QLabel("Keine Datei gewählt.")
        row.addWidget(self.file_label, 1)
        layout.addLayout(row)
        body = QHBoxLayout()
        self.mapping_box = QGroupBox("Spalten zuordnen")
        self.mapping_form = QFormLayout()
        inner = QWidget()
        inner.setLayout(self.mapping_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        box_layout = QVBoxLayout(self.mapping_box)
        box_layout.addWidget(scroll)
        self.choice_box = QGroupBox("Staatsangehörigkeit zuordnen")
        self.choice_form = QFormLayout(self.choice_box)
        self.choice_box.hide()
        box_layout.addWidget(self.choice_box)
        self.check = QPushButton("&Vorschau prüfen")
        self.check.setAccessibleName("Vorschau prüfen")
        self.check.clicked.connect(self.validate)
        box_layout.addWidget(self.check)
        self.mapping_box.setMinimumWidth(340)
        body.addWidget(self.mapping_box, 1)
        right = QVBoxLayout()
        self.preview = ListTable(["Zeile", "Nachname", "Vorname", "Geburtsdatum", "Kommune",
                                  "Fall", "Hinweis"], "Vorschau des Imports", 6,
                                 "Die Vorschau erscheint, sobald eine Datei gewählt und "
                                 "„Vorschau prüfen“ gedrückt ist.")
        self.preview.activated.connect(lambda _i: self.open_existing())
        self.preview.currentCellChanged.connect(lambda *_a: self._enable_open())
        right.addWidget(self.preview, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Ergebnis der Prüfung")
        right.addWidget(self.summary)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Import läuft")
        self.progress.hide()
        right.addWidget(self.progress)
        commit_row = QHBoxLayout()
        self.skip_duplicates = QCheckBox("Mögliche Dubletten nicht importieren")
        self.skip_duplicates.setChecked(True)
        self.skip_duplicates.hide()
        commit_row.addWidget(self.skip_duplicates)
        self.open_button = QPushButton("Vorhandene &Akte öffnen")
        self.open_button.setAccessibleName("Vorhandene Akte der markierten Dublette öffnen")
        self.open_button.setToolTip("Öffnet die Akte, die es vielleicht schon gibt (auch mit "
                                    "Eingabe in der Vorschau). Die Vorschau bleibt erhalten.")
        self.open_button.clicked.connect(self.open_existing)
        self.open_button.hide()
        commit_row.addWidget(self.open_button)
        commit_row.addStretch(1)
        self.commit_button = QPushButton("&Importieren")
        self.commit_button.setObjectName("primary")
        self.commit_button.setAccessibleName("Importieren")
        self.commit_button.clicked.connect(self.commit)
        commit_row.addWidget(self.commit_button)
        right.addLayout(commit_row)
        body.addLayout(right, 2)
        layout.addLayout(body, 1)
        self.combos: dict[str, QComboBox] = {}
        self._set_step(0)

    def _set_step(self, step: int) -> None:
        self.mapping_box.setEnabled(step >= 1)
        self.commit_button.setEnabled(step == 2 and self.plan is not None
                                      and not self.plan.errors and bool(self.plan.clients)
                                      and not self.plan.unknown_nationalities)

    def _choose(self) -> None:
        path = choose_open(self, "Liste wählen", "Tabellen (*.csv *.xlsx)")
        if path:
            self.load(path)

    def load(self, path: Path) -> None:
        self.file_label.setText(f"{path.name} wird gelesen …")
        self.run(lambda: importer.read_table(path), lambda t: self._loaded(path, t))

    def _loaded(self, path: Path, table: importer.Table) -> None:
        self.table_data, self.plan, self.chosen, self.duplicates = table, None, {}, {}
        self.skip_duplicates.hide()
        self.open_button.hide()
        self.file_label.setText(f"{path.name}: {len(table.rows)} Zeilen")
        guessed = importer.guess_mapping(table.headers)
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.combos = {}
        for field, label in FIELD_LABELS.items():
            combo = QComboBox()
            combo.setAccessibleName(f"Spalte für {label}")
            combo.addItem("— nicht übernehmen —", -1)
            for i, header in enumerate(table.headers):
                combo.addItem(header or f"Spalte {i + 1}", i)
            combo.setCurrentIndex(combo.findData(guessed.get(field, -1)))
            combo.currentIndexChanged.connect(lambda _i: self._set_step(1))
            self.combos[field] = combo
            self.mapping_form.addRow(label + (" *" if field == "family_name" else ""), combo)
        self.preview.set_rows([])
        self.summary.setText("Bitte die Zuordnung prüfen und dann „Vorschau prüfen“ wählen.")
        self._set_step(1)

    def mapping(self) -> dict[str, int]:
        return {f: c.currentData() for f, c in self.combos.items() if c.currentData() >= 0}

    def validate(self) -> None:
        if self.table_data is None:
            return
        table, mapping, district = self.table_data, self.mapping(), self.desk.district_id
        chosen, duplicates = dict(self.chosen), self.desk.duplicates

        def check() -> tuple[importer.ImportPlan, dict[int, tuple[int, str]]]:
            plan = importer.validate(table, mapping, district, chosen)
            found = {}
            for i, item in enumerate(plan.clients):
                c = item["client"]
                same = duplicates.candidates(c.get("family_name", ""),
                                             c.get("given_names", ""), c.get("birth_date"))
                if same:
                    found[i] = (same[0].client.id, same[0].client.display_name)
            return plan, found

        self.run(check, lambda result: self._validated(*result))

    def _validated(self, plan: importer.ImportPlan,
                   duplicates: dict[int, tuple[int, str]]) -> None:
        self.plan, self.duplicates = plan, duplicates
        self._offer_choices(plan.unknown_nationalities)
        errors = dict(plan.errors)
        rows: list[list[str]] = []
        existing: list[int | None] = []  # per preview line: the file it may duplicate
        ok_iter = iter(plan.clients)
        table = self.table_data
        source = table.rows if table is not None else []
        for position, raw in enumerate(source):
            # the line in the file: a quoted cell may span several
            line = table.line_of(position) if table is not None else position + 2
            if len(rows) >= PREVIEW_ROWS:
                break
            if line in errors:
                rows.append([str(line), *(raw[:2] + ["", "", ""])[:5], errors[line]])
                existing.append(None)
                continue
            if not any(c.strip() for c in raw):
                continue
            item = next(ok_iter, None)
            if item is None:
                break
            c = item["client"]
            index = len([r for r in rows if r[0] not in map(str, errors)])
            note = f"Einwilligung {german(item['consent_on'])}" if item["consent_on"] else "ok"
            existing.append(duplicates[index][0] if index in duplicates else None)
            if index in duplicates:
                note = f"mögliche Dublette von „{duplicates[index][1]}“ (Eingabe öffnet " \
                    "die Akte)"
            unknown = [v for v, lines in plan.unknown_nationalities.items() if line in lines]
            if unknown:
                note = f"Staatsangehörigkeit „{unknown[0]}“ bitte zuordnen"
            rows.append([str(line), c.get("family_name", ""), c.get("given_names", ""),
                         _german_partial(c.get("birth_date")), self.desk.municipality_name(
                             c.get("municipality_id", "")),
                         "ja" if item["case"] else "", note])
        self.preview.set_rows(rows, existing)
        if plan.errors:
            n = len(plan.errors)
            self.summary.setText(f"{count(n, 'Zeile')} {'kann' if n == 1 else 'können'} "
                                 "nicht gelesen werden "
                                 "(in der Vorschau markiert). Bitte die Datei korrigieren oder "
                                 "die Zuordnung ändern — importiert wird nur eine fehlerfreie "
                                 "Liste.")
        elif plan.unknown_nationalities:
            self.summary.setText(f"{count(len(plan.unknown_nationalities), 'Angabe')} zur "
                                 "Staatsangehörigkeit ist keinem Land zugeordnet. Bitte oben "
                                 "links das Land wählen; die Vorschau wird dann neu geprüft.")
        else:
            dup = f" {count(len(duplicates), 'Person')} gibt es vielleicht schon (Hinweis in " \
                "der Vorschau)." if duplicates else ""
            self.summary.setText(f"{count(len(plan.clients), 'Person')} bereit zum Import. "
                                 f"Es wurde noch nichts gespeichert.{dup}")
        self.skip_duplicates.setVisible(bool(duplicates))
        self.open_button.setVisible(bool(duplicates))
        self._enable_open()
        self._set_step(2)

    def _enable_open(self) -> None:
        self.open_button.setEnabled(self.preview.current_id() is not None)

    def open_existing(self) -> None:
        """The file the marked preview line may duplicate; the preview stays as it is."""
        client_id = self.preview.current_id()
        if client_id is not None:
            self.ctx.open_client(int(client_id))

    def _offer_choices(self, unknown: dict[str, list[int]]) -> None:
        """One drop-down per nationality as written that matches no country."""
        while self.choice_form.rowCount():
            self.choice_form.removeRow(0)
        options = [(e.id, e.label) for e in catalogues.catalogue("nationalities")]
        for value, lines in unknown.items():
            combo = QComboBox()
            combo.setAccessibleName(f"Land für „{value}“")
            combo.addItem("— bitte wählen —", "")
            for oid, label in options:
                combo.addItem(label, oid)
            combo.activated.connect(lambda _i, v=value, c=combo: self._chosen(v, c))
            shown = ", ".join(map(str, lines[:5])) + (" …" if len(lines) > 5 else "")
            caption = QLabel(f"„{value}“ (Zeile {shown})")
            caption.setWordWrap(True)
            self.choice_form.addRow(caption, combo)
        self.choice_box.setVisible(bool(unknown))

    def _chosen(self, value: str, combo: QComboBox) -> None:
        if combo.currentData():
            self.chosen[value] = combo.currentData()
            self.validate()

    def commit(self) -> None:
        if self.plan is None or self.plan.errors:
            return
        plan, store, actor = self.plan, self.desk.store, self.desk.case_manager
        if self.duplicates and self.skip_duplicates.isChecked():
            plan = importer.ImportPlan(
                clients=[c for i, c in enumerate(plan.clients) if i not in self.duplicates],
                unknown_nationalities=plan.unknown_nationalities)
        self.progress.show()
        self.commit_button.setEnabled(False)
        self.run(lambda: importer.commit(store, plan, actor), self._committed,
                 lambda msg: (self.progress.hide(), self.ctx.messages.error(msg),
                              self._set_step(2)))

    def _committed(self, number: int) -> None:
        self.progress.hide()
        self.plan = None
        self._set_step(1)
        done = f"{count(number, 'Person')} " \
               f"{'wurde' if number == 1 else 'wurden'} importiert."
        self.summary.setText(done)
        self.ctx.messages.info(done)
        self.ctx.data_changed()
