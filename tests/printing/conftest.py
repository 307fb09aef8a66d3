"""A client with a plan, an appointment, consents and referrals — for the printouts."""

from datetime import date, datetime, timedelta

import pytest

from kimdesk.casework.cases import CaseService
from kimdesk.casework.clients import ClientService
from kimdesk.casework.plans import PlanService
from kimdesk.casework.referrals import ReferralService
from kimdesk.store.models import Appointment

NOW = datetime(2025, 3, 12, 14, 5)


@pytest.fixture
def printable(store):
    """(store, ids): client 'Amal Haddad' with a case-management case and a plan."""
    clients = ClientService(store, actor="Maria Schneider")
    client_id = clients.create("Haddad", given_names="Amal", birth_date="03.1985",
                               languages=["ar"], address="Hauptstraße 5\n47533 Kleve",
                               municipality_id="kleve-kleve")
    clients.give_consent(client_id, "documentation", "10.01.2025")
    member_id = clients.add_household_member(client_id, "spouse", given_names="Karim",
                                             family_name="Haddad", birth_date="1982")
    clients.give_consent(client_id, "sharing", "10.01.2025", institution="Jobcenter Kreis Kleve",
                         note="Arbeitsvermittlung")
    case_id = CaseService(store).open_case(client_id, "case_management", "10.01.2025",
                                           case_manager="Maria Schneider")
    plans = PlanService(store)
    goal = plans.add_goal(case_id, "Amal besucht einen Integrationskurs und erreicht B1.",
                          life_area="language", created_on="15.01.2025")
    plans.add_step(goal, "Anmeldung beim Sprachkursträger", "Amal Haddad", "01.04.2025")
    plans.add_step(goal, "Berechtigung beim BAMF beantragen", "Case Management",
                   "15.03.2025")
    goal2 = plans.add_goal(case_id, "Die Kinder haben einen Kita-Platz.",
                           life_area="childcare", created_on="15.01.2025")
    plans.add_step(goal2, "Kita-Anmeldung im Portal ausfüllen", "Jugendamt", "30.04.2025")
    member_goal = plans.add_goal(case_id, "Karim lässt seinen Abschluss anerkennen.",
                                 life_area="recognition", member_id=member_id,
                                 created_on="15.01.2025")
    plans.add_step(member_goal, "Zeugnisse übersetzen lassen", "Karim Haddad", "30.05.2025")
    clients.give_consent(client_id, "sharing", "10.01.2025", institution="MBE Caritas Kleve")
    ReferralService(store).refer(case_id, "20.01.2025", institution_name="MBE Caritas Kleve",
                                 purpose="Beratung zur Anerkennung")
    with store.session() as s, s.begin():
        appt = Appointment(client_id=client_id, case_id=case_id,
                           starts_at=NOW + timedelta(days=5, hours=-4), duration_min=45,
                           place="Rathaus Kleve, Zimmer 12", note="Pass und Bescheid")
        s.add(appt)
        s.flush()
        appointment_id = appt.id
    return store, {"client": client_id, "case": case_id, "member": member_id,
                   "appointment": appointment_id, "today": date(2025, 3, 12)}
