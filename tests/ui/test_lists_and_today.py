"""Klient*innen search and filters, Heute, Versorgungssystem and Import on real stores."""

from datetime import date, timedelta

from PySide6.QtCore import Qt

from kimdesk.casework.cases import CaseService, ContactInput
from kimdesk.casework.clients import ClientService
from kimdesk.casework.plans import PlanService
from kimdesk.casework.referrals import ReferralService
from kimdesk.ui.akte.network_tabs import ReferralsTab
from kimdesk.ui.akte.plan_tab import PlanTab
from tests.conftest import HANG_GUARD_MS
from tests.ui.conftest import wait


def search(win, text: str) -> list[str]:
    view = win.workspace.clients
    view.search.setText(text)
    view.query()
    wait(win)
    return [r.family_name for r in view.model.rows]


def test_search_as_you_type_finds_name_variants_and_birth_dates(desk_window, qtbot):
    win = desk_window
    ClientService(win.desk.store).update(
        next(r.id for r in ClientService(win.desk.store).all() if r.family_name == "Kowalska"),
        birth_date="14.02.1988", municipality_id="kleve-kevelaer")
    win.workspace.show_clients()
    wait(win)
    view = win.workspace.clients
    assert len(view.model.rows) == 2
    view.search.setText("mohamad hasan")  # typed: debounced, then queried off the UI thread
    qtbot.waitUntil(lambda: [r.family_name for r in view.model.rows] == ["Al-Hassan"],
                    timeout=HANG_GUARD_MS)
    assert search(win, "14.02.1988") == ["Kowalska"]
    assert search(win, "Kevelaer") == ["Kowalska"]
    assert "1 Treffer" in view.status_label.text()


def test_filters_by_case_type_phase_municipality_and_state(desk_window):
    win = desk_window
    store = win.desk.store
    clients = {r.family_name: r.id for r in ClientService(store).all()}
    cases = CaseService(store)
    case_id = cases.open_case(clients["Al-Hassan"], "case_management", date.today())
    cases.change_phase(case_id, "assessment", date.today())
    other = cases.open_case(clients["Kowalska"], "short_intervention", date.today())
    cases.close(other, date.today(), "no_need")
    win.workspace.show_clients()
    wait(win)
    view = win.workspace.clients
    view.case_type.setCurrentIndex(view.case_type.findData("case_management"))
    wait(win)
    assert [r.family_name for r in view.model.rows] == ["Al-Hassan"]
    view.case_type.setCurrentIndex(0)
    view.phase.setCurrentIndex(view.phase.findData("assessment"))
    wait(win)
    assert [r.family_name for r in view.model.rows] == ["Al-Hassan"]
    view.phase.setCurrentIndex(0)
    view.status.setCurrentIndex(view.status.findData("closed"))
    wait(win)
    assert [r.family_name for r in view.model.rows] == ["Kowalska"]
    view.status.setCurrentIndex(0)
    view.municipality.setCurrentIndex(view.municipality.findData("kleve-goch"))
    wait(win)
    assert view.model.rows == []
    view.municipality.setCurrentIndex(0)
    wait(win)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [r.family_name for r in view.model.rows] == ["Kowalska", "Al-Hassan"]


def test_today_shows_due_steps_follow_ups_expiring_titles_and_silent_cases(desk_window):
    win = desk_window
    store = win.desk.store
    today = date.today()
    clients = {r.family_name: r.id for r in ClientService(store).all()}
    ClientService(store).update(clients["Kowalska"], residence_status="ae_104c",
                                residence_expires_on=today + timedelta(days=20))
    cases = CaseService(store)
    old = cases.open_case(clients["Al-Hassan"], "case_management", today - timedelta(days=90))
    cases.log_contact(old, ContactInput(today - timedelta(days=60), "sprechstunde"))
    goal = PlanService(store).add_goal(old, "Wohnung gefunden", "housing")
    PlanService(store).add_step(goal, "Wohnungsamt anrufen", "Klient", today - timedelta(days=2))
    ClientService(store).give_consent(clients["Al-Hassan"], "sharing", "01.01.2020",
                                      institution="Mieterverein")
    ReferralService(store).refer(old, today - timedelta(days=20), "Mieterverein",
                                 follow_up_on=today)
    cases.open_case(clients["Kowalska"], "short_intervention", today)
    win.workspace.show_today()
    wait(win)
    agenda = win.workspace.today.agenda
    # "Klient" does this step: it is owed by others, not due for the case manager
    assert agenda.sections["steps"] == []
    assert [i.text for i in agenda.sections["others"]] == ["Wohnungsamt anrufen (wer: Klient)"]
    assert agenda.sections["others"][0].overdue
    assert [i.client_name for i in agenda.sections["follow_ups"]] == ["Al-Hassan, Muhammad"]
    assert [i.client_name for i in agenda.sections["expiring"]] == ["Kowalska, Anna"]
    assert "noch 20 Tage" in agenda.sections["expiring"][0].text
    assert [i.case_id for i in agenda.sections["no_contact"]] == [old]
    tree = win.workspace.today.tree
    assert tree.topLevelItemCount() == 8  # seven agenda sections and the backup reminder
    assert "Noch keine Sicherung" in agenda.sections["backup"][0].text
    heads = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert heads[0].text(0).startswith("Termine heute")  # the day's appointments first
    assert heads[1].text(0).startswith("Sicherung")
    others = next(h for h in heads if h.text(0).startswith("Andere sind dran"))
    assert others.child(0).text(1) == "Al-Hassan, Muhammad"
    tree.itemActivated.emit(others.child(0), 0)
    wait(win)
    wait(win)
    assert win.workspace.file.client_id == clients["Al-Hassan"]
    plan = win.workspace.file.tabs.currentWidget()
    assert isinstance(plan, PlanTab)  # opening lands on the step, not on Stammdaten
    assert plan.tree.currentItem().text(0) == "Wohnungsamt anrufen"


def test_directory_browse_and_pick_for_a_referral(desk_window):
    win = desk_window
    ws = win.workspace
    ws.show_directory()
    wait(win)
    view = ws.directory
    total = len(view.rows)
    assert total > 5
    view.life_area.setCurrentIndex(view.life_area.findData("language"))
    wait(win)
    assert 0 < len(view.rows) < total
    assert all("language" in s.life_areas for s in view.rows)
    view.table.selectRow(0)
    picked = view.rows[0]
    view.pick.click()  # no file open yet
    assert "Akte" in win.messages.text()
    client_id = next(r.id for r in ClientService(win.desk.store).all())
    CaseService(win.desk.store).open_case(client_id, "process_support", date.today())
    ws.open_client(client_id)
    wait(win)
    ws.show_directory()
    view.table.selectRow(0)
    view.pick.click()
    tab = ws.file.tabs.currentWidget()
    assert isinstance(tab, ReferralsTab)
    assert tab.form.values()["institution"] == str(picked.id)


def test_import_maps_columns_previews_and_writes_only_a_clean_list(desk_window, tmp_path):
    win = desk_window
    view = win.workspace.importer
    win.workspace.show_import()
    bad = tmp_path / "liste.csv"
    bad.write_text("Name;Vorname;Geb.;Wohnort\nNowak;Jan;01.02.1980;Goch\n"
                   "Petrova;Olena;kein Datum;Kleve\n", encoding="utf-8")
    view.load(bad)
    wait(win)
    assert view.combos["family_name"].currentText() == "Name"  # guessed
    assert view.combos["birth_date"].currentData() == -1  # "Geb." is not a known header
    view.combos["birth_date"].setCurrentIndex(view.combos["birth_date"].findText("Geb."))
    view.validate()
    wait(win)
    assert "1 Zeile kann" in view.summary.text()
    assert not view.commit_button.isEnabled()
    assert view.preview.item(1, 6).text().startswith("Geburtsdatum")
    before = ClientService(win.desk.store).count()
    good = tmp_path / "gut.csv"
    good.write_text("Nachname;Vorname;Geburtsdatum;Kommune\nNowak;Jan;01.02.1980;Goch\n"
                    "Petrova;Olena;1975;Kleve\n", encoding="utf-8")
    view.load(good)
    wait(win)
    view.validate()
    wait(win)
    assert "2 Personen bereit" in view.summary.text()
    assert ClientService(win.desk.store).count() == before  # preview writes nothing
    view.commit_button.click()
    wait(win)
    assert ClientService(win.desk.store).count() == before + 2
    assert "2 Personen wurden importiert" in win.messages.text()
