"""Auto-lock: any key or mouse input restarts the idle timer; when it runs out, lock."""

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                QEvent.Type.Wheel, QEvent.Type.TouchBegin}


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.idle.emit)
        self.set_interval_ms(int(minutes * 60_000))

    def set_interval_ms(self, ms: int) -> None:
        self._timer.setInterval(max(ms, 50))

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in INPUT_EVENTS and self._timer.isActive():
            self._timer.start()
        return False
