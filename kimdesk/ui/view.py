"""What every screen shares: the context of the unlocked profile and a way to run tasks."""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from kimdesk.ui.desk import Desk
from kimdesk.ui.draft_keeper import DraftKeeper
from kimdesk.ui.message_bar import MessageBar
from kimdesk.ui.tasks import TaskRunner


class Context:
    """Handed to every view of an unlocked profile; the main window fills the callbacks."""

    def __init__(self, desk: Desk, runner: TaskRunner, messages: MessageBar) -> None:
        self.desk = desk
        self.runner = runner
        self.messages = messages
        self.drafts = DraftKeeper(desk, runner)
        self.open_client: Callable[[int], None] = lambda _cid: None
        #: open the Akte on one entry: (client, kind of entry, its id, its case)
        self.open_entry: Callable[[int, str, int | None, int | None], None] = \
            lambda _cid, _kind, _ref, _case: None
        self.new_client: Callable[[], None] = lambda: None
        self.data_changed: Callable[[], None] = lambda: None
        self.pick_service: Callable[[int], None] = lambda _sid: None
        self.person_deleted: Callable[[], None] = lambda: None
        #: this computer's settings (platform folder) and how to change the idle lock
        self.machine: Any = None
        self.set_idle_minutes: Callable[[int], None] = lambda _m: None
        self.show_clients: Callable[[], None] = lambda: None
        self.wake_sync: Callable[[], None] | None = None  # the background sync worker, if any


class View(QWidget):
    """A screen or tab: thin, it only shows data and calls services through the runner."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    @property
    def desk(self) -> Desk:
        return self.ctx.desk

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], object] | None = None,
            on_error: Callable[[str], object] | None = None) -> int:
        return self.ctx.runner.run(fn, on_done, on_error or self.ctx.messages.error, owner=self)


def scroll_body(owner: QWidget, horizontal: bool = True) -> QWidget:
    """Fill ``owner`` with a frameless scroll area and return the widget to lay out in it.

    A long form stays reachable on a 1366×768 laptop and at 150 % scaling: the page
    scrolls instead of pushing the window beyond the screen.
    """
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    area = scroll_area(horizontal)
    outer.addWidget(area)
    body = area.widget()
    assert body is not None  # scroll_area() always sets one
    return body


def scroll_area(horizontal: bool = True) -> QScrollArea:
    """A frameless, resizable scroll area around an empty body widget (``area.widget()``)."""
    area = QScrollArea()
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    if not horizontal:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    body = QWidget()
    body.setObjectName("page")
    area.setWidget(body)
    return area
