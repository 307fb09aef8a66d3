"""Auto-lock (idle and Ctrl+L) keeps typed input; drafts survive a closed window."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit

from kimdesk.casework.drafts import DraftService
from kimdesk.store.key_slots import KdfParams
from kimdesk.ui.akte.case_tab import CaseTab
from kimdesk.ui.akte.work_tabs import ContactsTab
from kimdesk.ui.main_window import AppOptions, MainWindow
from tests.conftest import HANG_GUARD_MS
from tests.ui.conftest import PASSPHRASE, unlock, wait

NOTE = "Hat Fragen zum Jobcenter-Bescheid"


def open_first_client_with_case(win):
    ws = win.workspace
    ws.show_clients()
    wait(win)
    row = next(r for r in ws.clients.model.rows if r.family_name == "Al-Hassan")
    ws.open_client(row.id)
    wait(win)
    tab = ws.file.tab(CaseTab)
    tab.open_form.submit()
    wait(win)
    wait(win)
    assert ws.file.data.case is not None
    return ws.file


def visible_texts(win) -> str:
    parts = [win.windowTitle()]
    for cls, get in ((QLabel, QLabel.text), (QLineEdit, QLineEdit.text),
                     (QPlainTextEdit, QPlainTextEdit.toPlainText),
                     (QAbstractButton, QAbstractButton.text)):
        parts += [get(w) for w in win.findChildren(cls) if w.isVisible()]
    return "\n".join(parts)


def type_contact(qtbot, file) -> ContactsTab:
    tab = file.show_tab(ContactsTab)
    tab.form.widget("note").setFocus()
    qtbot.keyClicks(tab.form.widget("note"), NOTE)
    return tab


def test_ctrl_l_locks_shows_nothing_of_the_client_and_unlock_keeps_input(desk_window, qtbot):
    win = desk_window
    file = open_first_client_with_case(win)
    tab = type_contact(qtbot, file)
    assert "Al-Hassan" in visible_texts(win)
    qtbot.keyClick(tab.form.widget("note"), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert win.state() == "locked"
    wait(win)
    texts = visible_texts(win)
    assert "Al-Hassan" not in texts and NOTE not in texts
    assert "gesperrt" in win.windowTitle()
    # the typed note was written as an encrypted draft on locking
    draft = DraftService(win.desk.store).load(f"contact:case:{file.data.case_id}")
    assert draft is not None and draft.payload["note"] == NOTE
    win.unlock_view.passphrase.setText("falsch-geraten")
    win.unlock_view.submit()
    wait(win)
    assert win.state() == "locked"
    win.unlock_view.end_delay()
    unlock(win)
    assert win.state() == "work"
    assert win.workspace.file is file and file.tabs.currentWidget() is tab
    assert tab.form.values()["note"] == NOTE


def test_idle_time_locks_the_window(desk_window, qtbot):
    win = desk_window
    win.idle.set_interval_ms(150)
    win.idle.start()
    qtbot.waitUntil(lambda: win.state() == "locked", timeout=HANG_GUARD_MS)
    assert not win.workspace.isVisible()
    unlock(win)
    assert win.state() == "work"


def test_lock_button_in_the_toolbar(desk_window):
    win = desk_window
    win.lock_action.trigger()
    assert win.state() == "locked"
    assert not win.workspace.toolbar.isVisible()


def test_draft_is_offered_again_after_the_window_was_closed(desk_window, qtbot):
    win = desk_window
    file = open_first_client_with_case(win)
    client_id, case_id = file.client_id, file.data.case_id
    type_contact(qtbot, file)
    file.tab(ContactsTab).form.set_values({"duration_min": 45})
    win.close()  # without saving the contact
    assert win.desk is None

    again = MainWindow(AppOptions(kdf=KdfParams.fast(), sync_start_ms=0))
    qtbot.addWidget(again)
    again.show()
    unlock(again, PASSPHRASE)
    again.workspace.open_client(client_id)
    wait(again)
    wait(again)
    assert again.workspace.file.data.case_id == case_id
    tab = again.workspace.file.show_tab(ContactsTab)
    binder = tab.binder("contact")
    assert binder.has_notice()
    assert tab.form.values()["note"] == ""  # offered, not forced
    restore = tab.form.findChild(QAbstractButton, "restoreDraft")
    restore.click()
    values = tab.form.values()
    assert values["note"] == NOTE and values["duration_min"] == 45
    assert not binder.has_notice()
    tab.form.submit()
    wait(again)
    wait(again)
    assert DraftService(again.desk.store).load(f"contact:case:{case_id}") is None
    again.shutdown()


def test_autosave_writes_a_draft_two_seconds_after_typing(desk_window, qtbot):
    win = desk_window
    file = open_first_client_with_case(win)
    binder = file.tab(ContactsTab).binder("contact")
    binder._timer.setInterval(100)
    type_contact(qtbot, file)
    store = win.desk.store
    key = f"contact:case:{file.data.case_id}"
    qtbot.waitUntil(lambda: DraftService(store).load(key) is not None, timeout=HANG_GUARD_MS)
    assert DraftService(store).load(key).payload["note"] == NOTE
