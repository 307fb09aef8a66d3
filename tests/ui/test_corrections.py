"""Every entry can be corrected or deleted with a reason in the Verlauf; the figures follow;
duplicates are offered instead of created, and two files of one person can be merged."""

from datetime import date, timedelta

import pytest

from kimdesk.casework.cases import ContactInput
from kimdesk.casework.corrections import CorrectionService
from kimdesk.store import aggregate_queries
from kimdesk.ui.akte.history_tab import HistoryTab
from kimdesk.ui.akte.network_tabs import GapsTab, ReferralsTab
from kimdesk.ui.akte.person_tabs import ConsentTab, HouseholdTab, MasterDataTab
from kimdesk.ui.akte.plan_tab import PlanTab
from kimdesk.ui.akte.work_tabs import AssessmentTab, ContactsTab
from tests.ui.conftest import wait
from tests.ui.test_case_work import new_client_with_case, submit

TODAY = date.today()


def _settle(win) -> None:  # noqa: ANN001
    wait(win)
    wait(win)


def _correct(win, tab, row: int, reason: str = "Tippfehler", **values):  # noqa: ANN001
    tab.table.setCurrentCell(row, 0)
    tab.table.activated.emit(tab.table.currentIndex())  # Enter or double-click on the line
    _settle(win)
    dialog = tab.correction
    assert dialog is not None and dialog.isVisible()
    dialog.form.set_values({**values, "reason": reason})
    dialog.form.submit()
    _settle(win)
    return dialog


def _forms(win, start, end) -> dict[str, int]:
    """Contacts by form as the figures count them (form, count, key sum)."""
    return {form: n for form, n, _keys in aggregate_queries.contact_forms(win.desk.store,
                                                                          start, end)}


def test_a_wrong_contact_is_corrected_and_the_figures_follow(desk_window):
    win = desk_window
    file = new_client_with_case(win)
    case_id = file.data.case_id
    win.desk.cases.log_contact(case_id, ContactInput(date=TODAY, form="phone",
                                                     duration_min=300, note="Rückruf"))
    file.reload()
    _settle(win)
    start, end = TODAY.replace(day=1), TODAY
    assert _forms(win, start, end) == {"phone": 1}
    tab = file.show_tab(ContactsTab)
    dialog = _correct(win, tab, 0, reason="", duration_min=30, form="outreach")
    assert dialog.isVisible() and "Grund" in dialog.error.text()  # nothing saved yet
    assert win.desk.cases.contacts(case_id)[0].duration_min == 300
    dialog.form.set_values({"reason": "Dauer und Form falsch erfasst"})
    dialog.form.submit()
    _settle(win)
    assert not dialog.isVisible()
    [contact] = win.desk.cases.contacts(case_id)
    assert (contact.duration_min, contact.form, contact.note) == (30, "outreach", "Rückruf")
    assert _forms(win, start, end) == {"outreach": 1}
    history = file.tab(HistoryTab).table
    rows = [[history.item(r, c).text() for c in range(5)] for r in range(history.rowCount())]
    assert ["Kontakt korrigiert", "Form, Dauer", "Dauer und Form falsch erfasst"] in \
        [r[1:4] for r in rows] or any(r[1] == "Kontakt korrigiert" and
                                      "Dauer" in r[2] and r[3] ==
                                      "Dauer und Form falsch erfasst" for r in rows)


def test_a_contact_entered_by_mistake_is_deleted_with_its_reason(desk_window):
    win = desk_window
    file = new_client_with_case(win)
    win.desk.cases.log_contact(file.data.case_id, ContactInput(date=TODAY, form="phone"))
    file.reload()
    _settle(win)
    tab = file.show_tab(ContactsTab)
    tab.table.setCurrentCell(0, 0)
    tab.open_correction(tab.table, "contact", "Kontakt korrigieren", lambda: [])
    _settle(win)
    tab.correction.form.set_values({"reason": "in der falschen Akte erfasst"})
    tab.correction.delete_now()
    _settle(win)
    assert win.desk.cases.contacts(file.data.case_id) == []
    [entry] = [h for h in win.desk.history.for_client(file.client_id)
               if h.what == "Kontakt gelöscht"]
    assert entry.reason == "in der falschen Akte erfasst"


def test_every_kind_of_entry_can_be_corrected_from_its_tab(desk_window):
    win = desk_window
    file = new_client_with_case(win)
    win.desk.clients.give_consent(file.client_id, "documentation", TODAY - timedelta(days=1))
    case_id = file.data.case_id
    submit(win, file.tab(AssessmentTab).form, life_area="work", priority="1",
           resources="Schneiderin", problems="", client_view="")
    _correct(win, file.show_tab(AssessmentTab), 0, priority="3", problems="Anerkennung")
    [assessment] = win.desk.plans.assessments(case_id)
    assert (assessment.priority, assessment.problems) == (3, "Anerkennung")

    plan = file.tab(PlanTab)
    submit(win, plan.goal_form, title="Arbeit als Schnederin", life_area="work")
    [goal] = win.desk.plans.plan(case_id)
    submit(win, plan.step_form, goal=str(goal.id), description="Antrag", responsible="Jobcenter")
    file.show_tab(PlanTab)
    plan.tree.setCurrentItem(plan.tree.topLevelItem(0))
    plan.correct_current()
    _settle(win)
    plan.correction.form.set_values({"title": "Arbeit als Schneiderin", "reason": "Tippfehler"})
    plan.correction.form.submit()
    _settle(win)
    plan.tree.setCurrentItem(plan.tree.topLevelItem(0).child(0))
    plan.correct_current()
    _settle(win)
    due = (TODAY + timedelta(days=14)).strftime("%d.%m.%Y")
    plan.correction.form.set_values({"responsible": "Case Management", "due_on": due,
                                     "reason": "Zuständigkeit geklärt"})
    plan.correction.form.submit()
    _settle(win)
    [goal] = win.desk.plans.plan(case_id)
    assert goal.title == "Arbeit als Schneiderin"
    assert (goal.steps[0].responsible, goal.steps[0].due_on) == \
        ("Case Management", TODAY + timedelta(days=14))

    win.desk.clients.give_consent(file.client_id, "sharing", TODAY,
                                  institution="Jobcenter Klevee")
    win.desk.referrals.refer(case_id, TODAY, institution_name="Jobcenter Klevee",
                             purpose="Beratung")
    file.reload()
    _settle(win)
    _correct(win, file.show_tab(ReferralsTab), 0, institution_name="Jobcenter Kleve",
             purpose="Anerkennungsberatung")
    [referral] = win.desk.referrals.referrals(case_id)
    assert (referral.institution_name, referral.purpose) == ("Jobcenter Kleve",
                                                            "Anerkennungsberatung")

    win.desk.referrals.report_gap("no_offer", TODAY, "Kein Kurs mit Kinderbetreuung",
                                  case_id=case_id)
    file.reload()
    _settle(win)
    _correct(win, file.show_tab(GapsTab), 0, description="Kein Kurs mit Kinderbetreuung "
             "im Südkreis")
    assert win.desk.referrals.gaps(case_id)[0].description.endswith("im Südkreis")

    win.desk.clients.add_household_member(file.client_id, "child", "Lina", "Haidary")
    file.reload()
    _settle(win)
    _correct(win, file.show_tab(ConsentTab), 0, given_on=TODAY.strftime("%d.%m.%Y"))
    _correct(win, file.show_tab(HouseholdTab), 0, family_name="Haidari",
             birth_date="2019")
    client = win.desk.clients.get(file.client_id)
    assert client.consents[0].given_on == TODAY
    assert (client.household[0].family_name, client.household[0].birth_date) == \
        ("Haidari", "2019")
    corrected = [h for h in win.desk.history.for_client(file.client_id)
                 if h.what.endswith("korrigiert")]
    assert len(corrected) == 7 and all(h.reason for h in corrected)


def test_rules_hold_for_corrections_too(store):
    from kimdesk.casework.cases import CaseService
    from kimdesk.casework.clients import ClientService
    from kimdesk.core.errors import DomainError

    client = ClientService(store).create("Nowak", given_names="Jan")
    cases = CaseService(store)
    case = cases.open_case(client, "process_support", TODAY - timedelta(days=5))
    contact = cases.log_contact(case, ContactInput(date=TODAY, form="phone"))
    service = CorrectionService(store)
    for values, message in (({"duration_min": 0}, "zwischen 1 und 600"),
                            ({"date": (TODAY + timedelta(days=1)).strftime("%d.%m.%Y")},
                             "Zukunft"),
                            ({"date": (TODAY - timedelta(days=30)).strftime("%d.%m.%Y")},
                             "vor dem Fallbeginn")):
        with pytest.raises(DomainError, match=message):
            service.correct("contact", contact, values, "Test")
    assert cases.contacts(case)[0].duration_min == 30  # nothing half-saved


def test_an_appointment_is_moved_and_cancelled(desk_window):
    win = desk_window
    file = new_client_with_case(win)
    day = TODAY + timedelta(days=3)
    win.desk.appointments.schedule(file.client_id, day, "10:00", "Rathaus")
    file.reload()
    _settle(win)
    tab = file.show_tab(ContactsTab)
    tab.move_appointment()
    dialog = tab.correction
    later = (day + timedelta(days=1)).strftime("%d.%m.%Y")
    dialog.form.set_values({"on": later, "at": "11:30", "reason": "Klientin verhindert"})
    dialog.form.submit()
    _settle(win)
    [appointment] = win.desk.appointments.upcoming(file.client_id)
    assert f"{appointment.starts_at:%d.%m.%Y %H:%M}" == f"{later} 11:30"
    assert "11:30 Uhr" in tab.next_appointments.text()
    tab.cancel_appointment()
    tab.correction.form.set_values({"reason": "Termin nicht mehr nötig"})
    tab.correction.delete_now()
    _settle(win)
    assert win.desk.appointments.upcoming(file.client_id) == []
    whats = [h.what for h in win.desk.history.for_client(file.client_id)]
    assert "Termin verlegt" in whats and "Termin abgesagt" in whats


def test_a_duplicate_is_offered_instead_of_created(desk_window):
    win = desk_window
    existing = win.desk.clients.create("Shevchenko", given_names="Nadiia",
                                       birth_date="06.09.1965")
    ws = win.workspace
    ws.new_client()
    form = ws.file.tab(MasterDataTab).form
    before = win.desk.clients.count()
    submit(win, form, family_name="Schewtschenko", given_names="Nadija",
           birth_date="06.09.1965")
    notice = ws.file.tab(MasterDataTab).duplicates
    assert notice.isVisible() and "Shevchenko, Nadiia" in notice.label.text()
    assert win.desk.clients.count() == before  # nothing created silently
    notice.buttons.itemAt(0).widget().click()
    _settle(win)
    assert ws.file.client_id == existing

    ws.new_client()
    submit(win, ws.file.tab(MasterDataTab).form, family_name="Schewtschenko",
           given_names="Nadija", birth_date="06.09.1965")
    ws.file.tab(MasterDataTab).duplicates.create_anyway.click()
    _settle(win)
    assert win.desk.clients.count() == before + 1  # she insisted: two people, same data


def test_two_files_of_one_person_are_merged_and_one_is_deleted(desk_window):
    win = desk_window
    keep = win.desk.clients.create("Shevchenko", given_names="Nadiia",
                                   birth_date="06.09.1965")
    other = win.desk.clients.create("Schewtschenko", given_names="Nadija",
                                    birth_date="06.09.1965", phone="0151 000")
    case = win.desk.cases.open_case(other, "short_intervention", TODAY)
    win.desk.cases.log_contact(case, ContactInput(date=TODAY, form="phone"))
    ws = win.workspace
    ws.open_client(keep)
    _settle(win)
    tab = ws.file.show_tab(MasterDataTab)
    tab.open_merge()
    dialog = tab.merge_dialog
    _settle(win)
    assert dialog.results.count() >= 1
    dialog.merge()
    _settle(win)
    assert [c.id for c in win.desk.cases.cases_of(keep)] == [case]
    client = win.desk.clients.get(keep)
    assert client.phone == "0151 000" and "Nadija Schewtschenko" in client.name_variants
    assert [s.id for s in win.desk.clients.search("Schewtschenko")] == [keep]
    whats = [h.what for h in win.desk.history.for_client(keep)]
    assert "Stammdaten zusammengeführt" in whats and "Kontakt angelegt" in whats

    left = win.desk.clients.count()
    tab.delete_person()
    _settle(win)
    assert win.desk.clients.count() == left - 1
    assert win.desk.clients.search("Shevchenko") == []
    assert ws.pages.currentWidget() is ws.clients


def test_a_gap_report_without_names_refuses_the_persons_name(store):
    from kimdesk.casework.cases import CaseService
    from kimdesk.casework.clients import ClientService
    from kimdesk.casework.referrals import ReferralService
    from kimdesk.core.errors import DomainError

    client = ClientService(store).create("Shevchenko", given_names="Nadiia")
    case = CaseService(store).open_case(client, "process_support", TODAY)
    referrals = ReferralService(store)
    with pytest.raises(DomainError, match="enthält den Namen"):
        referrals.report_gap("no_offer", TODAY, "Frau Shevchenko findet keinen Kurs",
                             case_id=case)
    gap = referrals.report_gap("no_offer", TODAY, "Die Klientin findet keinen Kurs",
                               case_id=case)
    with pytest.raises(DomainError, match="enthält den Namen"):
        CorrectionService(store).correct("gap_report", gap,
                                         {"description": "Nadiia findet keinen Kurs"}, "x y z")
