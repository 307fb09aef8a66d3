"""A calm bar at the foot of the window for what went wrong or what just happened.

Its room is kept while it is hidden, so a message coming or going never shifts the page
under the cursor; two lines fit, the whole text is in the tooltip."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setAccessibleName("Meldung")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 2, 4, 2)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setObjectName("messageText")
        layout.addWidget(self.label, 1)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Meldung schließen")
        close.setAccessibleName("Meldung schließen")
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.setFixedHeight(self.label.fontMetrics().lineSpacing() * 2 + 8)
        self._timer = QTimer(self, singleShot=True, interval=8000)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def _show(self, text: str, kind: str, sticky: bool) -> None:
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(text)
        self.label.setToolTip(text)
        self.setAccessibleDescription(text)
        self.show()
        if sticky:
            self._timer.stop()
        else:
            self._timer.start()

    def error(self, text: str) -> None:
        self._show(text, "error", sticky=True)

    def info(self, text: str) -> None:
        self._show(text, "info", sticky=False)

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""
