"""After a forgotten passphrase was replaced, the desk offers to re-encrypt under a new data
key — with the new recovery key shown before anything changes."""

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from kimdesk.casework.clients import ClientService
from kimdesk.casework.profiles import create_profile, open_profile
from kimdesk.store import backups
from kimdesk.store.case_store import DB_NAME
from kimdesk.store.key_slots import KdfParams
from tests.conftest import HANG_GUARD_MS, PASSPHRASE
from tests.ui.conftest import wait

NEW = "Kaffee Tasse Fahrrad Mond"


def _recover(window, qtbot):
    profile, store, recovery_key = create_profile("Kevelaer", "kleve", PASSPHRASE, "CM",
                                                  kdf=KdfParams.fast())
    ClientService(store).create("Shevchenko", given_names="Nadiia")
    old_key = store._data_key
    store.close()
    window.show_start()
    window.start_view._open()
    window.unlock_view.forgot_button.click()
    view = window.recovery_view
    view.key.setText(recovery_key)
    view.new1.setText(NEW)
    view.new2.setText(NEW)
    view.submit()
    qtbot.waitUntil(lambda: window.rekey_dialog is not None, timeout=HANG_GUARD_MS)
    return profile, old_key, recovery_key


def test_the_desk_offers_to_rekey_after_a_recovery_and_does_it(window, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: None)
    profile, old_key, old_recovery = _recover(window, qtbot)
    dialog = window.rekey_dialog
    assert window.state() != "work"  # nothing else uses the store while it is asked
    dialog.next_button.click()
    assert "Passphrase" in dialog.status.text()  # it must be confirmed
    dialog.passphrase.setText(NEW)
    dialog.next_button.click()
    assert not dialog.start_button.isEnabled()  # only after the new key was kept
    dialog.kept.setChecked(True)
    new_recovery = dialog.recovery_key
    dialog.start_button.click()
    qtbot.waitUntil(lambda: window.state() == "work", timeout=HANG_GUARD_MS)
    assert dialog.rekeyed
    wait(window)
    window.shutdown()
    store = open_profile(profile, NEW)
    try:
        assert store._data_key != old_key
        assert not backups.key_fits(store.folder / DB_NAME, old_key)
        assert ClientService(store).count() == 1
    finally:
        store.close()
    with pytest.raises(Exception, match="falsch"):
        open_profile(profile, PASSPHRASE)
    from kimdesk.store.case_store import CaseStore

    CaseStore.open(profile.folder, recovery_key=new_recovery).close()
    with pytest.raises(Exception, match="falsch"):
        CaseStore.open(profile.folder, recovery_key=old_recovery)


def test_not_now_keeps_the_key_and_opens_the_desk(window, qtbot):
    profile, old_key, _recovery = _recover(window, qtbot)
    window.rekey_dialog.reject()
    qtbot.waitUntil(lambda: window.state() == "work", timeout=HANG_GUARD_MS)
    wait(window)
    window.shutdown()
    store = open_profile(profile, NEW)
    assert store._data_key == old_key
    store.close()


def test_a_wrong_confirmation_passphrase_changes_nothing(window, qtbot):
    profile, old_key, _recovery = _recover(window, qtbot)
    dialog = window.rekey_dialog
    dialog.passphrase.setText("nicht-die-neue")
    dialog.next_button.click()
    dialog.kept.setChecked(True)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: "falsch" in dialog.status.text(), timeout=HANG_GUARD_MS)
    assert dialog.steps.currentIndex() == 0 and not dialog.rekeyed
    dialog.reject()
    qtbot.waitUntil(lambda: window.state() == "work", timeout=HANG_GUARD_MS)
    wait(window)
    window.shutdown()
    store = open_profile(profile, NEW)
    assert store._data_key == old_key
    store.close()
    assert QApplication.instance() is not None
