"""The Akte enforces consent: a referral without a Schweigepflichtentbindung is refused in
German and offers a recorded exception, by keyboard; a withdrawal says what it stops."""

from datetime import date

from PySide6.QtCore import Qt

from kimdesk.ui.akte.history_tab import HistoryTab
from kimdesk.ui.akte.network_tabs import ReferralsTab
from kimdesk.ui.akte.person_tabs import ConsentTab
from tests.ui.conftest import wait
from tests.ui.test_case_work import new_client_with_case, submit

TODAY = date.today().strftime("%d.%m.%Y")


def test_a_referral_without_consent_offers_a_recorded_exception(desk_window, qtbot):
    win = desk_window
    file = new_client_with_case(win)
    tab = file.show_tab(ReferralsTab)
    submit(win, tab.form, institution="Jugendamt Kreis Kleve", purpose="Schutzkonzept",
           referred_on=TODAY)
    assert "Schweigepflichtentbindung gegenüber Jugendamt Kreis Kleve" in win.messages.text()
    dialog = tab.consent_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "Schweigepflichtentbindung" in dialog.message.text()
    assert win.desk.referrals.referrals(file.tab(ReferralsTab).data.case_id) == []
    qtbot.keyClicks(dialog.reason, "kurz")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and "mindestens" in dialog.error.text()
    qtbot.keyClicks(dialog.reason, ": Kindeswohl in Gefahr")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    wait(win)
    wait(win)
    assert not dialog.isVisible()
    (referral,) = win.desk.referrals.referrals(tab.data.case_id)
    assert referral.institution_name == "Jugendamt Kreis Kleve"
    assert win.messages.text() == "Vermittlung gespeichert."
    history = file.show_tab(HistoryTab)
    wait(win)
    assert "Vermittlung ohne Einwilligung (Ausnahme begründet)" in [
        e.what for e in win.desk.history.for_client(file.client_id)]
    assert history is not None


def test_cancelling_the_exception_writes_nothing(desk_window, qtbot):
    win = desk_window
    file = new_client_with_case(win)
    tab = file.show_tab(ReferralsTab)
    submit(win, tab.form, institution="Jobcenter", referred_on=TODAY)
    dialog = tab.consent_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    wait(win)
    assert win.desk.referrals.referrals(tab.data.case_id) == []
    assert tab.form.values()["institution"] == "Jobcenter"  # the input is kept


def test_withdrawing_a_consent_says_what_it_stops(desk_window):
    win = desk_window
    file = new_client_with_case(win)
    tab = file.show_tab(ConsentTab)
    submit(win, tab.form, scope="sharing", given_on=TODAY, institution="Jobcenter")
    tab = file.show_tab(ConsentTab)
    tab.table.selectRow(0)
    tab.withdraw_button.click()
    wait(win)
    assert "Einwilligung widerrufen. Ab heute keine Vermittlung an Jobcenter" in \
        win.messages.text()
