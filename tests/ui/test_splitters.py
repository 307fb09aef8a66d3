"""Dividers between a list and its form (Akte tabs), Heute's plan and the decisions, and
the reconstruction window's panes: dragged once, they stay there on this computer."""

import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kimdesk import config
from kimdesk.store.key_slots import KdfParams
from kimdesk.ui.akte.work_tabs import ContactsTab
from kimdesk.ui.main_window import AppOptions, MainWindow
from kimdesk.ui.splitters import RememberedSplitter
from tests.conftest import HANG_GUARD_MS
from tests.ui.conftest import unlock, wait


def _drag(splitter: RememberedSplitter, by: int) -> None:
    """Drag the first handle with the mouse, as the case manager does."""
    handle = splitter.handle(1)
    middle = handle.rect().center()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     middle)
    for step in range(1, 6):
        QTest.mouseMove(handle, middle + QPoint(by * step // 5, 0)
                        if splitter.orientation() == Qt.Orientation.Horizontal
                        else middle + QPoint(0, by * step // 5))
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       middle + (QPoint(by, 0) if splitter.orientation() ==
                                 Qt.Orientation.Horizontal else QPoint(0, by)))


def _saved() -> dict:
    path = config.config_dir() / "settings.json"
    return json.loads(path.read_text("utf-8")).get("splitters", {}) if path.exists() else {}


def _contacts(win):  # noqa: ANN001, ANN202
    ws = win.workspace
    ws.open_client(win.desk.clients.all(limit=1)[0].id)
    wait(win)
    tab = ws.file.show_tab(ContactsTab)
    QApplication.processEvents()
    return tab


def test_a_dragged_divider_is_where_it_was_after_a_restart(qtbot, desk_window):
    win = desk_window
    win.resize(1366, 697)
    tab = _contacts(win)
    splitter = tab.splitter
    list_width, form_width = splitter.sizes()
    assert list_width > form_width > 0  # three to two until dragged
    _drag(splitter, -120)
    dragged = splitter.sizes()
    assert dragged[0] < list_width - 60 and dragged[1] > form_width + 60
    qtbot.waitUntil(lambda: "akte.Kontakte" in _saved(), timeout=HANG_GUARD_MS)
    assert all(w > 0 for w in dragged)  # nothing collapsed away

    win.close()  # the window's own settings are written on closing, too
    again = MainWindow(AppOptions(kdf=KdfParams.fast()))
    qtbot.addWidget(again)
    try:
        again.show()
        again.resize(1366, 697)
        again.show_start()
        unlock(again)
        assert again.state() == "work"
        restored = _contacts(again).splitter
        qtbot.waitUntil(lambda: restored.sizes() == dragged, timeout=HANG_GUARD_MS)
        # another tab of the Akte keeps its own divider (three to two)
        from kimdesk.ui.akte.work_tabs import AssessmentTab

        other = again.workspace.file.show_tab(AssessmentTab).splitter
        QApplication.processEvents()
        assert other.sizes()[0] > other.sizes()[1]
    finally:
        again.shutdown()


def test_heute_remembers_the_height_of_the_plan(qtbot, desk_window):
    win = desk_window
    win.resize(1366, 697)
    today = win.workspace.today
    win.workspace.show_today()
    wait(win)
    today.decisions.show()  # as when the steering group has decided something
    QApplication.processEvents()
    before = today.splitter.sizes()
    _drag(today.splitter, -80)
    after = today.splitter.sizes()
    assert after[0] < before[0] and after[1] > before[1]
    qtbot.waitUntil(lambda: "heute" in _saved(), timeout=HANG_GUARD_MS)


def test_a_damaged_settings_file_starts_the_dividers_afresh(kimdesk_home):
    folder = config.config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps(
        {"idle_lock_minutes": 7, "splitters": ["kein", "Wörterbuch"]}), "utf-8")
    loaded = config.Settings.load()
    assert loaded.splitters == {} and loaded.idle_lock_minutes == 7
