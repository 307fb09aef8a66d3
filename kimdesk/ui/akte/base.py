"""What the Akte tabs share: draft-bound forms and saving through a service call."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kimdesk.core.errors import DomainError
from kimdesk.ui.akte.data import FileData
from kimdesk.ui.consent_exception import save_with_consent
from kimdesk.ui.draft_keeper import DraftBinder
from kimdesk.ui.forms import Field, FormPanel
from kimdesk.ui.splitters import RememberedSplitter
from kimdesk.ui.tables import ListTable
from kimdesk.ui.view import View, scroll_area, scroll_body

if TYPE_CHECKING:
    from kimdesk.ui.client_file import ClientFileView

NO_CASE = "Für diese Person gibt es noch keinen Fall. Bitte unter „Fall & Phasen“ einen eröffnen."
CLOSED = "Der Fall ist abgeschlossen. Zum Weiterarbeiten bitte unter „Fall & Phasen“ wieder " \
         "aufnehmen."


def form_column(*forms: FormPanel) -> QScrollArea:
    """Forms stacked at the top of a side column that scrolls on its own, so the list
    beside it keeps its full height on a small screen."""
    area = scroll_area(horizontal=False)
    body = area.widget()
    assert body is not None  # scroll_area() always sets one
    column = QVBoxLayout(body)
    column.setContentsMargins(0, 0, 4, 0)
    for form in forms:
        column.addWidget(form)
    column.addStretch(1)
    area.setMinimumWidth(max(f.minimumSizeHint().width() for f in forms)
                         + area.verticalScrollBar().sizeHint().width() + 8)
    return area


def require_case(case_id: int | None) -> int:
    """The case a form works on (checked on the worker: no case is a German message)."""
    if case_id is None:
        raise DomainError(NO_CASE)
    return case_id


def require_client(client_id: int | None) -> int:
    """The person a form works on; a new person is saved first (German message)."""
    if client_id is None:
        raise DomainError("Bitte zuerst die Stammdaten der Person speichern.")
    return client_id


class FileTab(View):
    title = ""

    def __init__(self, file_view: "ClientFileView") -> None:
        super().__init__(file_view.ctx)
        self.file = file_view
        self.setAccessibleName(self.title.replace("&&", "&"))
        self._forms: dict[str, tuple[FormPanel, str, DraftBinder | None]] = {}
        self.data: FileData | None = None
        self.correction: Any = None  # the open correction dialog, if any
        #: lay the tab out in this: it scrolls when the window is smaller than the tab
        self.body = scroll_body(self)

    @property
    def shown_case_id(self) -> int | None:
        """The case shown in the tab, if any."""
        return self.data.case_id if self.data else None

    # -- forms and drafts ------------------------------------------------------------
    def add_form(self, name: str, form: FormPanel, level: str = "case") -> FormPanel:
        """Register a form; its draft key follows the client ("client") or case ("case")."""
        self._forms[name] = (form, level, None)
        return form

    def binder(self, name: str) -> DraftBinder | None:
        return self._forms[name][2]

    def _key(self, name: str, level: str) -> str:
        client_id = self.file.client_id
        if level == "client":
            return f"{name}:client:{client_id if client_id else 'new'}"
        case_id = self.shown_case_id
        return f"{name}:case:{case_id}" if case_id else f"{name}:client:{client_id}:nocase"

    def bind_drafts(self) -> None:
        for name, (form, level, binder) in list(self._forms.items()):
            key = self._key(name, level)
            if binder is None:
                self._forms[name] = (form, level, DraftBinder(self.ctx, form, key))
            else:
                binder.rebind(key)

    def save(self, name: str, call: Callable[[], Any], ok: str,
             after: Callable[[Any], None] | None = None) -> None:
        """Run a service call; on success clear the form, drop its draft, reload the Akte."""
        self.run(call, self._saved(name, ok, after))

    def save_with_consent(self, name: str, call: Callable[[str], Any], ok: str) -> None:
        """Like :meth:`save` for a call that needs a consent: ``call(exception_reason)``;
        a missing consent offers a recorded exception (:mod:`kimdesk.ui.consent_exception`)."""
        save_with_consent(self, call, self._saved(name, ok, None))

    def _saved(self, name: str, ok: str,
               after: Callable[[Any], None] | None) -> Callable[[Any], None]:
        binder = self.binder(name)

        def done(result: Any) -> None:
            if binder is not None:
                binder.saved()
            self.ctx.messages.info(ok)
            self.ctx.data_changed()
            if after is not None:
                after(result)
            else:
                self.file.reload()

        return done

    def list_beside(self, layout: QHBoxLayout, left: QVBoxLayout,
                    column: QWidget) -> RememberedSplitter:
        """The tab's list (``left``) and its forms (``column``) with a divider to drag;
        where it was dragged is kept per computer (``akte.<tab>``)."""
        pane = QWidget()
        left.setContentsMargins(0, 0, 0, 0)
        pane.setLayout(left)
        splitter = RememberedSplitter(f"akte.{self.title}", Qt.Orientation.Horizontal, pane,
                                      column, ratio=(3, 2))
        layout.addWidget(splitter)
        return splitter

    # -- corrections ----------------------------------------------------------------------
    def correctable(self, table: ListTable, kind: str, title: str,
                    fields: Callable[[], list[Field]], deletable: bool = True) -> QHBoxLayout:
        """A "Korrigieren" button under ``table``; Enter or a double-click on a line opens
        the same dialog. Returns the button row, to add the tab's own buttons to."""
        row = QHBoxLayout()
        button = QPushButton("Eintrag &korrigieren …")
        button.setAccessibleName(f"{title}: ausgewählten Eintrag korrigieren oder löschen")
        button.setToolTip("Auch mit Eingabe oder Doppelklick auf die Zeile")
        button.clicked.connect(lambda: self.open_correction(table, kind, title, fields,
                                                            deletable))
        table.activated.connect(lambda _index: self.open_correction(table, kind, title, fields,
                                                                    deletable))
        row.addWidget(button)
        row.addStretch(1)
        return row

    def open_correction(self, table: ListTable, kind: str, title: str,
                        fields: Callable[[], list[Field]], deletable: bool = True) -> None:
        row_id = table.current_id()
        if row_id is None:
            self.ctx.messages.error("Bitte zuerst einen Eintrag in der Liste auswählen.")
            return
        self.correct_entry(kind, int(row_id), title, fields, deletable)

    def correct_entry(self, kind: str, row_id: int, title: str,
                      fields: Callable[[], list[Field]], deletable: bool = True) -> None:
        from kimdesk.ui.correction_dialog import CorrectionDialog

        corrections = self.desk.corrections

        def show(values: dict) -> None:
            self.correction = CorrectionDialog(
                title, fields(), values, self.ctx.runner,
                lambda v, reason: corrections.correct(kind, row_id, v, reason),
                (lambda reason: corrections.delete(kind, row_id, reason)) if deletable
                else None, self._corrected, self)
            self.correction.show()

        self.run(lambda: corrections.values(kind, row_id), show)

    def _corrected(self, message: str) -> None:
        self.ctx.messages.info(message)
        self.ctx.data_changed()
        self.file.reload()

    # -- data ---------------------------------------------------------------------------
    def show_data(self, data: FileData) -> None:
        self.data = data
        self.bind_drafts()
        self.refresh(data)

    def refresh(self, data: FileData) -> None:
        raise NotImplementedError

    def case_state_note(self, label: QLabel, data: FileData) -> bool:
        """Show why case forms are disabled; True if the case is open for work."""
        if data.case is None:
            label.setText(NO_CASE)
        elif data.case.closed_on is not None:
            label.setText(CLOSED)
        else:
            label.clear()
        label.setVisible(bool(label.text()))
        return data.case is not None and data.case.closed_on is None
