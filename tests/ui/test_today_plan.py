"""Heute as a plan: appointments with times first, my steps apart from what others owe,
tick off, postpone, Wiedervorlage, landing on the entry, and a printable day list."""

from datetime import date, datetime, timedelta

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kimdesk.casework.cases import CaseService
from kimdesk.casework.clients import ClientService
from kimdesk.casework.plans import PlanService
from kimdesk.casework.today import SECTIONS, is_mine
from kimdesk.printing.day_list import build_day_list
from kimdesk.ui.akte.work_tabs import ContactsTab
from kimdesk.ui.day_list import save_day_list
from tests.ui.conftest import wait

TODAY = date.today()


def _settle(win) -> None:  # noqa: ANN001
    wait(win)
    wait(win)


def _plan(win):  # noqa: ANN001
    store = win.desk.store
    clients = {r.family_name: r.id for r in ClientService(store).all()}
    cases = CaseService(store)
    case = cases.open_case(clients["Al-Hassan"], "case_management", TODAY - timedelta(days=30))
    plans = PlanService(store)
    goal = plans.add_goal(case, "Wohnung gefunden", "housing")
    mine = plans.add_step(goal, "Vermieter anrufen", "Case Management", TODAY)
    theirs = plans.add_step(goal, "Unterlagen bringen", "Klientin", TODAY - timedelta(days=3))
    soon = (datetime.now() + timedelta(minutes=5)).replace(second=0, microsecond=0)
    if soon.date() != TODAY:  # just before midnight: the test's appointment must be today
        soon = datetime.combine(TODAY, datetime.max.time()).replace(second=0, microsecond=0)
    win.desk.appointments.schedule(clients["Kowalska"], soon.date(), soon.time(), "Rathaus")
    return clients, case, mine, theirs, soon


def test_is_mine_reads_who_does_the_step():
    assert is_mine("Case Management") and is_mine("Klient*in mit Case Management")
    assert is_mine("CM") and is_mine("Aylin Demir", actor="Aylin Demir")
    assert not is_mine("Jobcenter") and not is_mine("Klientin")


def test_heute_puts_appointments_first_and_my_steps_apart(desk_window):
    win = desk_window
    clients, _case, mine, theirs, soon = _plan(win)
    view = win.workspace.today
    win.workspace.show_today()
    _settle(win)
    heads = [view.tree.topLevelItem(i) for i in range(view.tree.topLevelItemCount())]
    assert heads[0].text(0) == "Termine heute (1)"
    assert all(h.isFirstColumnSpanned() for h in heads)  # section titles are never cut
    assert view.current() is not None  # Heute opens on an entry, never on a title
    assert heads[0].child(0).text(0) == f"{soon:%H:%M}"  # the time, not the date
    steps = next(h for h in heads if h.text(0).startswith("Meine fälligen Schritte"))
    others = next(h for h in heads if h.text(0).startswith("Andere sind dran"))
    assert [steps.child(i).text(2) for i in range(steps.childCount())] == \
        ["Vermieter anrufen (wer: Case Management)"]
    assert [others.child(i).text(2) for i in range(others.childCount())] == \
        ["Unterlagen bringen (wer: Klientin)"]

    view.tree.setCurrentItem(steps.child(0))
    view.done_button.click()
    _settle(win)
    step = PlanService(win.desk.store).plan(_case)[0].steps
    assert {s.id: s.status for s in step}[mine] == "done"

    others = next(view.tree.topLevelItem(i) for i in range(view.tree.topLevelItemCount())
                  if view.tree.topLevelItem(i).text(0).startswith("Andere sind dran"))
    view.tree.setCurrentItem(others.child(0))
    later = TODAY + timedelta(days=7)
    view.postpone_to.setText(later.strftime("%d.%m.%Y"))
    view.postpone_button.click()
    _settle(win)
    step = {s.id: s for s in PlanService(win.desk.store).plan(_case)[0].steps}[theirs]
    assert step.due_on == later
    assert "Verschoben" in win.messages.text()


def test_a_wiedervorlage_from_any_entry_shows_up_on_its_day(desk_window):
    win = desk_window
    clients, *_rest = _plan(win)
    view = win.workspace.today
    win.workspace.show_today()
    _settle(win)
    view.tree.setCurrentItem(view.tree.topLevelItem(0).child(0))  # the appointment
    view.new_reminder()
    dialog = view.reminder_dialog
    dialog.form.set_values({"due_on": TODAY.strftime("%d.%m.%Y"),
                            "text": "Nachfragen, ob der Bescheid da ist"})
    dialog.form.submit()
    _settle(win)
    _settle(win)
    reminders = view.agenda.sections["reminders"]
    assert [(r.client_id, r.text) for r in reminders] == \
        [(clients["Kowalska"], "Nachfragen, ob der Bescheid da ist")]
    assert "Wiedervorlage angelegt" in [h.what for h in
                                        win.desk.history.for_client(clients["Kowalska"])]


def test_heute_starts_on_the_first_entry_when_there_is_no_appointment(desk_window):
    win = desk_window
    store = win.desk.store
    client = ClientService(store).all()[0].id
    case = CaseService(store).open_case(client, "case_management", TODAY - timedelta(days=3))
    goal = PlanService(store).add_goal(case, "Deutsch lernen", "language")
    PlanService(store).add_step(goal, "Kursträger anrufen", "Case Management", TODAY)
    win.workspace.show_today()
    _settle(win)
    view = win.workspace.today
    assert view.tree.topLevelItem(0).text(0) == "Termine heute — nichts"
    # the first entry below the empty section (the backup reminder comes before the steps)
    assert view.current() is not None and view.current().kind in ("backup", "step")


def test_opening_an_appointment_lands_on_it(desk_window):
    win = desk_window
    clients, *_rest = _plan(win)
    view = win.workspace.today
    win.workspace.show_today()
    _settle(win)
    view.tree.setCurrentItem(view.tree.topLevelItem(0).child(0))
    view.open_button.click()
    _settle(win)
    assert win.workspace.file.client_id == clients["Kowalska"]
    assert win.workspace.file.tabs.currentWidget() is win.workspace.file.tab(ContactsTab)


def _reminders_section(view):  # noqa: ANN001, ANN202
    return next(view.tree.topLevelItem(i) for i in range(view.tree.topLevelItemCount())
                if view.tree.topLevelItem(i).text(0).startswith("Wiedervorlagen"))


def test_a_wiedervorlage_opens_on_the_entry_it_was_made_from(desk_window):
    from kimdesk.ui.akte.case_tab import CaseTab
    from kimdesk.ui.akte.plan_tab import PlanTab

    win = desk_window
    clients, case, mine, *_rest = _plan(win)
    view = win.workspace.today
    win.workspace.show_today()
    _settle(win)
    steps = next(view.tree.topLevelItem(i) for i in range(view.tree.topLevelItemCount())
                 if view.tree.topLevelItem(i).text(0).startswith("Meine fälligen Schritte"))
    view.tree.setCurrentItem(steps.child(0))  # "Vermieter anrufen"
    view.new_reminder()
    view.reminder_dialog.form.set_values({"due_on": TODAY.strftime("%d.%m.%Y"),
                                          "text": "Hat der Vermieter zurückgerufen?"})
    view.reminder_dialog.form.submit()
    _settle(win)
    _settle(win)
    # a Wiedervorlage made from that Wiedervorlage remembers the same step
    view.tree.setCurrentItem(_reminders_section(view).child(0))
    view.new_reminder()
    view.reminder_dialog.form.set_values({"due_on": TODAY.strftime("%d.%m.%Y"),
                                          "text": "Noch einmal beim Vermieter nachfragen"})
    view.reminder_dialog.form.submit()
    _settle(win)
    _settle(win)
    # and one made elsewhere, without an entry, still opens on its case
    win.desk.referrals.remind(TODAY, "Fall durchsehen", clients["Al-Hassan"], case)
    view.refresh()
    _settle(win)
    def line(text: str):  # noqa: ANN202 - Heute rebuilds its tree whenever it is shown
        section = _reminders_section(view)
        lines = {section.child(i).text(2): section.child(i)
                 for i in range(section.childCount())}
        assert set(lines) == {"Hat der Vermieter zurückgerufen?",
                              "Noch einmal beim Vermieter nachfragen", "Fall durchsehen"}
        return lines[text]

    for text in ("Hat der Vermieter zurückgerufen?", "Noch einmal beim Vermieter nachfragen"):
        win.workspace.show_today()
        _settle(win)
        view.tree.setCurrentItem(line(text))
        view.tree.setFocus()
        QTest.keyClick(view.tree, Qt.Key.Key_Return)
        _settle(win)
        file = win.workspace.file
        assert file.client_id == clients["Al-Hassan"]
        plan = file.tab(PlanTab)
        assert file.tabs.currentWidget() is plan
        assert tuple(plan.tree.currentItem().data(0, Qt.ItemDataRole.UserRole)) == \
            ("step", mine)
        assert win.focusWidget() is plan.tree
    win.workspace.show_today()
    _settle(win)
    view.tree.setCurrentItem(line("Fall durchsehen"))
    view.open_button.click()
    _settle(win)
    assert win.workspace.file.tabs.currentWidget() is win.workspace.file.tab(CaseTab)


def test_the_day_list_prints_appointments_and_my_steps(desk_window, tmp_path):
    win = desk_window
    clients, *_rest = _plan(win)
    view = win.workspace.today
    win.workspace.show_today()
    _settle(win)
    target = tmp_path / "tagesliste.pdf"
    save_day_list(view, view.agenda, target)
    _settle(win)
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Tagesliste — " in text and "Kowalska, Anna" in text
    assert "Vermieter anrufen" in text and "Rathaus" in text
    assert "Unterlagen bringen" not in text  # owed by others: not on the outreach list
    assert target.stat().st_mode & 0o077 == 0  # owner only
    assert build_day_list(view.agenda, SECTIONS)[:4] == b"%PDF"


def test_a_long_folded_section_gets_its_rows_when_opened(desk_window):
    """Heute with thousands of cases: "Andere sind dran" (folded, more than ten entries)
    builds its rows when it is first opened, not at start; then they are all there."""
    from kimdesk.casework.today import Agenda, TodayItem

    view = desk_window.workspace.today
    _settle(desk_window)
    today = date.today()
    others = [TodayItem(today, 1, f"Person {i}", f"Schritt {i} (wer: Jobcenter)", 1,
                        kind="step", ref_id=100 + i) for i in range(12)]
    mine = [TodayItem(today, 2, "Haddad, Rana", "Antrag stellen (wer: CM)", 2, kind="step",
                      ref_id=1)]
    agenda = Agenda(today, {"appointments": [], "steps": mine, "others": others},
                    {"appointments": 0, "steps": 1, "others": 12})
    view._show(agenda)
    heads = {view.tree.topLevelItem(i).text(0).rsplit(" (", 1)[0]: view.tree.topLevelItem(i)
             for i in range(view.tree.topLevelItemCount())}
    folded = heads[SECTIONS["others"]]
    assert heads[SECTIONS["steps"]].childCount() == 1
    assert not folded.isExpanded() and folded.childCount() == 0
    assert view.tree.currentItem().text(2) == "Antrag stellen (wer: CM)"
    folded.setExpanded(True)
    assert [folded.child(i).text(2) for i in range(folded.childCount())] == \
        [f"Schritt {i} (wer: Jobcenter)" for i in range(12)]
    folded.setExpanded(False)
    folded.setExpanded(True)  # filled once
    assert folded.childCount() == 12
