"""Consent is enforced: a referral or exchange needs a current Schweigepflichtentbindung for
that institution; documentation beyond a Kurzintervention needs the documentation consent;
a withdrawal stops what depended on it from then on; an exception is recorded, never
silent."""

from datetime import date, timedelta

import pytest

from kimdesk.casework.cases import CaseService
from kimdesk.casework.clients import ClientService
from kimdesk.casework.consent_rules import ConsentMissingError, same_institution
from kimdesk.casework.history import HistoryService
from kimdesk.casework.plans import PlanService
from kimdesk.casework.referrals import ReferralService
from kimdesk.core.errors import DomainError
from kimdesk.store.models import ConsentException

TODAY = date.today()
START = TODAY - timedelta(days=30)


@pytest.fixture
def case(store):
    clients = ClientService(store, "Test CM")
    cid = clients.create("Haddad", given_names="Rania")
    return cid, CaseService(store, "Test CM").open_case(cid, "case_management", START)


def test_a_referral_needs_a_sharing_consent_for_that_institution(store, case):
    cid, case_id = case
    refs, clients = ReferralService(store, "Test CM"), ClientService(store, "Test CM")
    with pytest.raises(ConsentMissingError, match="Schweigepflichtentbindung gegenüber "
                                                  "Jobcenter Kreis Kleve") as err:
        refs.refer(case_id, TODAY, institution_name="Jobcenter Kreis Kleve")
    assert err.value.scope == "sharing" and err.value.action == "referral"
    clients.give_consent(cid, "sharing", START, institution="Caritas Goch")
    with pytest.raises(ConsentMissingError):  # another institution's consent does not count
        refs.refer(case_id, TODAY, institution_name="Jobcenter Kreis Kleve")
    clients.give_consent(cid, "sharing", START, institution="jobcenter  kreis kleve")
    assert refs.refer(case_id, TODAY, institution_name="Jobcenter Kreis Kleve")
    assert same_institution("Jobcenter Kreis-Kleve", "jobcenter kreis kleve")


def test_a_referral_from_the_directory_checks_the_services_name(store, case):
    from kimdesk.casework.directory import DirectoryService

    cid, case_id = case
    service = DirectoryService(store).search(institution_type="kita")[0]
    with pytest.raises(ConsentMissingError):
        ReferralService(store).refer(case_id, TODAY, service_id=service.id)
    ClientService(store).give_consent(cid, "sharing", START, institution=service.name)
    assert ReferralService(store).refer(case_id, TODAY, service_id=service.id)


def test_a_withdrawal_stops_what_depended_on_it_from_then_on(store, case):
    cid, case_id = case
    clients, refs = ClientService(store, "Test CM"), ReferralService(store, "Test CM")
    consent = clients.give_consent(cid, "sharing", START, institution="Jobcenter")
    before = refs.refer(case_id, TODAY - timedelta(days=5), institution_name="Jobcenter")
    said = clients.withdraw_consent(consent, TODAY - timedelta(days=2))
    assert "keine Vermittlung an Jobcenter" in said and "bleibt" in said
    # a referral that happened before the withdrawal may still be documented
    assert refs.refer(case_id, TODAY - timedelta(days=3), institution_name="Jobcenter")
    with pytest.raises(ConsentMissingError, match=r"widerrufen.*Seitdem"):
        refs.refer(case_id, TODAY, institution_name="Jobcenter")
    with pytest.raises(ConsentMissingError, match="Rückmeldung von Jobcenter"):
        refs.record_outcome(before, "service_received")
    assert [r.id for r in refs.referrals(case_id)][-1] == before  # nothing was lost


def test_documentation_beyond_the_minimum_needs_the_documentation_consent(store, case):
    cid, case_id = case
    clients, plans = ClientService(store, "Test CM"), PlanService(store, "Test CM")
    cases = CaseService(store, "Test CM")
    short = cases.open_case(clients.create("Nowak"), "short_intervention", START)
    from kimdesk.casework.cases import ContactInput

    cases.log_contact(short, ContactInput(TODAY, "phone", note="Kita-Anmeldung"))  # minimum
    for attempt in (lambda: plans.assess(case_id, "work", TODAY, problems="keine Arbeit"),
                    lambda: plans.add_goal(case_id, "Arbeit finden"),
                    lambda: clients.add_household_member(cid, "child", given_names="Lina")):
        with pytest.raises(ConsentMissingError, match="Einwilligung in die Dokumentation"):
            attempt()
    consent = clients.give_consent(cid, "documentation", START)
    goal = plans.add_goal(case_id, "Arbeit finden")
    plans.add_step(goal, "Bewerbung schreiben", "Klientin")
    clients.withdraw_consent(consent, TODAY)
    with pytest.raises(ConsentMissingError, match="widerrufen"):
        plans.add_step(goal, "Zweite Bewerbung", "Klientin")
    assert len(plans.plan(case_id)[0].steps) == 1


def test_an_exception_needs_a_reason_and_is_recorded_in_the_verlauf(store, case):
    cid, case_id = case
    refs = ReferralService(store, "Test CM")
    with pytest.raises(DomainError, match="begründen"):
        refs.refer(case_id, TODAY, institution_name="Jugendamt", exception_reason="eilig")
    rid = refs.refer(case_id, TODAY, institution_name="Jugendamt",
                     exception_reason="Gefahr für das Kindeswohl (§ 8a SGB VIII)")
    assert rid
    with store.session() as s:
        (row,) = s.query(ConsentException).all()
        assert (row.scope, row.institution, row.action, row.actor) == (
            "sharing", "Jugendamt", "referral", "Test CM")
        assert "Kindeswohl" in row.reason
    history = HistoryService(store).for_client(cid)
    assert [h.what for h in history[:2]] == [
        "Vermittlung angelegt", "Vermittlung ohne Einwilligung (Ausnahme begründet)"]
    assert "Kindeswohl" not in " ".join(h.detail for h in history)  # reason stays in its row
