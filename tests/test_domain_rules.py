"""Kleve 5.1's rules hold in the domain, on real encrypted stores."""

from datetime import date, timedelta

import pytest

from kimdesk.casework.cases import CaseService, ContactInput
from kimdesk.casework.clients import ClientService
from kimdesk.casework.directory import DirectoryService
from kimdesk.casework.plans import PlanService
from kimdesk.casework.referrals import ReferralService
from kimdesk.core.dates import PartialDate, parse_date
from kimdesk.core.errors import DomainError, NeedsTypeChangeError

TODAY = date.today()
START = TODAY - timedelta(days=60)


@pytest.fixture
def client_id(store):
    clients = ClientService(store)
    cid = clients.create("Haddad", given_names="Rania", birth_date="00.00.1988",
                         sex="f", nationalities=["SY"], languages=["ar"],
                         interpreter_needed=True, residence_status="ae_104c",
                         residence_expires_on=TODAY + timedelta(days=40),
                         municipality_id="kleve-goch")
    clients.give_consent(cid, "documentation", START)
    return cid


def contact(days_ago: int = 1, **kw) -> ContactInput:
    return ContactInput(date=TODAY - timedelta(days=days_ago), form="sprechstunde", **kw)


def test_short_intervention_past_five_sessions_asks_to_become_another_type(store, client_id):
    cases = CaseService(store)
    case = cases.open_case(client_id, "short_intervention", START)
    for i in range(5):
        cases.log_contact(case, contact(10 - i, life_areas=("language",)))
    with pytest.raises(NeedsTypeChangeError, match="höchstens 5 Kontakte"):
        cases.log_contact(case, contact(1))
    cases.change_type(case, "process_support", TODAY, "Mehr Themen als gedacht")
    cases.log_contact(case, contact(1))
    events = [(e.kind, e.from_value, e.to_value) for e in cases.get(case).events]
    assert ("type_changed", "short_intervention", "process_support") in events


def test_type_change_needs_a_reason(store, client_id):
    cases = CaseService(store)
    case = cases.open_case(client_id, "short_intervention", START)
    with pytest.raises(DomainError, match="begründen"):
        cases.change_type(case, "case_management", TODAY, "  ")


def test_closed_case_takes_no_contacts_until_reopened(store, client_id):
    cases = CaseService(store)
    case = cases.open_case(client_id, "process_support", START)
    cases.log_contact(case, contact(30))
    cases.close(case, TODAY - timedelta(days=20), "goals_reached")
    with pytest.raises(DomainError, match="abgeschlossen"):
        cases.log_contact(case, contact(1))
    with pytest.raises(DomainError, match="abgeschlossen"):
        PlanService(store).add_goal(case, "Ein Ziel")
    cases.reopen(case, TODAY - timedelta(days=2), "Wiedereintritt")
    cases.log_contact(case, contact(1))
    kinds = [e.kind for e in cases.get(case).events]
    assert kinds == ["opened", "closed", "reopened"]
    assert cases.get(case).closed_on is None


def test_plan_step_needs_a_responsible_party(store, client_id):
    cases, plans = CaseService(store), PlanService(store)
    case = cases.open_case(client_id, "case_management", START)
    goal = plans.add_goal(case, "Einen Integrationskurs abschließen", life_area="language")
    with pytest.raises(DomainError, match="verantwortliche"):
        plans.add_step(goal, "Anmeldung abgeben", responsible=" ")
    step = plans.add_step(goal, "Anmeldung abgeben", "Klientin", TODAY + timedelta(days=7))
    plans.set_step_status(step, "done")
    assert plans.plan(case)[0].steps[0].status == "done"


def test_goals_per_household_member(store, client_id):
    clients, cases, plans = ClientService(store), CaseService(store), PlanService(store)
    spouse = clients.add_household_member(client_id, "spouse", given_names="Omar",
                                          family_name="Haddad", birth_date="1985")
    case = cases.open_case(client_id, "case_management", START)
    plans.add_goal(case, "Berufssprachkurs beginnen", member_id=spouse)
    plans.add_goal(case, "Kita-Platz finden")
    other = clients.create("Fremd")
    clients.give_consent(other, "documentation", START)
    stranger = clients.add_household_member(other, "child", given_names="Kind")
    with pytest.raises(DomainError, match="Haushalt"):
        plans.add_goal(case, "Falsche Person", member_id=stranger)
    assert [g.member_id for g in plans.plan(case)] == [spouse, None]


def test_phases_only_in_case_management_and_backwards_needs_reason(store, client_id):
    cases = CaseService(store)
    short = cases.open_case(client_id, "short_intervention", START)
    with pytest.raises(DomainError, match="Case Management"):
        cases.change_phase(short, "assessment", TODAY)
    cm = cases.open_case(client_id, "case_management", START)
    for phase in ("assessment", "planning", "linking", "monitoring"):
        cases.change_phase(cm, phase, TODAY)
    with pytest.raises(DomainError, match="Begründung"):
        cases.change_phase(cm, "assessment", TODAY)
    cases.change_phase(cm, "assessment", TODAY, "Re-Assessment nach Umzug")
    assert cases.get(cm).phase == "assessment"


def test_access_path_two_needs_the_referring_institution(store, client_id):
    cases = CaseService(store)
    with pytest.raises(DomainError, match="Ebene 2"):
        cases.open_case(client_id, "case_management", START, access_path=2)
    case = cases.open_case(client_id, "case_management", START, access_path=2,
                           referred_by_type="jobcenter")
    assert cases.get(case).referred_by_type == "jobcenter"


def test_contacts_validate_dates_and_form(store, client_id):
    cases = CaseService(store)
    case = cases.open_case(client_id, "process_support", START)
    with pytest.raises(DomainError, match="kein gültiges Datum"):
        cases.log_contact(case, ContactInput(date="31.02.2026", form="phone"))
    with pytest.raises(DomainError, match="vor dem Fallbeginn"):
        cases.log_contact(case, contact(100))
    with pytest.raises(DomainError, match="Zukunft"):
        cases.log_contact(case, ContactInput(date=TODAY + timedelta(days=3), form="phone"))
    with pytest.raises(DomainError, match="Kontaktform"):
        cases.log_contact(case, ContactInput(date=TODAY, form="brieftaube"))
    cid = cases.log_contact(case, contact(1, life_areas=("work", "language", "work"),
                                          interpreter_used=True, duration_min=45))
    logged = cases.contacts(case)[0]
    assert logged.id == cid
    assert sorted(a.life_area for a in logged.life_areas) == ["language", "work"]


def test_assessment_referral_reminder_and_gap(store, client_id):
    cases, plans, refs = CaseService(store), PlanService(store), ReferralService(store)
    case = cases.open_case(client_id, "case_management", START)
    plans.assess(case, "childcare", TODAY, problems="Kein Kita-Platz", client_view="Will Kurs",
                 priority=1)
    plans.assess(case, "childcare", TODAY, problems="Kein Kita-Platz, Warteliste")  # same day
    assert len(plans.assessments(case)) == 1
    with pytest.raises(DomainError):
        plans.assess(case, "childcare", TODAY)
    service = DirectoryService(store).search(institution_type="kita")[0]
    ClientService(store).give_consent(client_id, "sharing", START, institution=service.name)
    ref = refs.refer(case, TODAY, service_id=service.id, purpose="Kita-Platz",
                     follow_up_on=TODAY + timedelta(days=14))
    with pytest.raises(DomainError, match="Nachfassen"):
        refs.refer(case, TODAY, institution_name="X", follow_up_on=TODAY - timedelta(days=1))
    refs.record_outcome(ref, "waiting_list", TODAY + timedelta(days=30))
    assert refs.referrals(case)[0].institution_name == service.name
    refs.remind(TODAY + timedelta(days=3), "Warteliste nachfragen", client_id, case)
    gap = refs.report_gap("no_childcare_place", TODAY, "Kein Kita-Platz im Planungsraum",
                          legal_system="sgb8", case_id=case)
    assert refs.gaps(case)[0].id == gap


def test_consent_for_sharing_names_the_institution_and_can_be_withdrawn(store, client_id):
    clients = ClientService(store)
    with pytest.raises(DomainError, match="bestimmte Stelle"):
        clients.give_consent(client_id, "sharing", TODAY)
    cid = clients.give_consent(client_id, "sharing", TODAY - timedelta(days=5),
                               institution="Jobcenter Kreis Kleve")
    assert clients.has_consent(client_id, "sharing", "Jobcenter Kreis Kleve")
    with pytest.raises(DomainError, match="vor der Einwilligung"):
        clients.withdraw_consent(cid, TODAY - timedelta(days=10))
    clients.withdraw_consent(cid, TODAY)
    assert not clients.has_consent(client_id, "sharing")


def test_partial_dates():
    assert PartialDate.parse("00.00.1988").iso() == "1988"
    assert PartialDate.parse("00.03.1988").iso() == "1988-03"
    assert PartialDate.parse("03.1988").german() == "03.1988"
    assert PartialDate.parse("12.3.1988").iso() == "1988-03-12"
    assert PartialDate.parse("unbekannt") is None
    with pytest.raises(DomainError, match="kein gültiges Datum"):
        PartialDate.parse("30.02.1988")
    assert parse_date("1.2.2025") == date(2025, 2, 1)
    assert PartialDate.parse("1988").age_on(date(2026, 11, 22)) == 37


def test_client_validation_and_audit_trail(store):
    clients = ClientService(store)
    with pytest.raises(DomainError, match="Familiennamen"):
        clients.create("  ")
    with pytest.raises(DomainError, match="Geburtsdatum"):
        clients.create("X", birth_date="32.01.2000")
    cid = clients.create("Kowalski", given_names="Anna", birth_date="1979")
    clients.update(cid, phone="0151 2345678", given_names="Anna Maria")
    from kimdesk.store.models import AuditEntry

    with store.session() as s:
        entries = [(e.action, e.summary) for e in s.query(AuditEntry).filter_by(client_id=cid)]
    assert entries == [("created", ""), ("updated", "given_names, phone")]
    assert all("0151" not in summary for _, summary in entries)  # names fields, not values
    clients.delete(cid)
    assert clients.search("kowalski") == []


def test_appointments_are_in_the_future_with_a_valid_time(store, client_id):
    from datetime import datetime

    from kimdesk.casework.appointments import AppointmentService

    appointments = AppointmentService(store)
    now = datetime(2026, 11, 22, 10, 0)
    with pytest.raises(DomainError, match="Uhrzeit"):
        appointments.schedule(client_id, "24.11.2026", "25:99", now=now)
    with pytest.raises(DomainError, match="Vergangenheit"):
        appointments.schedule(client_id, "21.11.2026", "09:00", now=now)
    aid = appointments.schedule(client_id, "24.11.2026", "14.30 Uhr", "Rathaus Goch", now=now)
    (row,) = appointments.upcoming(client_id, now=now)
    assert (row.id, row.starts_at, row.place) == (aid, datetime(2026, 11, 24, 14, 30),
                                                 "Rathaus Goch")
    appointments.cancel(aid)
    assert appointments.upcoming(client_id, now=now) == []
