"""Every screen and dialog fits a 1366×768 laptop and a 1920×1080 screen at 150 %, and
every screen has unique Alt+letter mnemonics (the tour of ``kimdesk screenshots``)."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from kimdesk.casework.profiles import create_profile
from kimdesk.store.key_slots import KdfParams
from kimdesk.ui.akte.person_tabs import HouseholdTab, MasterDataTab
from kimdesk.ui.akte.work_tabs import ContactsTab
from kimdesk.ui.fit import layout_problems
from kimdesk.ui.keyboard import duplicate_mnemonics
from kimdesk.ui.screens import SCREEN_SIZES, ScreenTour
from tests.conftest import HANG_GUARD_MS
from tests.ui.conftest import PASSPHRASE, wait


@pytest.fixture
def demo_profile(kimdesk_home: Path):
    from kimdesk.demo.generator import DemoGenerator

    profile, store, _key = create_profile("Goch (Demo)", "kleve", PASSPHRASE, "Demo CM",
                                          kdf=KdfParams.fast())
    try:
        DemoGenerator(store, seed=1).generate(120)
    finally:
        store.close()
    return profile


def _tour(window, tmp_path: Path, visit) -> list[str]:  # noqa: ANN001
    names: list[str] = []

    def stop(name: str, widget: QWidget) -> None:
        names.append(name)
        visit(name, widget)

    ScreenTour(window, stop).run(PASSPHRASE, tmp_path / "liste.csv")
    return names


@pytest.mark.parametrize("size", list(SCREEN_SIZES))
def test_every_screen_and_dialog_fits(size, window, demo_profile, tmp_path):
    width, height, _scale = SCREEN_SIZES[size]
    window.resize(width, height)
    found: dict[str, list[str]] = {}

    def check(name: str, widget: QWidget) -> None:
        if widget is not window and (widget.width() > width or widget.height() > height):
            widget.resize(min(widget.width(), width), min(widget.height(), height))
        QApplication.processEvents()
        problems = layout_problems(widget, width, height)
        if problems:
            found[name] = problems

    names = _tour(window, tmp_path, check)
    assert len(names) >= 20 and "akte-kontakte" in names and "fallrekonstruktion" in names
    assert not found, "\n".join(f"{n}: {p}" for n, ps in found.items() for p in ps)


def test_every_screen_has_unique_mnemonics(window, demo_profile, tmp_path):
    found: dict[str, list[str]] = {}

    def check(name: str, widget: QWidget) -> None:
        duplicates = duplicate_mnemonics(widget)
        if duplicates:
            found[name] = duplicates

    _tour(window, tmp_path, check)
    assert not found, "\n".join(f"{n}: {d}" for n, d in found.items())


def _client_file(win):  # noqa: ANN001
    ws = win.workspace
    ws.open_client(win.desk.clients.all(limit=1)[0].id)
    wait(win)
    return ws.file


def test_alt_digit_and_ctrl_page_keys_choose_akte_tabs(qtbot, desk_window):
    file = _client_file(desk_window)
    file.tabs.currentWidget().setFocus()
    qtbot.keyClick(file.tabs.currentWidget(), Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert file.tabs.currentWidget() is file.tab(ContactsTab)
    qtbot.keyClick(file.tabs.currentWidget(), Qt.Key.Key_PageDown,
                   Qt.KeyboardModifier.ControlModifier)
    assert file.tabs.currentIndex() == 5
    qtbot.keyClick(file.tabs.currentWidget(), Qt.Key.Key_PageUp,
                   Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(file.tabs.currentWidget(), Qt.Key.Key_PageUp,
                   Qt.KeyboardModifier.ControlModifier)
    assert file.tabs.currentIndex() == 3


def test_ctrl_n_puts_the_cursor_into_family_name(qtbot, desk_window):
    qtbot.keyClick(desk_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = desk_window.workspace.file.tab(MasterDataTab).form
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.widget("family_name"),
                    timeout=HANG_GUARD_MS)
    qtbot.keyClicks(QApplication.focusWidget(), "Nowak")
    assert form.values()["family_name"] == "Nowak"


def test_after_a_wrong_passphrase_the_cursor_stays_in_the_field(qtbot, window, profile):
    window.show_start()
    window.start_view._open()
    view = window.unlock_view
    view.passphrase.setFocus()
    qtbot.keyClicks(view.passphrase, "falsch")
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    wait(window)
    assert "Passphrase ist falsch" in view.error.text()
    assert QApplication.focusWidget() is view.passphrase
    qtbot.keyClicks(QApplication.focusWidget(), PASSPHRASE)  # replaces the selected text
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    wait(window)
    wait(window)
    assert window.state() == "work"


def test_enter_on_a_focused_button_presses_it(qtbot, desk_window):
    file = _client_file(desk_window)
    form = file.tab(HouseholdTab).form
    file.show_tab(HouseholdTab)
    form.set_values({"relation": "child", "given_names": "Lina", "family_name": "Test"})
    form.submit_button.setFocus()
    qtbot.keyClick(form.submit_button, Qt.Key.Key_Return)
    wait(desk_window)
    wait(desk_window)
    names = [m.display_name for m in desk_window.desk.clients.get(file.client_id).household]
    assert any("Lina" in n for n in names)


def test_tab_leaves_a_table_in_one_step(qtbot, desk_window):
    file = _client_file(desk_window)
    tab = file.show_tab(HouseholdTab)
    assert not tab.table.tabKeyNavigation()


def test_a_message_does_not_move_the_page(qtbot, desk_window):
    ws = desk_window.workspace
    ws.show_clients()
    before = ws.clients.mapTo(desk_window, ws.clients.rect().topLeft())
    desk_window.messages.info("Gespeichert.")
    QApplication.processEvents()
    assert desk_window.messages.isVisible()
    assert ws.clients.mapTo(desk_window, ws.clients.rect().topLeft()) == before
    desk_window.messages.hide()
    QApplication.processEvents()
    assert ws.clients.mapTo(desk_window, ws.clients.rect().topLeft()) == before
