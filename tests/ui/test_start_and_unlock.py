"""First run, profiles, unlock with right and wrong passphrase."""

import pytest
from PySide6.QtWidgets import QLabel

from kimdesk.casework.profiles import list_profiles
from kimdesk.ui.unlock_view import failure_delay
from tests.conftest import HANG_GUARD_S
from tests.ui.conftest import PASSPHRASE, make_profile, unlock, wait


def test_first_run_setup_creates_profile_and_shows_recovery_key_once(window, tmp_path):
    assert window.state() == "setup"  # no profile yet: the setup is the first screen
    setup = window.setup_view
    setup.name.setText("Aylin Demir")
    setup.label.setText("CM Kleve Nord")
    setup.district.setCurrentIndex(setup.district.findData("hoexter"))
    assert setup.team.findData("kleve-nord") < 0  # the teams follow the district
    setup.district.setCurrentIndex(setup.district.findData("kleve"))
    teams = [setup.team.itemText(i) for i in range(setup.team.count())]
    assert teams == ["— noch offen —", "Regionalteam Nord", "Regionalteam Ost",
                     "Regionalteam Mitte", "Regionalteam Süd"]
    setup.team.setCurrentIndex(setup.team.findData("kleve-nord"))
    # a short label (the long one took half the width), the explanation as a hint
    labels = [w.text() for w in setup.findChildren(QLabel) if w.buddy() is setup.team]
    assert labels == ["&Team"]
    assert "Regionalteam" in setup.team_hint.text() == setup.team.toolTip()
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
    assert window.desk.store.setting("team_id") == "kleve-nord"  # the figures carry it
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


def test_weak_passphrases_are_refused_with_a_german_reason(window):
    from kimdesk.casework.profiles import passphrase_strength, require_strong
    from kimdesk.core.errors import DomainError

    for weak, why in (("Passwort1", "bekanntes Wort"), ("12345678", "häufiges Passwort"),
                      ("zxcvbnm,.-", "Tastaturmuster"), ("abcdefgh123", "Folge"),
                      ("Aylin1990!", "eigenen Namen")):
        with pytest.raises(DomainError, match=why):
            require_strong(weak, ("Aylin Demir", "Goch", "Kleve"))
    assert passphrase_strength("Kaffee Tasse Fahrrad Mond")[0] == 4
    window.show_setup(first_run=True)
    view = window.setup_view
    view.name.setText("Aylin Demir")
    view.label.setText("Goch")
    view.district.setCurrentIndex(view.district.findData("kleve"))
    view._next()
    view.pass1.setText("Passwort1")
    view.pass2.setText("Passwort1")
    assert "bekanntes Wort" in view.strength_hint.text()
    view._next()
    wait(window)
    assert "zu leicht zu erraten" in view.error.text()
    assert window.state() == "setup" and list_profiles() == []


def test_forgotten_passphrase_is_replaced_with_the_recovery_key(window, kimdesk_home):
    from kimdesk.casework.profiles import create_profile, open_profile
    from kimdesk.store.key_slots import KdfParams

    profile, store, recovery_key = create_profile("Kevelaer", "kleve", PASSPHRASE, "CM",
                                                  kdf=KdfParams.fast())
    store.close()
    window.show_start()
    window.start_view._open()
    window.unlock_view.forgot_button.click()
    view = window.recovery_view
    assert window.pages.currentWidget() is view
    view.key.setText("AAAA-BBBB-CCCC")
    view.new1.setText("Kaffee Tasse Fahrrad Mond")
    view.new2.setText("Kaffee Tasse Fahrrad Mond")
    view.submit()
    wait(window)
    assert view.error.text() and window.state() != "work"
    view.key.setText(recovery_key)
    view.new1.setText("Passwort1")
    view.new2.setText("Passwort1")
    view.submit()
    wait(window)
    assert "zu leicht zu erraten" in view.error.text()
    view.new1.setText("Kaffee Tasse Fahrrad Mond")
    view.new2.setText("Kaffee Tasse Fahrrad Mond")
    view.submit()
    wait(window)
    window.rekey_dialog.reject()  # "Nicht jetzt": tests/ui/test_rekey_offer.py re-keys
    wait(window)
    assert window.state() == "work"
    window.shutdown()
    open_profile(profile, "Kaffee Tasse Fahrrad Mond").close()
    with pytest.raises(Exception, match="Passphrase"):
        open_profile(profile, PASSPHRASE)


def test_the_setup_wizard_can_be_cancelled_and_asks_for_the_kreis(window, profile):
    window.show_setup()
    view = window.setup_view
    view.name.setText("Aylin Demir")
    view._next()
    assert "Kreis" in view.error.text()  # no Kreis chosen for her
    assert view.cancel.isVisible()
    view.cancel.click()
    assert window.state() == "start"


def test_qt_dialogs_speak_german(window):
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes |
                           QDialogButtonBox.StandardButton.No |
                           QDialogButtonBox.StandardButton.Cancel)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == \
        ["Abbrechen", "Ja", "Nein"]


def test_kimdesk_without_arguments_opens_the_app_not_the_help(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["KIMDESK_HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-c",
                           "import sys; from kimdesk.cli import main; sys.exit(main())"],
                          env=env, capture_output=True, text=True, timeout=HANG_GUARD_S)
    # without a screen the desk says so in German (with one, it would open)
    assert "grafische Oberfläche" in done.stderr and "usage" not in done.stdout.lower()


def test_typing_a_passphrase_loads_the_editing_libraries_an_unlock_does_not_wait(window,
                                                                                 profile,
                                                                                 qtbot):
    """The editing libraries load while a passphrase is typed; an unlock submitted at once
    (a prefilled demo passphrase) is not queued behind them: they follow Heute."""
    from PySide6.QtCore import Qt

    from tests.conftest import HANG_GUARD_MS

    window.show_start()
    window.start_view._open()
    assert window.state() == "unlock" and window.store_libraries == ""
    window.unlock_view.passphrase.setText(PASSPHRASE)  # prefilled: not typing
    assert window.store_libraries == ""
    window.unlock_view.submit()
    window._load_store_libraries()  # (the waiting timer, firing during the check)
    assert window.unlock_view.checking() and window.store_libraries == ""
    qtbot.waitUntil(lambda: window.store_libraries == "loaded", timeout=HANG_GUARD_MS)
    assert window.state() == "work" and window.workspace.today.agenda is not None

    window.lock()
    wait(window)
    window.store_libraries = ""  # as if a new start: typing starts the load
    qtbot.keyClick(window.unlock_view.passphrase, Qt.Key.Key_A)
    assert window.store_libraries in ("loading", "loaded")
    qtbot.waitUntil(lambda: window.store_libraries == "loaded", timeout=HANG_GUARD_MS)
