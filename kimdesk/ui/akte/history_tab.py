"""Verlauf: what changed when in this file (from the audit log, no values)."""

from datetime import UTC

from PySide6.QtWidgets import QLabel, QVBoxLayout

from kimdesk.ui.akte.base import FileTab
from kimdesk.ui.akte.data import FileData
from kimdesk.ui.tables import ListTable


class HistoryTab(FileTab):
    title = "Verlauf"

    def __init__(self, file_view) -> None:  # noqa: ANN001 - ClientFileView
        super().__init__(file_view)
        layout = QVBoxLayout(self.body)
        note = QLabel("Was wann geändert wurde. Der Verlauf nennt Felder, nicht ihre Inhalte, "
                      "und bei Korrekturen den Grund.")
        note.setObjectName("subtitle")
        layout.addWidget(note)
        self.table = ListTable(["Zeitpunkt", "Was", "Einzelheiten", "Grund", "Von"],
                               "Verlauf", 3, "Noch nichts im Verlauf: jede Änderung an dieser "
                               "Akte erscheint hier.")
        layout.addWidget(self.table, 1)

    def refresh(self, data: FileData) -> None:
        self.table.set_rows([[f"{h.at.replace(tzinfo=UTC).astimezone():%d.%m.%Y %H:%M}",
                              h.what, h.detail, h.reason, h.actor] for h in data.history])
