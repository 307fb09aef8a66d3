"""The Akte on a real encrypted store: from a new person to a closed and re-opened case."""

from datetime import date, timedelta

from PySide6.QtCore import Qt

from kimdesk.casework.cases import CaseService
from kimdesk.core.vocabulary import CaseType
from kimdesk.ui.akte.case_tab import CaseTab
from kimdesk.ui.akte.history_tab import HistoryTab
from kimdesk.ui.akte.network_tabs import GapsTab, ReferralsTab
from kimdesk.ui.akte.person_tabs import ConsentTab, MasterDataTab
from kimdesk.ui.akte.plan_tab import PlanTab
from kimdesk.ui.akte.work_tabs import AssessmentTab, ContactsTab
from tests.ui.conftest import wait

TODAY = date.today().strftime("%d.%m.%Y")


def submit(win, form, **values) -> None:
    form.set_values(values)
    form.submit()
    wait(win)
    wait(win)


def new_client_with_case(win, case_type: str = "case_management", consent: bool = False):
    """A new person with a case; ``consent``: with the consent to documentation (given in
    the Einwilligungen tab), which assessments, plans and household data need."""
    ws = win.workspace
    ws.new_client()
    file = ws.file
    submit(win, file.tab(MasterDataTab).form, family_name="Haidari", given_names="Zahra",
           birth_date="12.03.1990", municipality_id="kleve-goch")
    file = ws.file
    assert file.client_id is not None
    if consent:
        submit(win, file.tab(ConsentTab).form, scope="documentation", given_on=TODAY)
    submit(win, file.tab(CaseTab).open_form, case_type=case_type, opened_on=TODAY)
    return ws.file


def test_create_a_client_and_open_a_case(desk_window):
    win = desk_window
    file = new_client_with_case(win)
    assert file.title.text() == "Haidari, Zahra"
    client = win.desk.clients.get(file.client_id)
    assert client.birth_date == "1990-03-12" and client.municipality_id == "kleve-goch"
    cases = win.desk.cases.cases_of(file.client_id)
    assert len(cases) == 1 and cases[0].case_type == "case_management"
    assert "Case Management" in file.tab(CaseTab).banner.text()
    assert not win.messages.text().startswith("Bitte")


def test_a_rule_violation_shows_the_german_sentence_and_keeps_the_input(desk_window):
    win = desk_window
    file = new_client_with_case(win)
    form = file.tab(AssessmentTab).form
    submit(win, form, life_area="housing", resources="", problems="", client_view="")
    assert "Bitte Ressourcen, Problemlagen" in win.messages.text()
    assert form.values()["life_area"] == "housing"


def test_log_a_contact_by_keyboard(desk_window, qtbot):
    win = desk_window
    file = new_client_with_case(win)
    tab = file.show_tab(ContactsTab)
    form = tab.form
    form.widget("date").setFocus()
    form.widget("date").selectAll()
    qtbot.keyClicks(form.widget("date"), TODAY)
    qtbot.keyClick(form.widget("date"), Qt.Key.Key_Tab)
    qtbot.keyClicks(form.widget("form"), "T")  # Telefon
    qtbot.keyClick(form.widget("form"), Qt.Key.Key_Tab)
    form.widget("duration_min").selectAll()
    qtbot.keyClicks(form.widget("duration_min"), "20")
    areas = form.widget("life_areas")
    areas.setCurrentRow(2)  # Sprache
    qtbot.keyClick(areas, Qt.Key.Key_Space)
    qtbot.keyClick(areas, Qt.Key.Key_Down)
    qtbot.keyClick(areas, Qt.Key.Key_Space)  # Kinderbetreuung
    qtbot.keyClicks(form.widget("note"), "Kursanmeldung besprochen")
    qtbot.keyClick(form.widget("note"), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait(win)
    wait(win)
    contacts = win.desk.cases.contacts(file.data.case_id)
    assert len(contacts) == 1
    c = contacts[0]
    assert (c.form, c.duration_min, c.note) == ("phone", 20, "Kursanmeldung besprochen")
    assert {a.life_area for a in c.life_areas} == {"language", "childcare"}
    assert tab.table.rowCount() == 1
    assert form.is_pristine()  # cleared after saving


def test_assessment_plan_referral_and_gap(desk_window):
    win = desk_window
    file = new_client_with_case(win, consent=True)
    case_id = file.data.case_id
    submit(win, file.tab(AssessmentTab).form, life_area="work", priority="1",
           resources="Ausbildung als Schneiderin", problems="Abschluss nicht anerkannt",
           client_view="Möchte in ihrem Beruf arbeiten")
    [row] = win.desk.plans.assessments(case_id)
    assert row.life_area == "work" and row.priority == 1

    plan = file.tab(PlanTab)
    submit(win, plan.goal_form, title="Zahra arbeitet als Schneiderin", life_area="work")
    submit(win, plan.goal_form, title="Deutschkurs B1 ist abgeschlossen", life_area="language")
    goals = win.desk.plans.plan(case_id)
    assert [g.title for g in goals] == ["Zahra arbeitet als Schneiderin",
                                        "Deutschkurs B1 ist abgeschlossen"]
    due = (date.today() + timedelta(days=30)).strftime("%d.%m.%Y")
    submit(win, plan.step_form, goal=str(goals[0].id), description="Anerkennung beantragen",
           responsible="Klientin", due_on=due)
    submit(win, plan.step_form, goal=str(goals[1].id), description="Kursplatz suchen",
           responsible="Case Managerin", due_on=due)
    goals = win.desk.plans.plan(case_id)
    assert [len(g.steps) for g in goals] == [1, 1]
    assert goals[0].steps[0].responsible == "Klientin"
    assert plan.tree.topLevelItemCount() == 2

    ref = file.tab(ReferralsTab)
    assert ref.form.field("institution").widget.count() > 0  # the directory is there
    service_id = next(iter(ref._service_ids))
    service = win.desk.directory.get(int(service_id))
    submit(win, file.tab(ConsentTab).form, scope="sharing", given_on=TODAY,
           institution=service.name)
    follow = (date.today() + timedelta(days=14)).strftime("%d.%m.%Y")
    submit(win, ref.form, institution=service_id, purpose="Anerkennungsberatung",
           life_area="recognition", follow_up_on=follow)
    [referral] = win.desk.referrals.referrals(case_id)
    assert referral.service_id == int(service_id)
    assert referral.follow_up_on == date.today() + timedelta(days=14)
    ref.table.selectRow(0)
    ref.outcome.setCurrentIndex(ref.outcome.findData("appointment_made"))
    ref.outcome_button.click()
    wait(win)
    assert win.desk.referrals.referrals(case_id)[0].outcome == "appointment_made"

    gaps = file.tab(GapsTab)
    submit(win, gaps.form, category="waiting_time", legal_system="sgb2",
           description="Wartezeit auf Anerkennungsberatung vier Monate")
    [gap] = win.desk.referrals.gaps(case_id)
    assert gap.category == "waiting_time" and gap.legal_system == "sgb2"
    history = file.tab(HistoryTab).table
    whats = {history.item(r, 1).text() for r in range(history.rowCount())}
    assert {"Kontakt angelegt"} - whats == {"Kontakt angelegt"}  # none logged here
    assert {"Assessment geändert", "Ziel angelegt", "Vermittlung angelegt",
            "Lücke angelegt"} <= whats


def test_change_case_type_then_close_and_reopen(desk_window):
    win = desk_window
    file = new_client_with_case(win, "short_intervention")
    tab = file.show_tab(CaseTab)
    case_id = file.data.case_id
    submit(win, tab.type_form, case_type="case_management", reason="")
    assert "begründen" in win.messages.text()
    submit(win, tab.type_form, case_type="case_management", reason="Mehrere Lebensbereiche")
    case = CaseService(win.desk.store).get(case_id)
    assert case.case_type == CaseType.CASE_MANAGEMENT
    assert case.events[-1].reason == "Mehrere Lebensbereiche"
    submit(win, tab.phase_form, phase="assessment")
    assert CaseService(win.desk.store).get(case_id).phase == "assessment"
    submit(win, tab.close_form, reason="goals_reached")
    case = CaseService(win.desk.store).get(case_id)
    assert case.closed_on == date.today() and case.close_reason == "goals_reached"
    assert tab.reopen_form.isVisibleTo(tab) and not tab.close_form.isVisibleTo(tab)
    assert not file.tab(ContactsTab).form.isEnabled()  # a closed case takes no contacts
    submit(win, tab.reopen_form, reason="Kommt mit neuem Anliegen wieder")
    case = CaseService(win.desk.store).get(case_id)
    assert case.closed_on is None
    assert [e.kind for e in case.events][-2:] == ["closed", "reopened"]
    assert file.tab(ContactsTab).form.isEnabled()
    events = tab.events
    assert events.item(0, 1).text() == "wieder aufgenommen"


def test_schedule_an_appointment_and_see_it_in_the_file(desk_window):
    from datetime import date, timedelta

    win = desk_window
    file = new_client_with_case(win)
    tab = file.show_tab(ContactsTab)
    form = tab.appointment_form
    day = (date.today() + timedelta(days=3)).strftime("%d.%m.%Y")
    form.widget("on").setText(day)
    form.widget("at").setText("25:00")
    form.submit()
    wait(win)
    assert "keine gültige Uhrzeit" in win.messages.text()
    form.widget("at").setText("14:30")
    form.widget("place").setText("Rathaus Goch, Zimmer 12")
    form.submit()
    wait(win)
    wait(win)
    assert f"{day}, 14:30 Uhr — Rathaus Goch, Zimmer 12" in tab.next_appointments.text()
    assert len(win.desk.appointments.upcoming(file.client_id)) == 1


def test_a_goal_and_a_step_in_the_clients_language(desk_window):
    win = desk_window
    file = new_client_with_case(win, consent=True)
    win.desk.clients.update(file.client_id, languages=["ar"])
    plan = file.tab(PlanTab)
    submit(win, plan.goal_form, title="Eine Wohnung finden", life_area="housing",
           title_other="إيجاد سكن")
    [goal] = win.desk.plans.plan(file.data.case_id)
    submit(win, plan.step_form, goal=str(goal.id), description="Wohnungsamt anrufen",
           description_other="الاتصال بمكتب الإسكان", responsible="Klientin")
    [goal] = win.desk.plans.plan(file.data.case_id)
    assert (goal.title_other, goal.other_language) == ("إيجاد سكن", "ar")
    assert goal.steps[0].description_other == "الاتصال بمكتب الإسكان"
    item = plan.tree.topLevelItem(0)
    assert item.toolTip(0) == "Eine Wohnung finden\nإيجاد سكن"
    assert item.child(0).toolTip(0) == "Wohnungsamt anrufen\nالاتصال بمكتب الإسكان"
