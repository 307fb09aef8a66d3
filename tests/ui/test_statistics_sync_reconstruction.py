"""The desk's Statistik and Abgleich screens, and the reconstruction window from the Akte."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kimdesk.office import devices
from kimdesk.sync.status import sync_status
from kimdesk.ui.fit import layout_problems
from kimdesk.ui.screens import SCREEN_SIZES
from tests.sync.conftest import ThreadedOffice
from tests.ui.conftest import wait


def _fill(window, n: int = 60) -> None:
    from kimdesk.demo.generator import DemoGenerator

    DemoGenerator(window.desk.store, seed=4).generate(n)


def test_statistics_page_shows_exactly_what_leaves(qtbot, desk_window):
    from kimdesk.privacy.payload import PERTURBATION_NOTE, build_release

    _fill(desk_window)
    ws = desk_window.workspace
    qtbot.keyClick(desk_window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    wait(desk_window)
    page = ws.statistics
    assert ws.pages.currentWidget() is page
    assert page.release is not None
    assert page.table_list.count() == len(page.release.tables) >= 10
    assert PERTURBATION_NOTE in page.note.text()
    expected = build_release(desk_window.desk.store, page.period)  # what sync would send
    for row, table in enumerate(expected.tables):
        page.table_list.setCurrentRow(row)
        shown = [page.grid.item(r, c).text() for r in range(page.grid.rowCount())
                 for c in range(page.grid.columnCount())]
        assert sorted(shown) == sorted(str(v) for v in table.values.values())
    assert "gesperrt" not in " ".join(
        page.table_list.item(r).text() for r in range(page.table_list.count()))


def _statistics_at(size: str, qtbot, desk_window, clients: int):
    """The Statistik page (Strg+6) of a desk with demo clients, at one of the screen sizes."""
    _fill(desk_window, clients)
    width, height, _scale = SCREEN_SIZES[size]
    desk_window.resize(width, height)
    qtbot.keyClick(desk_window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    wait(desk_window)
    QApplication.processEvents()
    return desk_window.workspace.statistics


@pytest.mark.parametrize("size", list(SCREEN_SIZES))
def test_statistics_table_titles_are_read_whole(size, qtbot, desk_window):
    """The list of tables is not cut sideways at 1366×768 nor at 150 % (it was: the long
    German titles ran behind a sideways scroll bar)."""
    page = _statistics_at(size, qtbot, desk_window, clients=20)
    assert page.table_list.count() >= 10
    width, height, _scale = SCREEN_SIZES[size]
    problems = [p for p in layout_problems(desk_window, width, height) if "Tabellen" in p]
    assert not problems, problems


@pytest.mark.parametrize("size", list(SCREEN_SIZES))
def test_every_column_of_every_table_is_in_view(size, qtbot, desk_window):
    """No value column behind a sideways scroll bar: at 1366×768 the long row labels
    ("Emmerich am Rhein · Rechtskreisübergreifendes Case Management") left room for one of
    three columns, and 23 referring institutions stood side by side. Now a row's categories
    stand one under the other, long labels are broken between words, and a dimension with
    many categories goes down the rows. Only a table whose every dimension has many
    categories (gaps: 16 kinds × 9 legal systems) still scrolls sideways."""
    from kimdesk.ui.statistics_view import ACROSS_AT_MOST, _across

    page = _statistics_at(size, qtbot, desk_window, clients=60)
    hidden, wide = [], []
    for row, table in enumerate(page.release.tables):
        page.table_list.setCurrentRow(row)
        QApplication.processEvents()
        across, _down = _across(table)
        if len(table.categories[across]) > ACROSS_AT_MOST:
            wide.append(table.id)
            continue
        over = page.grid.horizontalHeader().length() - page.grid.viewport().width()
        if over > 0:
            hidden.append(f"{page.table_title.text()}: {over} px")
        labels = [page.grid.verticalHeaderItem(r).text() for r in range(page.grid.rowCount())]
        assert all(label.strip() for label in labels)
    assert not hidden, hidden
    assert len(wide) <= 1, wide
    page.table_list.setCurrentRow(0)  # municipality, case type, state: two labels a row
    assert any("\n" in page.grid.verticalHeaderItem(r).text()
               for r in range(page.grid.rowCount())) or page.grid.rowCount() == 1


def test_sync_screen_enrolls_and_delivers_to_the_real_office(qtbot, desk_window, tmp_path):
    office = ThreadedOffice(f"sqlite:///{tmp_path}/office.db").start()
    try:
        _fill(desk_window, 40)
        ws = desk_window.workspace
        ws.ctx.wake_sync = None  # drive rounds from the screen, not the background thread
        qtbot.keyClick(desk_window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
        wait(desk_window)
        view = ws.sync
        assert "noch nicht beim Kreisbüro angemeldet" in view.message.text()
        assert view.enroll_box.isVisible() and not view.sync_button.isEnabled()
        view.office_url.setText(office.url)
        view.code.setText(devices.new_code(office.engine, "Laptop Goch"))
        view.enroll()
        wait(desk_window)
        wait(desk_window)
        assert not view.enroll_box.isVisible() and view.sync_button.isEnabled()
        view.sync_now()
        wait(desk_window)
        wait(desk_window)
        status = sync_status(desk_window.desk.store)
        assert status.waiting == 0 and status.delivered >= 1, status.message
        assert view.fields["delivered"].text() == str(status.delivered)
    finally:
        office.stop()


def test_office_down_gives_a_german_sentence_and_keeps_items(qtbot, desk_window, tmp_path):
    office = ThreadedOffice(f"sqlite:///{tmp_path}/office.db").start()
    ws = desk_window.workspace
    ws.ctx.wake_sync = None
    view = ws.sync
    view.office_url.setText(office.url)
    view.code.setText(devices.new_code(office.engine, "Laptop"))
    view.enroll()
    wait(desk_window)
    office.stop()
    _fill(desk_window, 30)
    view.sync_now()
    wait(desk_window)
    wait(desk_window)
    assert "nicht erreichbar" in view.message.text()
    assert int(view.fields["waiting"].text()) >= 1


def test_reconstruction_window_opens_from_the_case_tab(qtbot, desk_window):
    desk = desk_window.desk
    client = desk.clients.search("al-hassan")[0].id
    case = desk.cases.open_case(client, "case_management", date.today() - timedelta(days=90))
    ws = desk_window.workspace
    ws.open_client(client)
    wait(desk_window)
    from kimdesk.ui.akte.case_tab import CaseTab

    tab = ws.file.show_tab(CaseTab)
    wait(desk_window)
    assert tab.reconstruct_button.isVisible()
    tab.reconstruct_button.click()
    wait(desk_window)  # the window loads (or starts) the reconstruction on the runner
    windows = [w for w in QApplication.topLevelWidgets()
               if w.windowTitle().startswith("Fallrekonstruktion") and w.isVisible()]
    assert len(windows) == 1 and windows[0].editor is not None
    assert desk.reconstructions.for_case(case)
    desk_window.lock()  # the lock hides the reconstruction window too
    assert not windows[0].isVisible()
    windows[0].close()


def test_search_and_new_person_shortcuts_work_without_toolbar_buttons(qtbot, desk_window):
    ws = desk_window.workspace
    ws.show_today()
    qtbot.keyClick(desk_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    wait(desk_window)
    assert ws.pages.currentWidget() is ws.clients
    assert ws.clients.search.hasFocus()
    qtbot.keyClick(desk_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wait(desk_window)
    assert ws.file is not None and ws.file.client_id is None  # a fresh form for a new person
    desk_window.lock()
    qtbot.keyClick(desk_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert desk_window.state() == "locked"


def test_backup_from_the_desk_writes_an_encrypted_copy(qtbot, desk_window, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    view = desk_window.workspace.sync
    view.backup_to(usb)
    wait(desk_window)
    (target,) = list(usb.iterdir())
    assert (target / "key-slots.json").exists() and (target / "case-file.db").exists()
    assert b"Al-Hassan" not in (target / "case-file.db").read_bytes()
    assert "Letzte Sicherung" in view.backup_label.text()
