"""Declarative input forms: fields with labels, accessible names and JSON-able values.

A ``FormPanel`` is what every "new contact / new goal / …" form in the Akte is made of;
its ``values()`` are what the service gets and what a draft stores.
"""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kimdesk import catalogues
from kimdesk.ui.tables import wrap_list

Options = Sequence[tuple[str, str]]


def catalogue_options(name: str, empty: str | None = None) -> list[tuple[str, str]]:
    head = [("", empty)] if empty is not None else []
    return head + [(e.id, e.label) for e in catalogues.catalogue(name)]


def today_text() -> str:
    return date.today().strftime("%d.%m.%Y")


W = TypeVar("W", bound=QWidget)


class Field(Generic[W]):
    """One labelled input; subclasses wrap one widget."""

    def __init__(self, key: str, label: str, widget: W, default: Any = "",
                 hint: str = "") -> None:
        self.key, self.label, self.widget, self.default = key, label, widget, default
        widget.setObjectName(f"field_{key}")
        widget.setAccessibleName(label.replace("&", ""))
        if hint:
            widget.setToolTip(hint)
            widget.setAccessibleDescription(hint)

    def default_value(self) -> Any:
        return self.default() if callable(self.default) else self.default

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def connect_changed(self, slot: Callable[[], None]) -> None:
        raise NotImplementedError


class TextField(Field[QLineEdit]):
    def __init__(self, key: str, label: str, default: Any = "", placeholder: str = "",
                 hint: str = "") -> None:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        super().__init__(key, label, edit, default, hint)

    def value(self) -> str:
        return self.widget.text()

    def set_value(self, value: Any) -> None:
        self.widget.setText("" if value is None else str(value))

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.textEdited.connect(slot)


def DateField(key: str, label: str, today: bool = True) -> TextField:  # noqa: N802
    """A date typed as TT.MM.JJJJ (the services parse and explain mistakes)."""
    return TextField(key, label, today_text if today else "", "TT.MM.JJJJ",
                     "Datum als TT.MM.JJJJ, z. B. 14.03.2025")


class MemoField(Field[QPlainTextEdit]):
    def __init__(self, key: str, label: str, height: int = 3) -> None:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * height + 14)
        super().__init__(key, label, edit, "")

    def value(self) -> str:
        return self.widget.toPlainText()

    def set_value(self, value: Any) -> None:
        self.widget.setPlainText(value or "")

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.textChanged.connect(slot)


#: a drop-down in a form is at least this many characters wide, whatever its options
MIN_CHOICE_CHARS = 18


class ChoiceField(Field[QComboBox]):
    """A drop-down of (id, label); editable ones also accept free text (value = text)."""

    def __init__(self, key: str, label: str, options: Options, default: str | None = None,
                 editable: bool = False) -> None:
        combo = QComboBox()
        combo.setEditable(editable)
        # a long option (a service's full name) must not widen the form beyond its column:
        # the field fills the form's width, and the opened list shows whole names
        combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(MIN_CHOICE_CHARS)
        super().__init__(key, label, combo, default if default is not None else
                         (options[0][0] if options else ""))
        self.set_options(options)
        if editable:
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = combo.completer()
            if completer is not None:
                completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)

    def set_options(self, options: Options) -> None:
        current = self.value() if self.widget.count() else None
        ids = [oid for oid, _text in options]
        if not self.widget.isEditable() and ids and self.default not in ids:
            self.default = ids[0]
        self.widget.blockSignals(True)
        self.widget.clear()
        for oid, text in options:
            self.widget.addItem(text, oid)
        view = self.widget.view()
        if view is not None:
            view.setMinimumWidth(view.sizeHintForColumn(0) + 24)
        self.widget.blockSignals(False)
        self.set_value(current if current is not None else self.default_value())

    def value(self) -> str:
        combo = self.widget
        if combo.isEditable():
            text = combo.currentText()
            idx = combo.findText(text, Qt.MatchFlag.MatchExactly)
            return str(combo.itemData(idx)) if idx >= 0 and combo.itemData(idx) else text
        return str(combo.currentData() or "")

    def set_value(self, value: Any) -> None:
        idx = self.widget.findData(value)
        if idx >= 0:
            self.widget.setCurrentIndex(idx)
        elif self.widget.isEditable():
            self.widget.setEditText(str(value or ""))

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.currentIndexChanged.connect(lambda _i: slot())
        line = self.widget.lineEdit() if self.widget.isEditable() else None
        if line is not None:
            line.textEdited.connect(lambda _t: slot())


class MultiChoiceField(Field[QListWidget]):
    """Checkable list (space toggles the current row)."""

    def __init__(self, key: str, label: str, options: Options, rows: int = 5) -> None:
        lst = QListWidget()
        for oid, text in options:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, oid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            lst.addItem(item)
        wrap_list(lst)  # a long life area wraps instead of being cut at the right edge
        lst.setFixedHeight(lst.sizeHintForRow(0) * rows + 8)
        super().__init__(key, label, lst, [])

    def value(self) -> list[str]:
        lst = self.widget
        return [lst.item(i).data(Qt.ItemDataRole.UserRole) for i in range(lst.count())
                if lst.item(i).checkState() == Qt.CheckState.Checked]

    def set_value(self, value: Any) -> None:
        wanted = set(value or [])
        first = None
        for i in range(self.widget.count()):
            item = self.widget.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            if checked and first is None:
                first = item
        # long lists (nationalities, languages): show what is chosen, not the top of the list
        self.widget.scrollToItem(first or self.widget.item(0),
                                 QAbstractItemView.ScrollHint.PositionAtTop)

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.itemChanged.connect(lambda _i: slot())


class NumberField(Field[QSpinBox]):
    def __init__(self, key: str, label: str, minimum: int, maximum: int, default: int,
                 suffix: str = "") -> None:
        spin = QSpinBox()
        spin.setRange(minimum, maximum)
        spin.setSuffix(suffix)
        super().__init__(key, label, spin, default)

    def value(self) -> int:
        return self.widget.value()

    def set_value(self, value: Any) -> None:
        self.widget.setValue(int(value if value is not None else self.default_value()))

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.valueChanged.connect(lambda _v: slot())


class CheckField(Field[QCheckBox]):
    def __init__(self, key: str, label: str, default: bool = False) -> None:
        super().__init__(key, label, QCheckBox(label), default)

    def value(self) -> bool:
        return self.widget.isChecked()

    def set_value(self, value: Any) -> None:
        self.widget.setChecked(bool(value))

    def connect_changed(self, slot: Callable[[], None]) -> None:
        self.widget.toggled.connect(lambda _b: slot())


class FormPanel(QGroupBox):
    """A titled form with a submit button (Strg+Eingabe) and a slot for a notice bar."""

    changed = Signal()
    submitted = Signal(dict)

    def __init__(self, title: str, fields: list[Field[Any]], submit_text: str = "Speichern",
                 parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setAccessibleName(title)
        self.fields = {f.key: f for f in fields}
        outer = QVBoxLayout(self)
        self.notice_area = QVBoxLayout()
        outer.addLayout(self.notice_area)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in fields:
            if isinstance(f, CheckField):
                form.addRow("", f.widget)
            else:
                label = QLabel(f.label)
                label.setBuddy(f.widget)
                form.addRow(label, f.widget)
            f.connect_changed(self._emit_changed)
        outer.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.submit_button = QPushButton(f"{submit_text}  (Strg+Eingabe)")
        self.submit_button.setObjectName("submit")
        self.submit_button.setAccessibleName(submit_text)
        self.submit_button.setDefault(False)
        self.submit_button.clicked.connect(self.submit)
        buttons.addWidget(self.submit_button)
        outer.addLayout(buttons)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(self.submit)
        self.reset()

    def _emit_changed(self, *_args: Any) -> None:
        self.changed.emit()

    def field(self, key: str) -> Field[Any]:
        return self.fields[key]

    def choice(self, key: str) -> ChoiceField:
        """The drop-down ``key`` (its options change with the Akte)."""
        found = self.fields[key]
        assert isinstance(found, ChoiceField), key
        return found

    def widget(self, key: str) -> QWidget:
        return self.fields[key].widget

    def values(self) -> dict[str, Any]:
        return {k: f.value() for k, f in self.fields.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            if key in self.fields:
                self.fields[key].set_value(value)
        self.changed.emit()

    def defaults(self) -> dict[str, Any]:
        return {k: f.default_value() for k, f in self.fields.items()}

    def set_defaults(self, values: dict[str, Any]) -> None:
        """New baseline (e.g. the stored record); typed, unsaved input is kept."""
        typed = not self.is_pristine()
        for key, value in values.items():
            if key in self.fields:
                self.fields[key].default = value
        if not typed:
            self.reset()

    def is_pristine(self) -> bool:
        return self.values() == self.defaults()

    def reset(self) -> None:
        for f in self.fields.values():
            f.widget.blockSignals(True)
            f.set_value(f.default_value())
            f.widget.blockSignals(False)

    def submit(self) -> None:
        if self.submit_button.isEnabled():
            self.submitted.emit(self.values())

    def focus_first(self) -> None:
        next(iter(self.fields.values())).widget.setFocus()
