"""Splitters that remember where the case manager dragged them, per computer.

A list beside a form (the Akte tabs), Heute's plan above the steering-group decisions, the
reconstruction window's panes: each divider is a :class:`RememberedSplitter` with a name.
Its position is kept like the window geometry — in this computer's settings file
(platform folder, no case data), through the main window, which implements
:class:`SplitterMemory`.
"""

from typing import Protocol, runtime_checkable

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSplitter, QWidget


@runtime_checkable
class SplitterMemory(Protocol):
    """Where splitter positions live (the main window, over ``config.Settings``)."""

    def splitter_state(self, key: str) -> str: ...

    def remember_splitter(self, key: str, state: str) -> None: ...


class RememberedSplitter(QSplitter):
    """A splitter named ``key``; its panes never collapse to nothing (a hidden form would
    look like a missing one), and until the first drag they share the room by ``ratio``."""

    def __init__(self, key: str, orientation: Qt.Orientation, *panes: QWidget,
                 ratio: tuple[int, ...] = ()) -> None:
        super().__init__(orientation)
        self.key, self.ratio = key, ratio
        self.setObjectName(f"splitter-{key}")
        self.setChildrenCollapsible(False)
        for index, pane in enumerate(panes):
            self.addWidget(pane)
            if ratio:
                self.setStretchFactor(index, ratio[index])
        self._restored = False
        self.splitterMoved.connect(lambda _pos, _index: self._remember())

    def memory(self) -> SplitterMemory | None:
        """The first window up the parent chain that keeps splitter positions."""
        widget: QWidget | None = self
        while widget is not None:
            if isinstance(widget, SplitterMemory):
                return widget
            widget = widget.parentWidget()
        return None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._restored:
            return
        self._restored = True
        memory = self.memory()
        saved = memory.splitter_state(self.key) if memory is not None else ""
        if saved and self.restoreState(QByteArray.fromBase64(saved.encode("ascii"))):
            return
        if self.ratio:
            total = sum(self.sizes()) or 1
            self.setSizes([total * share // sum(self.ratio) for share in self.ratio])

    def _remember(self) -> None:
        memory = self.memory()
        if memory is not None:
            encoded = self.saveState().toBase64().data()
            memory.remember_splitter(self.key, bytes(encoded).decode("ascii"))
