"""Löschfristen (Strg+0) and erasure on request from the Akte, by keyboard, on a real store:
due files listed with their reason, kept longer with a reason and a date, or erased."""

from datetime import date

from PySide6.QtCore import Qt

from kimdesk.casework.cases import CaseService
from kimdesk.casework.clients import ClientService
from kimdesk.store import erasure
from kimdesk.store.models import AuditEntry
from kimdesk.ui.akte.person_tabs import MasterDataTab
from tests.ui.conftest import wait


def _closed_long_ago(store, family: str) -> int:
    cid = ClientService(store, "CM").create(family, given_names="Erna")
    cases = CaseService(store, "CM")
    case = cases.open_case(cid, "short_intervention", "01.03.2019")
    cases.close(case, "10.05.2019", "goals_reached")
    return cid


def test_due_files_are_listed_with_their_reason_and_erased_after_a_check(desk_window, qtbot):
    win = desk_window
    store = win.desk.store
    old = _closed_long_ago(store, "Altfall")
    _closed_long_ago(store, "Zweitfall")
    win.workspace.show_today()
    wait(win)
    lines = [i.text for i in win.workspace.today.agenda.sections["retention"]]
    assert lines == ["2 Akten nach dem Löschkonzept sind zur Löschung fällig — unter "
                     "„Löschfristen“ (Strg+0) prüfen."]
    qtbot.keyClick(win.workspace.today, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    wait(win)
    view = win.workspace.retention
    assert win.workspace.pages.currentWidget() is view
    assert view.table.rowCount() == 2
    assert "10.05.2019" in view.table.item(0, 2).text()
    assert "3 Jahre" in view.rule.text()
    assert [f.name for f in view.selected()] == ["Altfall, Erna"]  # the first is chosen
    view.erase_button.click()
    dialog = view.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Space)
    assert dialog.erase_button.isEnabled()
    dialog.erase_button.click()
    wait(win)
    wait(win)
    assert win.messages.text() == "1 Akte vollständig gelöscht."
    assert [c.family_name for c in ClientService(store).all()] == [
        "Al-Hassan", "Kowalska", "Zweitfall"]
    assert view.table.rowCount() == 1
    assert old not in [c.id for c in ClientService(store).all()]


def test_a_due_file_is_kept_longer_with_a_reason_and_a_date(desk_window, qtbot):
    win = desk_window
    _closed_long_ago(win.desk.store, "Verfahren")
    win.workspace.show_retention()
    wait(win)
    view = win.workspace.retention
    view.keep_button.click()
    dialog = view.dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.reason, "Klage vor dem Sozialgericht")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.until, "01.01.2000")
    qtbot.keyClick(dialog.until, Qt.Key.Key_Return)
    wait(win)
    assert "Zukunft" in dialog.error.text() and dialog.isVisible()
    dialog.until.setText(f"31.12.{date.today().year + 2}")
    qtbot.keyClick(dialog.until, Qt.Key.Key_Return)
    wait(win)
    wait(win)
    assert not dialog.isVisible()
    assert view.table.rowCount() == 0 and view.held.rowCount() == 1
    assert "Sozialgericht" in view.held.item(0, 2).text()


def test_deleting_a_person_from_the_akte_is_a_complete_erasure(desk_window):
    """"Person löschen" in the Stammdaten (Art. 17) goes through the same erasure: every
    row, the name index merged, the Verlauf keeps a count."""
    win = desk_window
    store = win.desk.store
    cid = ClientService(store).find("kowalska")[0].id
    win.workspace.open_client(cid)
    wait(win)
    win.workspace.file.show_tab(MasterDataTab).delete_person()
    wait(win)
    wait(win)
    assert win.workspace.pages.currentWidget() is win.workspace.clients
    assert ClientService(store).find("kowalska") == []
    with store.session() as s:
        assert erasure.rows_of_client(s, cid).row_count == 0
        assert erasure.search_terms(s, cid) == []
        (erased,) = s.query(AuditEntry).filter_by(action="erased").all()
        assert "reason=art17" in erased.summary and erased.client_id is None
