"""The coordinators' flows in a real browser, by keyboard alone, against the real office,
with real laptops (encrypted stores) syncing: first admin from the command line, login,
wrong password, enrolment and sync, bundling, a decision that reaches the laptop's Heute,
the directory published to the laptop."""

import os
import subprocess
import sys

import pytest

from kimdesk.sync.enrollment import enroll
from kimdesk.sync.rounds import Synchronizer
from tests.conftest import HANG_GUARD_MS
from tests.office_web.browser import check, choose, keyboard_login, press_on, tab_to, type_into
from tests.office_web.conftest import ROLE_USERS
from tests.office_web.laptops import enrolled_client, send_reconstructions
from tests.sync.conftest import ROOT
from tests.ui.conftest import wait


@pytest.fixture
def page(browser, web_office):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    p = context.new_page()
    p.set_default_timeout(HANG_GUARD_MS)
    yield p
    context.close()


def test_first_admin_from_the_command_line_logs_in_and_a_wrong_password_is_refused(
        page, web_office):
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_")},
           "KIMDESK_OFFICE_PASSWORD": "erstes-admin-passwort"}
    made = subprocess.run([sys.executable, "-m", "kimdesk.office.cli", "user", "add",
                           "--db", web_office.db_url, "erste.admin"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    keyboard_login(page, web_office.url, "erste.admin", "falsches-passwort!")
    assert "Benutzername oder Passwort stimmen nicht" in page.inner_text("main")
    keyboard_login(page, web_office.url, "erste.admin", "erstes-admin-passwort")
    assert page.url.endswith("/geraete")
    assert page.inner_text("h1") == "Geräte"


def test_lockout_after_wrong_passwords_and_the_administration_unlocks_by_keyboard(
        page, web_office):
    from kimdesk.office.web.accounts import LOCK_MINUTES, MAX_FAILURES
    from tests.office_web.conftest import PASSWORD

    web_office.accounts.add("vera.vergessen", PASSWORD, "coordination")
    for _ in range(MAX_FAILURES):
        keyboard_login(page, web_office.url, "vera.vergessen", "falsches-passwort!")
    assert f"für {LOCK_MINUTES} Minuten gesperrt" in page.inner_text("main")
    keyboard_login(page, web_office.url, "vera.vergessen")  # the right one, while locked
    assert "gesperrt" in page.inner_text("main") and page.url.endswith("/anmelden")
    keyboard_login(page, web_office.url, ROLE_USERS["admin"])
    page.goto(web_office.url + "/konten")
    row = page.locator("tr", has_text="vera.vergessen")
    assert "gesperrt (Fehlversuche)" in row.inner_text()
    press_on(page, "form[action='/konten/vera.vergessen'] button[value=entsperren]")
    assert "ist entsperrt" in page.inner_text("main")
    assert "aktiv" in page.locator("tr", has_text="vera.vergessen").inner_text()
    press_on(page, "form[action='/abmelden'] button")
    keyboard_login(page, web_office.url, "vera.vergessen")
    assert not page.url.endswith("/anmelden") and page.inner_text("h1") == "Übersicht"


def test_enroll_a_laptop_from_the_devices_page_and_it_syncs(page, web_office, sync_store):
    keyboard_login(page, web_office.url, ROLE_USERS["admin"])
    type_into(page, "#geraetename", "Laptop Goch")
    press_on(page, "form[action='/geraete'] button[type=submit]")
    code = page.inner_text("#anmeldecode")
    assert len(code) == 14
    enroll(sync_store, web_office.url, code)
    assert Synchronizer(sync_store).run_round().ok
    page.goto(web_office.url + "/geraete")
    row = page.locator("tr", has_text="Laptop Goch").inner_text()
    assert "aktiv" in row and "0.1.0" in row  # the app version the laptop reported
    assert "nur jetzt angezeigt" not in page.inner_text("main")  # the code is shown once


def test_bundle_two_reconstructions_into_a_theme_by_keyboard(page, web_office):
    client = enrolled_client(web_office, "Laptop Rekonstruktionen")
    send_reconstructions(client, range(100, 106))
    client.close()
    keyboard_login(page, web_office.url, ROLE_USERS["coordination"])
    page.goto(web_office.url + "/fallrekonstruktionen")
    titles = page.locator("tbody th a").all_inner_texts()
    first = page.locator("tbody tr", has_text=titles[0]).locator("input[type=checkbox]")
    second = page.locator("tbody tr", has_text=titles[1]).locator("input[type=checkbox]")
    check(page, f"#{first.get_attribute('id')}")
    check(page, f"#{second.get_attribute('id')}")
    type_into(page, "#neues_thema", "Wege in Arbeit")
    press_on(page, "form[action='/fallrekonstruktionen/buendeln'] button[type=submit]")
    assert page.inner_text("h1") == "Wege in Arbeit"
    bundled = page.locator("main").inner_text()
    assert titles[0] in bundled and titles[1] in bundled


def test_decision_recorded_published_synced_and_seen_on_the_laptop(page, web_office, qtbot,
                                                                   desk_window):
    store = desk_window.desk.store
    from kimdesk.office import devices

    enroll(store, web_office.url, devices.new_code(web_office.engine, "Laptop Kleve"))
    keyboard_login(page, web_office.url, ROLE_USERS["coordination"])
    page.goto(web_office.url + "/lenkungsgruppe")
    type_into(page, "#datum", "20.11.2026")
    type_into(page, "#titel", "Sprachkurse mit Kinderbetreuung")
    type_into(page, "#text", "Ab 2027 werden Kurse mit Kinderbetreuung bevorzugt gefördert.")
    press_on(page, "form[action='/lenkungsgruppe'] button[type=submit]")
    assert "Noch nicht veröffentlicht" in page.inner_text("main")
    press_on(page, "form[action$='/veroeffentlichen'] button[type=submit]")
    assert "Veröffentlicht am" in page.inner_text("main")

    assert Synchronizer(store).run_round().ok
    desk_window.workspace.show_today()
    wait(desk_window)
    panel = desk_window.workspace.today.decisions
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=HANG_GUARD_MS)
    assert panel.isVisibleTo(desk_window)
    item = panel.list.item(0).text()
    assert item.startswith("NEU: Beschluss vom 20.11.2026: Sprachkurse mit Kinderbetreuung")
    assert "bevorzugt gefördert" in panel.text.toPlainText()
    panel.read_button.click()
    qtbot.waitUntil(lambda: panel.list.count() == 1
                    and not panel.list.item(0).text().startswith("NEU"), timeout=HANG_GUARD_MS)


def test_directory_edited_published_and_on_the_laptop(page, web_office, sync_store):
    from kimdesk.casework.directory import DirectoryService
    from kimdesk.office import devices

    enroll(sync_store, web_office.url, devices.new_code(web_office.engine, "Laptop Kalkar"))
    keyboard_login(page, web_office.url, ROLE_USERS["coordination"])
    page.goto(web_office.url + "/versorgungssystem")
    type_into(page, "#name", "Familienzentrum Regenbogen")
    choose(page, "#art", "Kita")
    type_into(page, "#telefon", "02821 123456")
    check(page, "input[name=lebensbereiche][value=childcare]")
    press_on(page, "form[action='/versorgungssystem'] button[type=submit]")
    assert "Familienzentrum Regenbogen" in page.inner_text("main")
    press_on(page, "form[action='/versorgungssystem/veroeffentlichen'] button")
    assert "veröffentlicht" in page.inner_text("main")
    assert Synchronizer(sync_store).run_round().ok
    names = [e.name for e in DirectoryService(sync_store).search("Regenbogen")]
    assert "Familienzentrum Regenbogen" in names
    # a laptop reports what it has applied when it asks for news: on its next sync
    assert Synchronizer(sync_store).run_round().ok
    page.goto(web_office.url + "/versorgungssystem")
    row = page.locator("tr", has_text="Laptop Kalkar").inner_text()
    assert "aktuell" in row


def test_keyboard_reaches_the_navigation_from_the_skip_link(page, web_office):
    keyboard_login(page, web_office.url, ROLE_USERS["coordination"])
    page.goto(web_office.url + "/themen")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    tab_to(page, "nav a[href='/lenkungsgruppe']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.inner_text("h1") == "Lenkungsgruppe"
