"""The mandatory review: one finding at a time, then the last full view ("Das wird gesendet").

The dialog gets callables, never a database, and runs them on the task runner: ``save(review)``
stores the decisions (a copy, taken when decided), ``preview()`` returns the payload's full
German text, ``queue()`` puts it in the outbox and returns the item id. "In den Postausgang
legen" only appears once every finding is decided.
Dismissing a name or number from the case file asks first (a QMessageBox, default "Nein");
each confirmed one is listed again on the last page.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kimdesk.reconstruction.content import field_label
from kimdesk.reconstruction.review import KIND_LABELS, Review
from kimdesk.ui.tasks import TaskRunner, user_message

CONTEXT_CHARS = 90


class ReviewDialog(QDialog):
    queued = Signal(str)

    def __init__(self, review: Review, runner: TaskRunner, save: Callable[[Review], str],
                 preview: Callable[[], str], queue: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.runner = runner
        self._save, self._preview, self._queue = save, preview, queue
        self.index = review.open_findings[0] if review.open_findings else 0
        self.setWindowTitle("Datenschutzprüfung der Fallrekonstruktion")
        self.resize(720, 520)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._finding_page())
        self.pages.addWidget(self._final_page())
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        if review.findings:
            self._show_finding()
        else:
            self._show_final()

    # -- page 1: findings ------------------------------------------------------------------
    def _finding_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.progress = QLabel()
        self.progress.setObjectName("sectionTitle")
        self.where = QLabel()
        self.where.setObjectName("subtitle")
        self.context = QTextBrowser()
        self.context.setAccessibleName("Fundstelle im Zusammenhang")
        self.context.setMaximumHeight(140)
        self.proposal = QLabel()
        self.proposal.setWordWrap(True)
        self.replacement = QLineEdit()
        self.replacement.setAccessibleName("Eigener Ersatztext")
        self.replacement.setPlaceholderText("Eigener Ersatztext für „Bearbeiten“")
        self.decided = QLabel()
        self.accept_button = QPushButton("Übernehmen")
        self.accept_button.setObjectName("primary")
        self.edit_button = QPushButton("Bearbeiten")
        self.dismiss_button = QPushButton("Verwerfen")
        self.accept_button.clicked.connect(lambda: self._decide("accept"))
        self.edit_button.clicked.connect(lambda: self._decide("edit"))
        self.dismiss_button.clicked.connect(lambda: self._decide("dismiss"))
        self.back_button = QPushButton("◀ Zurück")
        self.next_button = QPushButton("Weiter ▶")
        self.back_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        self.to_final_button = QPushButton()
        self.to_final_button.clicked.connect(self._show_final)
        decide = QHBoxLayout()
        for b in (self.accept_button, self.edit_button, self.dismiss_button):
            decide.addWidget(b)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        nav.addWidget(self.to_final_button)
        for w in (self.progress, self.where, self.context, self.proposal, self.replacement,
                  self.decided):
            v.addWidget(w)
        v.addLayout(decide)
        v.addStretch(1)
        v.addLayout(nav)
        return page

    def _show_finding(self) -> None:
        self.pages.setCurrentIndex(0)
        f = self.review.findings[self.index]
        total = len(self.review.findings)
        self.progress.setText(f"Fundstelle {self.index + 1} von {total}: {f.kind_label}")
        self.where.setText(f"Im Feld „{field_label(f.field)}“")
        text = self.review.fields.get(f.field, "")
        lo, hi = max(0, f.start - CONTEXT_CHARS), min(len(text), f.end + CONTEXT_CHARS)
        self.context.setHtml(
            ("… " if lo else "") + html.escape(text[lo:f.start])
            + f"<span style='background:#ffe08a;font-weight:600'>{html.escape(f.text)}</span>"
            + html.escape(text[f.end:hi]) + (" …" if hi < len(text) else ""))
        self.proposal.setText(f"Vorschlag: <b>{html.escape(f.proposal)}</b>")
        self.replacement.setText(f.replacement or f.proposal)
        self.decided.setText(f"Entscheidung: {f.decision_label}" if f.decided
                             else "Noch nicht entschieden.")
        self.dismiss_button.setToolTip(
            "Name/Nummer aus der Akte: unverändert senden nur nach Rückfrage." if f.identifying
            else "Kein Personenbezug: der Text bleibt wie geschrieben.")
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < total - 1)
        open_n = len(self.review.open_findings)
        self.to_final_button.setEnabled(open_n == 0)
        self.to_final_button.setText("Weiter zur Übersicht „Das wird gesendet“" if open_n == 0
                                     else f"Noch {open_n} offen")

    def _decide(self, how: str) -> None:
        self.error.clear()
        try:
            if how == "accept":
                self.review.accept(self.index)
            elif how == "dismiss":
                if not self._dismiss():
                    return
            else:
                self.review.edit(self.index, self.replacement.text())
        except Exception as exc:  # noqa: BLE001 - shown as a German sentence
            self.error.setText(user_message(exc))
            return
        decided, save = Review.from_json(self.review.to_json()), self._save
        self.runner.run(lambda: save(decided), None, self.error.setText, owner=self)
        remaining = self.review.open_findings
        if remaining:
            later = [i for i in remaining if i > self.index]
            self.index = later[0] if later else remaining[0]
            self._show_finding()
        else:
            self._show_final()

    def _dismiss(self) -> bool:
        """Dismiss the current finding; a name or number from the file only after a "Ja"."""
        f = self.review.findings[self.index]
        if not f.identifying:
            self.review.dismiss(self.index)
            return True
        answer = QMessageBox.question(
            self, "Angabe aus der Akte unverändert senden?",
            f"„{f.text}“ ({f.kind_label}) ist ein Name/eine Nummer aus der Akte. "
            "Wirklich unverändert senden?\n\nDer Text geht dann so an die "
            "Koordinierungsstelle.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.review.dismiss(self.index, confirm_identifying=True)
        return True

    def _step(self, delta: int) -> None:
        self.index = max(0, min(len(self.review.findings) - 1, self.index + delta))
        self._show_finding()

    # -- page 2: the last full view ----------------------------------------------------------
    def _final_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        title = QLabel("Das wird gesendet")
        title.setObjectName("title")
        hint = QLabel("Genau dieser Text geht an die Koordinierungsstelle – sonst nichts. "
                      "Wenn noch etwas auf eine Person hinweist: Abbrechen, im Editor ändern "
                      "und neu prüfen.")
        hint.setWordWrap(True)
        self.full_view = QPlainTextEdit()
        self.full_view.setReadOnly(True)
        self.full_view.setAccessibleName("Das wird gesendet")
        self.kept_label = QLabel()
        self.kept_label.setObjectName("error")
        self.kept_label.setWordWrap(True)
        self.send_button = QPushButton("In den Postausgang legen")
        self.send_button.setObjectName("primary")
        self.send_button.clicked.connect(self._send)
        self.back_to_findings = QPushButton("◀ Fundstellen")
        self.back_to_findings.clicked.connect(self._show_finding)
        cancel = QPushButton("Abbrechen")
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.back_to_findings)
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(self.send_button)
        v.addWidget(title)
        v.addWidget(hint)
        v.addWidget(self.kept_label)
        v.addWidget(self.full_view, 1)
        v.addLayout(row)
        return page

    def _show_final(self) -> None:
        if self.review.open_findings:
            return
        self.error.clear()
        self.runner.run(self._preview, self._show_preview, self.error.setText, owner=self)

    def _show_preview(self, text: str) -> None:
        self.full_view.setPlainText(text)
        kept = self.review.dismissed_identifying()
        if kept:
            n = sum(kept.values())
            detail = ", ".join(f"{KIND_LABELS.get(k, k)}: {c}" for k, c in kept.items())
            self.kept_label.setText(
                f"Achtung: {n} Angabe{'n' if n != 1 else ''} aus der Akte ausdrücklich "
                f"unverändert bestätigt ({detail}) – sie steh{'en' if n != 1 else 't'} so im "
                "gesendeten Text.")
        else:
            self.kept_label.clear()
        self.kept_label.setVisible(bool(kept))
        self.back_to_findings.setVisible(bool(self.review.findings))
        self.pages.setCurrentIndex(1)

    def _send(self) -> None:
        self.error.clear()
        self.send_button.setEnabled(False)  # once: a second click would only be refused
        self.runner.run(self._queue, self._sent, self._not_sent, owner=self)

    def _sent(self, item_id: str) -> None:
        self.queued.emit(item_id)
        self.accept()

    def _not_sent(self, message: str) -> None:
        self.error.setText(message)
        self.send_button.setEnabled(True)

    def keyPressEvent(self, event) -> None:  # noqa: ANN001 - QKeyEvent
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # no accidental decisions by Enter
        super().keyPressEvent(event)
