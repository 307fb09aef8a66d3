"""Restoring from the desk: a backup from another disk becomes a new profile (passphrase
or recovery key of the backup), and a damaged store at unlock offers its newest sound
backup in German — nothing is replaced before the check."""

from PySide6.QtCore import Qt

from kimdesk.casework.clients import ClientService
from kimdesk.casework.profiles import create_profile, list_profiles
from kimdesk.store import migrate
from kimdesk.store.case_store import BACKUP_DIR, DB_NAME, CaseStore
from kimdesk.store.key_slots import KdfParams
from tests.ui.conftest import PASSPHRASE, wait

NEW = "Kaffee Tasse Fahrrad Mond 7"


def _backup_of_a_colleague(tmp_path):
    """A store written on another laptop, and its backup on a stick."""
    store, recovery = CaseStore.create(tmp_path / "old-laptop", PASSPHRASE, "kleve",
                                       case_manager="CM", kdf=KdfParams.fast())
    ClientService(store).create("Shevchenko", given_names="Nadiia")
    (tmp_path / "usb").mkdir()
    backup = store.export_backup(tmp_path / "usb")
    store.close()
    return backup, recovery


def test_a_backup_becomes_a_new_profile_from_the_first_start(window, qtbot, tmp_path):
    backup, _ = _backup_of_a_colleague(tmp_path)
    window.show_start_or_setup()
    assert window.state() == "setup"  # a new laptop: no profile yet
    window.setup_view.restore_button.click()
    view = window.restore_view
    assert window.pages.currentWidget() is view
    qtbot.keyClicks(view.folder, str(backup))
    view.label.setText("Goch")
    qtbot.keyClicks(view.passphrase, "falsch-falsch")
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    wait(window)
    assert "Passphrase ist falsch" in view.error.text()
    assert list_profiles() == []
    view.passphrase.setText(PASSPHRASE)
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    wait(window)
    wait(window)
    assert window.state() == "work"
    assert "geprüft" in window.messages.text()
    assert [c.family_name for c in window.desk.clients.all()] == ["Shevchenko"]
    assert [p.label for p in list_profiles()] == ["Goch"]


def test_a_backup_opens_with_its_recovery_key_and_gets_a_new_passphrase(window, qtbot,
                                                                       kimdesk_home, tmp_path):
    backup, recovery = _backup_of_a_colleague(tmp_path)
    create_profile("Vorhanden", "kleve", PASSPHRASE, kdf=KdfParams.fast())[1].close()
    window.show_start()
    window.start_view.restore_button.click()
    view = window.restore_view
    view.folder.setText(str(backup))
    qtbot.keyClick(view.with_key, Qt.Key.Key_Space)
    assert view.key.isVisible() and not view.passphrase.isVisible()
    view.key.setText(recovery.lower())
    view.new1.setText(NEW)
    view.new2.setText(NEW)
    qtbot.keyClick(view.new2, Qt.Key.Key_Return)
    wait(window)
    wait(window)
    assert window.state() == "work"
    profile = next(p for p in list_profiles() if p.label == "Wiederhergestellt")
    CaseStore.open(profile.folder, passphrase=NEW).close()


def test_a_damaged_store_offers_its_newest_sound_backup_at_unlock(window, qtbot, kimdesk_home):
    profile, store, _ = create_profile("Goch", "kleve", PASSPHRASE, kdf=KdfParams.fast())
    ClientService(store).create("Al-Hassan", given_names="Muhammad")
    store.backup(profile.folder / BACKUP_DIR / migrate.backup_name("0011"))
    store.close()
    data = (profile.folder / DB_NAME).read_bytes()
    (profile.folder / DB_NAME).write_bytes(data[: len(data) // 2])
    window.show_start()
    window.start_view._open()
    window.unlock_view.passphrase.setText(PASSPHRASE)
    window.unlock_view.submit()
    wait(window)
    unlock = window.unlock_view
    assert window.state() == "unlock"
    assert "beschädigt und wurde nicht verändert" in unlock.error.text()
    assert unlock.restore_button.isVisible()
    assert unlock.restore_button.text().startswith("Sicherung vom ")
    assert (profile.folder / DB_NAME).stat().st_size == len(data) // 2  # untouched so far
    qtbot.keyClick(unlock.restore_button, Qt.Key.Key_Space)
    wait(window)
    wait(window)
    assert window.state() == "work"
    assert [c.family_name for c in window.desk.clients.all()] == ["Al-Hassan"]
    assert list(profile.folder.glob(f"{DB_NAME}.beschaedigt-*"))
