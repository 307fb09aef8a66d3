"""First run, profiles, unlock with right and wrong passphrase."""

from kimdesk.casework.profiles import list_profiles
from kimdesk.ui.unlock_view import failure_delay
from tests.ui.conftest import PASSPHRASE, make_profile, unlock, wait


def test_first_run_setup_creates_profile_and_shows_recovery_key_once(window, tmp_path):
    assert window.state() == "setup"  # no profile yet: the setup is the first screen
    setup = window.setup_view
    setup.name.setText("Aylin Demir")
    setup.label.setText("CM Kleve Nord")
    setup.district.setCurrentIndex(setup.district.findData("kleve"))
    setup.next.click()
    setup.pass1.setText("kurz")
    assert setup.strength.value() == 0 and "Zu kurz" in setup.strength_hint.text()
    setup.pass1.setText("drei Wörter sind besser 7!")
    assert setup.strength.value() >= 3
    setup.pass2.setText("etwas anderes")
    setup.next.click()
    assert "stimmen nicht überein" in setup.error.text()
    setup.pass2.setText("drei Wörter sind besser 7!")
    setup.next.click()
    wait(window)
    key = setup.recovery_key()
    assert key and setup.key_label.text() == key
    assert not setup.next.isEnabled()  # first confirm that the key was kept
    pdf = setup.save_pdf(tmp_path / "schluessel.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_mode & 0o777 == 0o600  # the key sheet is private from the start
    setup.kept.setChecked(True)
    setup.next.click()
    wait(window)
    assert window.state() == "work"
    assert [p.label for p in list_profiles()] == ["CM Kleve Nord"]
    assert window.desk.case_manager == "Aylin Demir"
    assert setup.key_label.text() == "" and setup.recovery_key() == ""  # shown only once


def test_unlock_with_right_passphrase_opens_the_desk(window, profile):
    window.show_start()
    assert window.state() == "start"
    assert window.start_view.list.count() == 1
    unlock(window)
    assert window.state() == "work"
    assert window.workspace.today.agenda is not None


def test_wrong_passphrase_gives_a_clear_message_and_a_growing_delay(window, profile):
    window.show_start()
    window.start_view._open()
    view = window.unlock_view
    view.passphrase.setText("falsch-falsch")
    view.submit()
    wait(window)
    assert window.state() == "unlock"
    assert "Passphrase ist falsch" in view.error.text()
    assert view.button.isEnabled()  # the first mistake costs nothing
    view.passphrase.setText("noch-einmal-falsch")
    view.submit()
    wait(window)
    assert view.waiting() and not view.button.isEnabled()
    assert "Sekunde warten" in view.error.text()  # "1 Sekunde", never "1 Sekunden"
    view.submit()  # ignored while waiting
    assert failure_delay(3) > failure_delay(2) > failure_delay(1) == 0
    view.end_delay()
    unlock(window, PASSPHRASE)
    assert window.state() == "work"


def test_two_profiles_do_not_see_each_other(window, kimdesk_home):
    make_profile("Emmerich", "erstes-geheimnis-1", clients=[("Nur-In-Emmerich", "Lea")])
    make_profile("Geldern", "zweites-geheimnis-2", clients=[("Nur-In-Geldern", "Omar")])
    window.show_start()
    labels = [window.start_view.list.item(i).text() for i in range(window.start_view.list.count())]
    assert len(labels) == 2 and all("Kleve" in t for t in labels)
    window.start_view.list.setCurrentRow(0)  # Emmerich
    window.start_view._open()
    window.unlock_view.passphrase.setText("zweites-geheimnis-2")  # the other one's passphrase
    window.unlock_view.submit()
    wait(window)
    assert window.state() == "unlock"
    unlock(window, "erstes-geheimnis-1")
    window.workspace.show_clients()
    wait(window)
    names = [r.family_name for r in window.workspace.clients.model.rows]
    assert names == ["Nur-In-Emmerich"]
    window.workspace.clients.search.setText("Geldern")
    window.workspace.clients.query()
    wait(window)
    assert window.workspace.clients.model.rows == []
